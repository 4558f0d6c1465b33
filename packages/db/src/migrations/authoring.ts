import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { findRepoRoot } from "../config";
import { createScratchDatabase, embeddedTemplate } from "../scratch-database";
import { defaultMigrationsDir } from "./files";
import { applyMigrations } from "./runner";
import { diffDatabaseToSchema, type SchemaDiff } from "./schema-engine";

export interface AuthoringOptions {
  migrationsDir?: string;
  /** Default: <repo root>/prisma/schema.prisma. */
  schemaPath?: string;
  /** A PostgreSQL server for the scratch database; default TEST_DATABASE_URL, else an embedded server. */
  serverUrl?: string;
}

/**
 * What prisma/migrations lack to produce schema.prisma: applies every migration to a scratch database and
 * diffs that database against the schema. Empty means no drift.
 */
export async function diffMigrationsToSchema(options: AuthoringOptions = {}): Promise<SchemaDiff> {
  const schema = await readFile(options.schemaPath ?? defaultSchemaPath(), "utf8");
  const serverUrl = options.serverUrl ?? (process.env.TEST_DATABASE_URL || undefined);
  const scratch = await createScratchDatabase(
    serverUrl ? { serverUrl } : { embeddedTemplate: await embeddedTemplate("empty", async () => {}) },
  );
  try {
    await applyMigrations(scratch.url, { migrationsDir: options.migrationsDir ?? defaultMigrationsDir() });
    return await diffDatabaseToSchema(scratch.url, schema);
  } finally {
    await scratch.drop();
  }
}

const migrationName = /^[a-z0-9_]+$/;

/**
 * Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that brings the migrations up to
 * schema.prisma. Returns undefined (and writes nothing) when they already match.
 */
export async function createMigration(
  name: string,
  options: AuthoringOptions & { now?: Date } = {},
): Promise<{ folder: string; sql: string } | undefined> {
  const normalized = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (!migrationName.test(normalized)) {
    throw new Error(`migration name "${name}" may contain only letters, digits, spaces, - and _`);
  }
  const diff = await diffMigrationsToSchema(options);
  if (diff.empty) return undefined;
  const folder = join(
    options.migrationsDir ?? defaultMigrationsDir(),
    `${prismaTimestamp(options.now ?? new Date())}_${normalized}`,
  );
  await mkdir(folder, { recursive: false });
  await writeFile(join(folder, "migration.sql"), diff.sql);
  return { folder, sql: diff.sql };
}

function defaultSchemaPath(): string {
  return join(findRepoRoot(process.cwd()), "prisma", "schema.prisma");
}

/** yyyyMMddHHmmss in UTC, as Prisma names migration folders. */
export function prismaTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
