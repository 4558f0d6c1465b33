// Prisma CLI configuration. labnet applies prisma/migrations itself at start (packages/db), so the CLI is
// needed only for `prisma generate`, which works offline; `prisma migrate deploy` also works on machines
// where Prisma can download its schema engine.
import { defineConfig } from "prisma/config";

// `env("DATABASE_URL")` would throw when the variable is unset, even for `prisma generate`; the fallback
// names the missing setting so a migrate command without it fails with a readable host name.
const unsetDatabaseUrl = "postgresql://postgres@DATABASE_URL-is-not-set.invalid:5432/labnet";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? unsetDatabaseUrl },
});
