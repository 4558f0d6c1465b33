// @labnet/db: database modes (embedded PGlite or PostgreSQL), the Prisma client, and the migration runner.

export { createPrismaClient, type PrismaClientOptions } from "./client";
export { type DatabaseConfig, DatabaseConfigError, type DatabaseMode, getDatabaseConfig } from "./config";
export { DataDirLockedError } from "./data-dir-lock";
export {
  type EmbeddedPostgres,
  EmbeddedPostgresError,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded";
export * from "./generated/prisma/client";
export { type DatabaseHealth, databaseHealth, type HealthReport, healthReport } from "./health";
export {
  applyMigrations,
  MigrationFailedError,
  type MigrationOptions,
  type MigrationStatus,
  migrationStatus,
} from "./migrations/runner";
