import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { findRepoRoot } from "../config";

export interface MigrationFile {
  /** The folder name, e.g. 20261122000000_init; also the migration_name Prisma records. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, exactly as Prisma computes it. */
  checksum: string;
}

/** Prisma's layout: <timestamp>_<name>/migration.sql. */
const migrationFolderName = /^\d{14}_[a-z0-9_]+$/;

export function defaultMigrationsDir(): string {
  return join(findRepoRoot(process.cwd()), "prisma", "migrations");
}

export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Every migration in `dir`, oldest first (Prisma orders by folder name). */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`migrations folder ${dir} does not exist`);
    }
    throw error;
  }
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of folders) {
    if (!migrationFolderName.test(name)) {
      throw new Error(
        `migration folder ${join(dir, name)} must be named <14-digit timestamp>_<lowercase_name>, like Prisma's`,
      );
    }
    const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
    migrations.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return migrations;
}
