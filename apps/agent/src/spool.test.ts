import { describe, expect, it } from "vitest";
import { ProtocolError } from "./client";
import { spoolVerdict } from "./spool";

describe("spoolVerdict", () => {
  it.each([
    [400, "park"],
    [404, "park"],
    [409, "park"],
    [413, "park"],
    [422, "park"],
    [401, "stop"],
    [408, "stop"],
    [429, "stop"],
    [0, "stop"],
    [500, "retry-entry"],
    [502, "retry-entry"],
    [503, "retry-entry"],
  ] as const)("HTTP %i → %s", (status, verdict) => {
    expect(spoolVerdict(new ProtocolError(status, `status ${status}`))).toBe(verdict);
  });

  it("stops on anything that is not an answer from labnet", () => {
    expect(spoolVerdict(new Error("EACCES"))).toBe("stop");
  });
});
