// `npm run db:check`: fails, printing the missing SQL, when prisma/migrations do not produce exactly
// prisma/schema.prisma. Options: --migrations <dir> --schema <file> (defaults: the repository's).
import { parseArgs } from "node:util";
import { diffMigrationsToSchema } from "../src/migrations/authoring";

const { values } = parseArgs({ options: { migrations: { type: "string" }, schema: { type: "string" } } });
try {
  const diff = await diffMigrationsToSchema({ migrationsDir: values.migrations, schemaPath: values.schema });
  if (diff.empty) {
    console.log("no drift: prisma/migrations produce exactly prisma/schema.prisma");
  } else {
    console.error(
      "drift: prisma/schema.prisma differs from what prisma/migrations produce. " +
        "Author the missing migration with `npm run db:migration -- <name>`. Missing SQL:\n",
    );
    console.error(diff.sql);
    process.exit(1);
  }
} catch (error) {
  console.error(`migration:check failed: ${(error as Error).message}`);
  process.exit(2);
}
