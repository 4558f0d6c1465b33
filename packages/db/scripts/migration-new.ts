// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that
// brings the existing migrations up to prisma/schema.prisma. Offline: no Prisma engine download.
import { relative } from "node:path";
import { createMigration } from "../src/migrations/authoring";

const name = process.argv.slice(2).join(" ");
if (!name) {
  console.error("usage: npm run db:migration -- <name>   (e.g. add_lab_location)");
  process.exit(2);
}
try {
  const created = await createMigration(name);
  if (!created) {
    console.log("prisma/migrations already produce prisma/schema.prisma; no migration written.");
  } else {
    console.log(`wrote ${relative(process.cwd(), created.folder)}/migration.sql:\n\n${created.sql}`);
    console.log(
      "Review it (data moves, defaults for new NOT NULL columns), then commit it with the schema change.",
    );
  }
} catch (error) {
  console.error(`migration:new failed: ${(error as Error).message}`);
  process.exit(1);
}
