// Test helper: `import { createTestDatabase } from "@labnet/db/testing"`. Each call gives a migrated database
// of its own (one per test file is the intended use), so test files run in parallel.
import { createPrismaClient } from "./client";
import type { PrismaClient } from "./generated/prisma/client";
import { defaultMigrationsDir, readMigrations } from "./migrations/files";
import { applyMigrations } from "./migrations/runner";
import { createScratchDatabase, embeddedTemplate } from "./scratch-database";

export interface TestDatabase {
  url: string;
  kind: "postgres" | "embedded";
  prisma: PrismaClient;
  /** Disconnects and deletes the database (and the embedded server with its folder). */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  migrationsDir?: string;
}

/**
 * With TEST_DATABASE_URL: a new database labnet_t_<random> on that server, migrated. Without: an embedded
 * server on a temp folder, started from a copy of a template migrated once per set of migrations.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const serverUrl = process.env.TEST_DATABASE_URL || undefined;
  const scratch = await createScratchDatabase(
    serverUrl ? { serverUrl } : { embeddedTemplate: await migratedTemplate(migrationsDir) },
  );
  try {
    await applyMigrations(scratch.url, { migrationsDir });
    const prisma = createPrismaClient(scratch.url, { maxConnections: scratch.kind === "embedded" ? 4 : 10 });
    return {
      url: scratch.url,
      kind: scratch.kind,
      prisma,
      async drop() {
        await prisma.$disconnect();
        await scratch.drop();
      },
    };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

async function migratedTemplate(migrationsDir: string): Promise<string> {
  const migrations = await readMigrations(migrationsDir);
  const key = migrations.map((migration) => `${migration.name}:${migration.checksum}`).join("\n");
  return embeddedTemplate(`migrated\n${key}`, (url) => applyMigrations(url, { migrationsDir }));
}
