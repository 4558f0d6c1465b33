import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderRoleMatrix } from "./policy-doc";

describe("docs/roles.md", () => {
  it("shows the enforced role matrix (regenerate: npx tsx packages/api/scripts/write-roles-doc.ts)", () => {
    const doc = readFileSync(join(import.meta.dirname, "../../../docs/roles.md"), "utf8");
    const table = doc.split("<!-- matrix:start -->")[1]?.split("<!-- matrix:end -->")[0]?.trim();
    expect(table).toBe(renderRoleMatrix());
  });
});
