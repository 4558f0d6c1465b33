// Rewrites the role matrix in docs/roles.md from packages/api/src/policy.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRoleMatrix } from "../src/policy-doc";

const file = join(import.meta.dirname, "../../../docs/roles.md");
const [before, rest] = readFileSync(file, "utf8").split("<!-- matrix:start -->");
const after = rest!.split("<!-- matrix:end -->")[1];
writeFileSync(file, `${before}<!-- matrix:start -->\n${renderRoleMatrix()}\n<!-- matrix:end -->${after}`);
