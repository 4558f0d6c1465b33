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

export interface HealthReport {
  httpStatus: 200 | 503;
  body: {
    status: "ok" | "degraded" | "error";
    db: DatabaseMode;
    version: string;
    migrations?: { applied: number; pending: number };
    reason?: string;
  };
}

/**
 * GET /api/health: 200 when the database answers and every migration is applied; otherwise 503
 * with a reason a person can act on.
 */
export async function healthReport(
  url: string,
  mode: DatabaseMode,
  version: string,
  options: MigrationOptions = {},
): Promise<HealthReport> {
  try {
    const status = await migrationStatus(url, options);
    const migrations = { applied: status.applied, pending: status.pending };
    if (status.failed.length > 0) {
      return {
        httpStatus: 503,
        body: {
          status: "degraded",
          db: mode,
          version,
          migrations,
          reason: `migration failed: ${status.failed.join(", ")} — see the start log`,
        },
      };
    }
    if (status.pending > 0) {
      return {
        httpStatus: 503,
        body: {
          status: "degraded",
          db: mode,
          version,
          migrations,
          reason: `${status.pending} migration(s) pending: restart labnet to apply them`,
        },
      };
    }
    return { httpStatus: 200, body: { status: "ok", db: mode, version, migrations } };
  } catch (error) {
    return {
      httpStatus: 503,
      body: {
        status: "error",
        db: mode,
        version,
        reason: `database unreachable: ${(error as Error).message}`,
      },
    };
  }
}
