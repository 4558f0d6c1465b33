// @labnet/db: database modes (embedded PGlite or PostgreSQL), the Prisma client, and the migration runner.

export { type ConnectionBudget, connectionBudget } from "./budget";
export { createPrismaClient, type PrismaClientOptions } from "./client";
export { type DatabaseConfig, DatabaseConfigError, type DatabaseMode, getDatabaseConfig } from "./config";
export { DataDirLockedError } from "./data-dir-lock";
export {
  type EmbeddedPostgres,
  EmbeddedPostgresError,
  type EmbeddedPostgresOptions,
  type EmbeddedState,
  type SuperviseOptions,
  startEmbeddedPostgres,
} from "./embedded";
export { readEmbeddedState, writeEmbeddedState } from "./embedded-state";
export * from "./generated/prisma/client";
export {
  createHealthPool,
  type DatabaseHealth,
  databaseHealth,
  type HealthOptions,
  type HealthReport,
  healthReport,
} from "./health";
export {
  applyMigrations,
  MigrationFailedError,
  type MigrationOptions,
  type MigrationStatus,
  migrationStatus,
} from "./migrations/runner";
