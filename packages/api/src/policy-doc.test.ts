import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedSections, sectionOf } from "./policy-doc";

describe("docs/roles.md", () => {
  it.each(Object.keys(generatedSections))(
    "shows the enforced %s table (regenerate: npx tsx packages/api/scripts/write-roles-doc.ts)",
    (name) => {
      const doc = readFileSync(join(import.meta.dirname, "../../../docs/roles.md"), "utf8");
      expect(sectionOf(doc, name)).toBe(generatedSections[name]!());
    },
  );
});
