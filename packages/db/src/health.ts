import type { DatabaseMode } from "./config";
import { type MigrationOptions, migrationStatus } from "./migrations/runner";

export interface DatabaseHealth {
  db: DatabaseMode;
  migrations: { applied: number; pending: number };
}

/** The database part of GET /api/health. Throws when the database cannot be reached. */
export async function databaseHealth(
  url: string,
  mode: DatabaseMode,
  options: MigrationOptions = {},
): Promise<DatabaseHealth> {
  const status = await migrationStatus(url, options);
  return { db: mode, migrations: { applied: status.applied, pending: status.pending } };
}
