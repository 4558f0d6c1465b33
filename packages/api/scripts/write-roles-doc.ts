// Rewrites the generated tables in docs/roles.md from packages/api/src/policy.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatedSections, withSection } from "../src/policy-doc";

const file = join(import.meta.dirname, "../../../docs/roles.md");
let doc = readFileSync(file, "utf8");
for (const [name, render] of Object.entries(generatedSections)) doc = withSection(doc, name, render());
writeFileSync(file, doc);
