import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { access, cp, mkdtemp, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded";

export interface ScratchDatabase {
  url: string;
  kind: "postgres" | "embedded";
  /** Deletes the database and everything it used (server process, temp folder). */
  drop(): Promise<void>;
}

export interface ScratchDatabaseOptions {
  /** A PostgreSQL server to create the database on; without it an embedded server is started. */
  serverUrl?: string;
  /** Embedded only: a cleanly stopped pgdata folder to start from instead of an empty one. */
  embeddedTemplate?: string;
}

/** A throw-away database of its own, so callers (test files, migration tooling) can run in parallel. */
export async function createScratchDatabase(options: ScratchDatabaseOptions = {}): Promise<ScratchDatabase> {
  return options.serverUrl ? createOnServer(options.serverUrl) : createEmbedded(options.embeddedTemplate);
}

async function createOnServer(serverUrl: string): Promise<ScratchDatabase> {
  const name = `labnet_t_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: "postgres",
    drop: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function createEmbedded(template: string | undefined): Promise<ScratchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), "labnet-db-"));
  try {
    if (template) await cp(template, join(dataDir, "pgdata"), { recursive: true });
    const server = await startEmbeddedPostgres({ dataDir });
    return {
      url: server.url,
      kind: "embedded",
      async drop() {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function withAdminClient(
  serverUrl: string,
  work: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A cleanly stopped pgdata folder in the temp dir, built once per `key` (and PGlite version) and shared by every
 * process: a fresh PGlite cluster takes seconds to initialise, a copy of a template starts in under one.
 * `prepare` runs against the template's server before it is stopped (e.g. to apply migrations).
 */
export async function embeddedTemplate(
  key: string,
  prepare: (url: string) => Promise<unknown>,
): Promise<string> {
  const id = createHash("sha256").update(`${pgliteVersion()}\n${key}`).digest("hex").slice(0, 16);
  const template = join(tmpdir(), `labnet-pgdata-template-${id}`);
  if (!(await exists(template))) {
    // Built aside and renamed into place, so parallel processes never see a half-built template.
    const draft = await mkdtemp(`${template}-draft-`);
    try {
      const server = await startEmbeddedPostgres({ dataDir: draft });
      try {
        await prepare(server.url);
      } finally {
        await server.stop();
      }
      await rename(draft, template).catch((error: NodeJS.ErrnoException) => {
        // Another process finished the same template first: use theirs.
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(draft, { recursive: true, force: true });
    }
  }
  return join(template, "pgdata");
}

function pgliteVersion(): string {
  // The package does not export its package.json; find it above its entry point.
  let folder = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
      if (manifest.name === "@electric-sql/pglite") return manifest.version;
    } catch {
      // no package.json here
    }
    const parent = dirname(folder);
    if (parent === folder) return "unknown";
    folder = parent;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
