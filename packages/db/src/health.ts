import pg from "pg";
import { connectionBudget } from "./budget";
import type { DatabaseMode } from "./config";
import type { EmbeddedState } from "./embedded";
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
    /** Embedded mode under `npm start`: the supervised server's state. */
    embedded?: EmbeddedState;
    reason?: string;
  };
}

export interface HealthOptions extends MigrationOptions {
  /** The embedded server's state as its supervisor last recorded it (see embedded-state.ts). */
  embedded?: EmbeddedState;
}

/**
 * The pool GET /api/health queries through: its own, within the mode's connection budget, so a health check
 * neither opens a connection per request nor waits behind a busy Prisma pool.
 */
export function createHealthPool(url: string, mode: DatabaseMode): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: connectionBudget(mode).health,
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection the server dropped (a restart of the embedded server) is replaced on the next check;
  // without a listener its error event would end the web server.
  pool.on("error", () => {});
  return pool;
}

/**
 * GET /api/health: 200 when the database answers and every migration is applied; otherwise 503
 * with a reason a person can act on. `database`: a URL, or a pool kept for health checks (a request then
 * costs no new connection).
 */
export async function healthReport(
  database: string | pg.Pool,
  mode: DatabaseMode,
  version: string,
  options: HealthOptions = {},
): Promise<HealthReport> {
  const { embedded } = options;
  const supervisor = embedded && { embedded };
  if (embedded && embedded.status !== "running") {
    return {
      httpStatus: 503,
      body: { status: "error", db: mode, version, ...supervisor, reason: embeddedReason(embedded) },
    };
  }
  try {
    const status = await migrationStatus(database, options);
    const migrations = { applied: status.applied, pending: status.pending };
    if (status.failed.length > 0) {
      return {
        httpStatus: 503,
        body: {
          status: "degraded",
          db: mode,
          version,
          migrations,
          ...supervisor,
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
          ...supervisor,
          reason: `${status.pending} migration(s) pending: restart labnet to apply them`,
        },
      };
    }
    return { httpStatus: 200, body: { status: "ok", db: mode, version, migrations, ...supervisor } };
  } catch (error) {
    return {
      httpStatus: 503,
      body: {
        status: "error",
        db: mode,
        version,
        ...supervisor,
        reason: `database unreachable: ${(error as Error).message}`,
      },
    };
  }
}

function embeddedReason(state: Exclude<EmbeddedState, { status: "running" }>): string {
  return state.status === "restarting"
    ? `the embedded database stopped (${state.lastExit}) and is being restarted ` +
        `(attempt ${state.attempt} of ${state.maxRestarts})`
    : `the embedded database is gone and labnet is stopping: ${state.reason}`;
}
