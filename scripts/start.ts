// `npm start`: build, start the database (embedded PGlite unless DATABASE_URL is set), apply
// migrations, seed the demo team into an empty install, then serve the dashboard. Ctrl-C or
// SIGTERM stops the web server and the embedded database and frees the data folder. The embedded
// database is supervised: restarted after a crash, and when that fails labnet exits non-zero so a
// supervisor of its own (systemd, Docker) can start it again.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
// Only the configuration here: @labnet/db's index loads the generated Prisma client, which the build step
// below generates (on a fresh clone it may not exist yet).
import { getDatabaseConfig } from "@labnet/db/config";
import { portIsFree } from "./port";

const root = join(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const log = (message: string) => console.log(`[labnet] ${message}`);

let web: ChildProcess | null = null;
let stopDatabase: (() => Promise<void>) | null = null;
let stopping = false;

async function main() {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`PORT=${process.env.PORT} is not a port number (1-65535).`);
  await ensurePortFree(port);

  const config = getDatabaseConfig();
  // Owner-only: the folder holds the session secret and the embedded database.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const secret = await authSecret(config.dataDir);

  if (process.env.LABNET_SKIP_BUILD !== "1") {
    log("building the dashboard (cached after the first time) …");
    // The build depends on turbo's `generate` task: the Prisma client is generated here when missing or stale.
    await run("npx", ["turbo", "run", "build", "--filter=@labnet/web", "--output-logs=errors-only"], root);
  }
  const { isEmptyInstall, seedDemo } = await import("@labnet/api/seed");
  const { applyMigrations, connectionBudget, createPrismaClient, startEmbeddedPostgres, writeEmbeddedState } =
    await import("@labnet/db");

  let url: string;
  if (config.mode === "embedded") {
    log(`starting the embedded PostgreSQL in ${config.dataDir} …`);
    const dataDir = config.dataDir;
    const embedded = await startEmbeddedPostgres({
      dataDir,
      // A unix socket in the owner-only data folder: over 127.0.0.1 any local user could connect.
      listen: "socket",
      supervise: {
        onState(state) {
          // GET /api/health (in the web server process) reads it from the data folder.
          void writeEmbeddedState(dataDir, state).catch(() => {});
          if (state.status === "restarting")
            log(
              `the embedded PostgreSQL stopped (${state.lastExit}); restart ${state.attempt} of ${state.maxRestarts} …`,
            );
          if (state.status === "failed") {
            console.error(`[labnet] the embedded PostgreSQL could not be restarted: ${state.reason}`);
            void shutdown(1);
          }
        },
      },
    });
    await writeEmbeddedState(dataDir, embedded.state());
    stopDatabase = embedded.stop;
    url = embedded.url;
  } else {
    url = config.url!;
    log(`using PostgreSQL at ${redact(url)}`);
  }

  const migrations = await applyMigrations(url);
  log(
    migrations.applied.length > 0
      ? `applied ${migrations.applied.length} migration(s): ${migrations.applied.join(", ")}`
      : `database schema is up to date (${migrations.total} migrations)`,
  );

  if (process.env.LABNET_DEMO !== "0") {
    // The seed pool: all but one of the start-up connections budget.ts sets aside (2 of 3 when embedded).
    const db = createPrismaClient(url, { maxConnections: connectionBudget(config.mode).startup - 1 });
    try {
      if (await isEmptyInstall(db)) {
        await seedDemo(db, { secret });
        log("seeded the demo team — sign in as demo@labnet.local / labnet-demo");
      }
    } finally {
      await db.$disconnect();
    }
  }

  log(`serving the dashboard at http://localhost:${port} (Ctrl-C stops labnet)`);
  web = spawn(
    process.execPath,
    // apps/web/server.ts: Next.js behind a server that sets the client address from the socket.
    ["--import", "tsx", join(root, "apps/web/server.ts")],
    {
      cwd: join(root, "apps/web"),
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: url,
        LABNET_DB_MODE: config.mode,
        LABNET_DATA_DIR: config.dataDir,
        BETTER_AUTH_SECRET: secret,
        PORT: String(port),
      },
    },
  );
  web.on("exit", (code, signal) => {
    web = null;
    if (!stopping) {
      console.error(`[labnet] the web server stopped unexpectedly (${signal ?? `exit code ${code}`})`);
      void shutdown(1);
    }
  });
}

/** The session-signing secret: from the environment, or one kept per data folder (0600). */
async function authSecret(dataDir: string): Promise<string> {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = join(dataDir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

async function ensurePortFree(candidate: number): Promise<void> {
  if (!(await portIsFree(candidate)))
    fail(
      `port ${candidate} is already in use. Stop whatever listens there, or start labnet on another port: PORT=3001 npm start`,
    );
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
    child.on("error", reject);
  });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

function fail(message: string): never {
  console.error(`[labnet] ${message}`);
  process.exit(1);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping …");
  if (web) {
    const exited = new Promise((resolve) => web?.once("exit", resolve));
    web.kill("SIGTERM");
    const timer = setTimeout(() => web?.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (stopDatabase) await stopDatabase();
  log("stopped");
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

main().catch(async (error: Error) => {
  console.error(`[labnet] ${error.message}`);
  await shutdown(1);
});
