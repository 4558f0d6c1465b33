import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

export type DatabaseMode = "embedded" | "postgres";

export interface DatabaseConfig {
  mode: DatabaseMode;
  /** Set in postgres mode; in embedded mode the URL is known only once the server has started. */
  url?: string;
  /** Where the embedded database lives (used in embedded mode only). */
  dataDir: string;
}

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
  message: "must be a postgres:// or postgresql:// connection URL",
});

const environmentSchema = z.object({
  // An empty value (common in .env files) means "not set".
  DATABASE_URL: z.preprocess((value) => (value === "" ? undefined : value), postgresUrl.optional()),
  LABNET_DATA_DIR: z.preprocess((value) => (value === "" ? undefined : value), z.string().optional()),
});

export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

/**
 * Picks the database mode from the environment: real PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded PGlite database under LABNET_DATA_DIR (default <repo root>/.labnet).
 */
export function getDatabaseConfig(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DatabaseConfigError(`${issue.path.join(".")} ${issue.message}`);
  }
  const { DATABASE_URL: url, LABNET_DATA_DIR: dataDirSetting } = parsed.data;
  const dataDir = dataDirSetting ? resolve(dataDirSetting) : join(findRepoRoot(process.cwd()), ".labnet");
  return url ? { mode: "postgres", url, dataDir } : { mode: "embedded", dataDir };
}

/** The nearest folder at or above `start` whose package.json declares npm workspaces; `start` if none. */
export function findRepoRoot(start: string): string {
  let folder = resolve(start);
  for (;;) {
    if (declaresWorkspaces(join(folder, "package.json"))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return resolve(start);
    folder = parent;
  }
}

function declaresWorkspaces(packageJsonPath: string): boolean {
  if (!existsSync(packageJsonPath)) return false;
  try {
    return "workspaces" in JSON.parse(readFileSync(packageJsonPath, "utf8"));
  } catch {
    return false;
  }
}
