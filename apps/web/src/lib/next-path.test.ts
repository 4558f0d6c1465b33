import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeNextPath("/invite/abc")).toBe("/invite/abc");
    expect(safeNextPath("/insight/paths?from=a&to=b#hop")).toBe("/insight/paths?from=a&to=b#hop");
  });

  it.each([
    null,
    "",
    "//other-host/x",
    "/\\other-host/x",
    "\\\\other-host",
    "https://other-host/x",
    "javascript:alert(1)",
    "/\t/other-host",
    "/\n/other-host",
    "labs",
  ])("refuses %j and falls back to /labs", (next) => {
    expect(safeNextPath(next)).toBe("/labs");
  });

  it("never leads off-site, whatever the string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string(), (prefix, rest) => {
        for (const next of [prefix, `/${prefix}`, `//${rest}`, `/${prefix}/${rest}`]) {
          const path = safeNextPath(next);
          // Resolved against the site, the result stays on the site.
          expect(new URL(path, "https://labnet.example").origin).toBe("https://labnet.example");
          expect(path.startsWith("/")).toBe(true);
          expect(path.startsWith("//")).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
