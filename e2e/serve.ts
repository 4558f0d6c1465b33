// Starts one labnet for the e2e run on a database of its own: a fresh embedded data folder, or a
// fresh database on the TEST_DATABASE_URL server. Both are removed when the run stops it.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const [mode, port, limits] = process.argv.slice(2) as ["embedded" | "postgres", string, string?];
const root = join(import.meta.dirname, "..");
// test:e2e built the app once before starting both servers.
// A third argument "rate-limit" keeps the sign-in limits on (apps/web/test/edge.test.ts tests them).
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: port,
  LABNET_RATE_LIMIT: limits === "rate-limit" ? "1" : "0",
  LABNET_SKIP_BUILD: "1",
};
delete env.DATABASE_URL;
let cleanup: () => Promise<void> = async () => {};

if (mode === "embedded") {
  const dataDir = await mkdtemp(join(tmpdir(), "labnet-e2e-"));
  env.LABNET_DATA_DIR = dataDir;
  cleanup = () => rm(dataDir, { recursive: true, force: true });
} else {
  const server = new URL(process.env.TEST_DATABASE_URL!);
  const name = `labnet_e2e_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server.href });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.href);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.href;
  env.LABNET_DATA_DIR = await mkdtemp(join(tmpdir(), "labnet-e2e-pg-"));
  cleanup = async () => {
    await rm(env.LABNET_DATA_DIR!, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: server.href });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
}

// The first server builds; the second finds turbo's cache warm.
const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  cwd: root,
  env,
  stdio: "inherit",
});
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", async (code) => {
  await cleanup().catch((error) => console.error(`e2e cleanup failed: ${error}`));
  process.exit(code ?? 0);
});
