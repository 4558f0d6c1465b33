import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findingRules } from "./findings/catalogue";

const docsFile = join(import.meta.dirname, "..", "..", "..", "docs", "simulation.md");

/** The rules table of docs/simulation.md, generated from the catalogue so it cannot drift. */
function rulesTable(): string {
  const rows = findingRules.map(
    (rule) => `| \`${rule.id}\` | ${rule.severity} | ${rule.title} | ${rule.mechanism} |`,
  );
  return ["| id | severity | title | mechanism |", "|---|---|---|---|", ...rows].join("\n");
}

describe("docs/simulation.md", () => {
  it("lists exactly the rules of the catalogue", () => {
    const text = readFileSync(docsFile, "utf8");
    const table = text.split("<!-- rules:start -->\n")[1]?.split("\n<!-- rules:end -->")[0];
    expect(table).toBe(rulesTable());
  });
});
