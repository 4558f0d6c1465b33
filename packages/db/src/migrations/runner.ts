import { randomUUID } from "node:crypto";
import pg from "pg";
import { defaultMigrationsDir, type MigrationFile, readMigrations } from "./files";

/** The key Prisma's own migrate commands lock with, so labnet and `prisma migrate deploy` also serialise. */
const PRISMA_MIGRATION_LOCK_KEY = 72707369;

// Prisma's DDL for its history table, column for column, so `prisma migrate deploy/status` read our rows.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationOptions {
  /** Default: <repo root>/prisma/migrations. */
  migrationsDir?: string;
  /** How long to wait for another applier to finish. Default 60 s. */
  lockTimeoutMs?: number;
}

export interface MigrationStatus {
  applied: number;
  pending: number;
  /** Migrations recorded as failed and not yet rolled back: start is refused until they are resolved. */
  failed: string[];
  /** Applied migrations whose migration.sql changed since (Prisma warns about these too). */
  modified: string[];
}

export class MigrationFailedError extends Error {
  override name = "MigrationFailedError";
  constructor(
    readonly migrationName: string,
    detail: string,
  ) {
    super(
      `Database migration ${migrationName} failed: ${detail}\n` +
        "It was rolled back and recorded as failed in _prisma_migrations; labnet will not start until it is resolved. " +
        "Fix the cause (the migration SQL or the data it trips on), then mark it rolled back with " +
        `\`npx prisma migrate resolve --rolled-back ${migrationName}\` or, in SQL, ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${migrationName}' AND finished_at IS NULL; ` +
        "and start again.",
    );
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/**
 * Applies every pending migration, each in its own transaction, recording it in Prisma's `_prisma_migrations`
 * table. Concurrent appliers (several app instances, or `prisma migrate deploy`) are serialised with Prisma's
 * advisory lock; each migration is re-checked inside its transaction, which also covers the embedded server,
 * where all connections share one session and so share advisory locks.
 */
export async function applyMigrations(
  url: string,
  options: MigrationOptions = {},
): Promise<{ applied: string[]; total: number }> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  return withClient(url, async (client) => {
    await acquireMigrationLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      refuseIfFailed(await readHistory(client));
      const applied: string[] = [];
      for (const migration of migrations) {
        if (await applyOne(client, migration)) applied.push(migration.name);
      }
      return { applied, total: migrations.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK_KEY]);
    }
  });
}

/** `database`: a URL (one connection, opened and closed) or a pool that is kept, as GET /api/health does. */
export async function migrationStatus(
  database: string | pg.Pool,
  options: MigrationOptions = {},
): Promise<MigrationStatus> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const history =
    typeof database === "string" ? await withClient(database, readHistory) : await readHistory(database);
  const done = new Map(
    history.filter((row) => row.finished_at && !row.rolled_back_at).map((row) => [row.migration_name, row]),
  );
  return {
    applied: migrations.filter((migration) => done.has(migration.name)).length,
    pending: migrations.filter((migration) => !done.has(migration.name)).length,
    failed: failedMigrations(history),
    modified: migrations
      .filter((migration) => {
        const row = done.get(migration.name);
        return row !== undefined && row.checksum !== migration.checksum;
      })
      .map((migration) => migration.name),
  };
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<boolean> {
  await client.query("BEGIN");
  try {
    const alreadyApplied = await client.query(
      `SELECT 1 FROM "_prisma_migrations"
        WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [migration.name],
    );
    if (alreadyApplied.rowCount) {
      await client.query("COMMIT");
      return false;
    }
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK");
    const detail = describeSqlError(error);
    // Recorded outside the rolled-back transaction so the failure survives, as `prisma migrate deploy` does.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, now(), 0)`,
      [randomUUID(), migration.checksum, migration.name, detail],
    );
    throw new MigrationFailedError(migration.name, detail);
  }
}

function refuseIfFailed(history: HistoryRow[]): void {
  const failed = failedMigrations(history);
  if (failed.length > 0) {
    const name = failed[0]!;
    const logs = history.find((row) => row.migration_name === name && isFailed(row))?.logs;
    throw new MigrationFailedError(name, logs ?? "recorded as failed by an earlier run");
  }
}

function failedMigrations(history: HistoryRow[]): string[] {
  return [...new Set(history.filter(isFailed).map((row) => row.migration_name))];
}

function isFailed(row: HistoryRow): boolean {
  return !row.finished_at && !row.rolled_back_at;
}

async function readHistory(client: pg.Client | pg.Pool): Promise<HistoryRow[]> {
  const exists = await client.query<{ table: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS "table"`,
  );
  if (!exists.rows[0]?.table) return [];
  const result = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

async function acquireMigrationLock(client: pg.Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_MIGRATION_LOCK_KEY,
    ]);
    if (result.rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new Error(
        `another process has been applying database migrations for over ${Math.round(timeoutMs / 1000)} s ` +
          `(advisory lock ${PRISMA_MIGRATION_LOCK_KEY} is held); wait for it to finish and start again`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function describeSqlError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, position } = error as Error & { code?: string; position?: string };
  const details = [code && `SQLSTATE ${code}`, position && `at character ${position}`].filter(Boolean);
  return details.length > 0 ? `${error.message} (${details.join(", ")})` : error.message;
}
