import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findingRules } from "./findings/catalogue";

const docsFile = join(import.meta.dirname, "..", "..", "..", "docs", "simulation.md");

describe("docs/simulation.md", () => {
  it("lists exactly the rules of the catalogue (cells compared: the formatter may re-pad the table)", () => {
    const text = readFileSync(docsFile, "utf8");
    const table = text.split("<!-- rules:start -->")[1]?.split("<!-- rules:end -->")[0] ?? "";
    const rows = table
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) =>
        line
          .slice(1, -1)
          .split(" | ")
          .map((cell) => cell.trim()),
      );
    expect(rows).toEqual(
      findingRules.map((rule) => [`\`${rule.id}\``, rule.severity, rule.title, rule.mechanism]),
    );
  });
});
