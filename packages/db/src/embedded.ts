import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import pg from "pg";
import { connectionBudget } from "./budget";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";

export interface EmbeddedPostgres {
  /** postgres:// URL of the server: a unix socket in the data folder, or 127.0.0.1 only. */
  url: string;
  /** The TCP port, or null when the server listens on a unix socket. */
  port: number | null;
  /** PID of the server process (a new one after a supervised restart). */
  pid: number;
  /** Stops the server, waits until it has exited and releases the data folder. Safe to call twice. */
  stop(): Promise<void>;
  /** What the server is doing now; changes only when it dies unexpectedly (see `supervise`). */
  state(): EmbeddedState;
}

/** The embedded server's life as `npm start` and GET /api/health report it. */
export type EmbeddedState =
  | { status: "running"; pid: number; restarts: number }
  | { status: "restarting"; attempt: number; maxRestarts: number; lastExit: string; restarts: number }
  | { status: "failed"; reason: string; restarts: number };

export interface SuperviseOptions {
  /** Restarts in a row before giving up (a server that ran for `stableMs` starts a new series). Default 5. */
  maxRestarts?: number;
  /** Wait before restart `attempt` (1-based). Default 0.5 s, doubling, at most 8 s. */
  backoffMs?: (attempt: number) => number;
  /** Default 60 s. */
  stableMs?: number;
  /** Called on every change; `failed` means the server is gone for good and the owner should exit. */
  onState?: (state: EmbeddedState) => void;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /**
   * "socket": a unix socket inside the owner-only data folder, so no other local user can connect (the
   * server accepts any password). "tcp" (default): 127.0.0.1, for tests and tools that need a port.
   */
  listen?: "tcp" | "socket";
  /** TCP only. Default: a free port picked by the system. */
  port?: number;
  /** Default 120 s: the first start initialises a cluster, which takes a minute on a busy 2-core machine. */
  readyTimeoutMs?: number;
  /**
   * Restart the server on the same port when it dies unexpectedly, so the URL handed out stays valid.
   * Without it a dead server stays dead (state `failed`): right for tests and tooling, not for `npm start`.
   */
  supervise?: SuperviseOptions;
}

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const STOP_GRACE_MS = 10_000;
const KILL_WAIT_MS = 5_000;
const OUTPUT_LINES_KEPT = 40;

/** Preloaded into the server process: exits with its owner and keeps each client's queries whole. */
const SERVER_PRELOAD = new URL("./embedded-server-preload.mjs", import.meta.url).href;

/**
 * Starts PostgreSQL-in-WebAssembly (PGlite) as a child process owning `<dataDir>/pgdata`, served over the
 * PostgreSQL wire protocol, so the app, migrations and tests all use the same `pg` path as real PostgreSQL.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const lock = await acquireDataDirLock(options.dataDir);
  try {
    await restrictToOwner(options.dataDir);
    const server = await spawnServer(options, options.port, lock);
    return supervised(server, options, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

interface ServerProcess {
  child: ChildProcess;
  port: number | null;
  url: string;
  output: OutputTail;
}

/** Folder of the unix socket: pg finds `<folder>/.s.PGSQL.5432` from `?host=<folder>`. */
export function embeddedSocketDir(dataDir: string): string {
  return resolve(dataDir, "run");
}
const SOCKET_FILE = ".s.PGSQL.5432";
// sun_path holds 108 bytes on Linux, 104 on macOS, including the terminating NUL.
const SOCKET_PATH_MAX = 103;

async function listenArgs(options: EmbeddedPostgresOptions, requestedPort: number | null | undefined) {
  if (options.listen !== "socket") return [`--host=127.0.0.1`, `--port=${requestedPort ?? 0}`];
  const folder = embeddedSocketDir(options.dataDir);
  const socket = join(folder, SOCKET_FILE);
  if (Buffer.byteLength(socket) > SOCKET_PATH_MAX) {
    throw new EmbeddedPostgresError(
      `the data folder's path is too long for the database socket (${socket}); ` +
        "choose a shorter LABNET_DATA_DIR",
    );
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  // We hold the data folder's lock: a socket file left here belongs to a server that died with it.
  await rm(socket, { force: true });
  return [`--path=${socket}`];
}

function serverUrl(options: EmbeddedPostgresOptions, port: number | null): string {
  if (options.listen === "socket") {
    return `postgresql://postgres:postgres@localhost/postgres?host=${encodeURIComponent(embeddedSocketDir(options.dataDir))}`;
  }
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
}

async function spawnServer(
  options: EmbeddedPostgresOptions,
  requestedPort: number | null | undefined,
  lock: DataDirLock,
): Promise<ServerProcess> {
  const output = new OutputTail(OUTPUT_LINES_KEPT);
  let child: ChildProcess | undefined;
  try {
    const listen = await listenArgs(options, requestedPort);
    child = spawn(
      process.execPath,
      [
        "--import",
        SERVER_PRELOAD,
        pgliteServerScript(),
        `--db=${join(options.dataDir, "pgdata")}`,
        ...listen,
        `--max-connections=${connectionBudget("embedded").server}`,
      ],
      // Its own process group: Ctrl-C in a terminal reaches the owner only, which stops the web server first
      // and then this server; a server stopping by itself would look like a crash. If the owner dies, the
      // closed stdin pipe stops the server (see the preload).
      { stdio: ["pipe", "pipe", "pipe"], detached: true },
    );
    const listening = watchOutput(child, output);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
    const port = await raceStartup(child, listening, deadline, output, requestedPort ?? undefined);
    const url = serverUrl(options, port);
    await waitUntilQueryable(child, url, deadline, output);
    await lock.recordServerPid(child.pid!);
    return { child, port, url, output };
  } catch (error) {
    if (child) await terminate(child);
    throw error;
  }
}

/**
 * The data folder holds memberships, roles and session secrets: only its owner may read or change it. PGlite
 * writes its files with mode 666 whatever the umask, so the folder's 0700 is what keeps others out; the files
 * are narrowed to 0600 on every start too (also those of installs made before this rule).
 */
async function restrictToOwner(dataDir: string): Promise<void> {
  const narrow = async (folder: string): Promise<void> => {
    await chmod(folder, 0o700);
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await narrow(path);
      else if (entry.isFile()) await chmod(path, 0o600);
    }
  };
  await narrow(dataDir);
}
function pgliteServerScript(): string {
  // The package exports only its library; the server script sits next to it in dist/.
  const library = createRequire(import.meta.url).resolve("@electric-sql/pglite-socket");
  return join(dirname(library), "scripts", "server.js");
}

function supervised(
  first: ServerProcess,
  options: EmbeddedPostgresOptions,
  lock: DataDirLock,
): EmbeddedPostgres {
  const supervise = options.supervise;
  const maxRestarts = supervise?.maxRestarts ?? 5;
  const backoffMs = supervise?.backoffMs ?? ((attempt: number) => Math.min(8_000, 500 * 2 ** (attempt - 1)));
  const stableMs = supervise?.stableMs ?? 60_000;
  let current = first;
  let restarts = 0;
  let attemptsInSeries = 0;
  let state: EmbeddedState = { status: "running", pid: first.child.pid!, restarts };
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;
  const setState = (next: EmbeddedState) => {
    state = next;
    supervise?.onState?.(next);
  };

  const watch = (server: ServerProcess) => {
    const startedAt = Date.now();
    server.child.once("exit", (code, signal) => {
      if (stopping) return;
      const lastExit = signal ?? `exit code ${code}`;
      console.error(
        `labnet: the embedded PostgreSQL server (pid ${server.child.pid}) exited unexpectedly (${lastExit}); ` +
          `its last output:\n${server.output.text()}`,
      );
      if (!supervise) {
        setState({ status: "failed", reason: `the server exited (${lastExit})`, restarts });
        return;
      }
      if (Date.now() - startedAt >= stableMs) attemptsInSeries = 0;
      restarting = restart(lastExit);
    });
  };

  const restart = async (lastExit: string): Promise<void> => {
    let cause = lastExit;
    while (!stopping) {
      attemptsInSeries++;
      if (attemptsInSeries > maxRestarts) {
        setState({
          status: "failed",
          reason: `the server exited (${lastExit}) and ${maxRestarts} restart(s) failed; last: ${cause}`,
          restarts,
        });
        return;
      }
      setState({ status: "restarting", attempt: attemptsInSeries, maxRestarts, lastExit, restarts });
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attemptsInSeries)));
      if (stopping) return;
      try {
        // The same port: the web server and every pool keep the URL they were given.
        const server = await spawnServer(options, first.port, lock);
        current = server;
        if (stopping) return;
        restarts++;
        console.error(`labnet: the embedded PostgreSQL server is back (pid ${server.child.pid})`);
        setState({ status: "running", pid: server.child.pid!, restarts });
        watch(server);
        return;
      } catch (error) {
        cause = (error as Error).message.split("\n")[0]!;
      }
    }
  };

  watch(first);
  return {
    url: first.url,
    port: first.port,
    get pid() {
      return current.child.pid!;
    },
    state: () => state,
    stop() {
      stopping ??= (async () => {
        await restarting;
        await terminate(current.child);
        await lock.release();
      })();
      return stopping;
    },
  };
}

function watchOutput(child: ChildProcess, output: OutputTail): Promise<number | null> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      for (const line of output.add(chunk.toString("utf8"))) {
        const announced = /listening on (\{.*\})/.exec(line);
        if (announced) resolve((JSON.parse(announced[1]!) as { port?: number }).port ?? null);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
  });
}

async function raceStartup(
  child: ChildProcess,
  listening: Promise<number | null>,
  deadline: number,
  output: OutputTail,
  requestedPort: number | undefined,
): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const exited = once(child, "exit").then(([code, signal]) => {
    const portTaken = requestedPort !== undefined && output.text().includes("EADDRINUSE");
    throw new EmbeddedPostgresError(
      portTaken
        ? `port ${requestedPort} on 127.0.0.1 is already in use; stop whatever listens there or choose another port`
        : `the embedded PostgreSQL server exited during start (${signal ?? `exit code ${code}`}):\n${output.text()}`,
    );
  });
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new EmbeddedPostgresError(
            `the embedded PostgreSQL server did not start in time:\n${output.text()}`,
          ),
        ),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([listening, exited, timedOut]);
  } finally {
    clearTimeout(timer);
    exited.catch(() => {});
  }
}

async function waitUntilQueryable(
  child: ChildProcess,
  url: string,
  deadline: number,
  output: OutputTail,
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL server exited during start:\n${output.text()}`,
      );
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query("select 1");
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new EmbeddedPostgresError(
          `the embedded PostgreSQL server did not answer "select 1" in time (${(error as Error).message}):\n${output.text()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  if (await settlesWithin(exited, STOP_GRACE_MS)) return;
  child.kill("SIGKILL");
  if (!(await settlesWithin(exited, KILL_WAIT_MS))) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL server (pid ${child.pid}) did not exit after SIGKILL`,
    );
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines a child printed, for error messages. */
class OutputTail {
  private lines: string[] = [];
  private partial = "";
  constructor(private readonly limit: number) {}

  /** Adds a chunk and returns the lines it completed. */
  add(chunk: string): string[] {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    this.lines.push(...parts);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
    return parts;
  }

  text(): string {
    return [...this.lines, this.partial].filter(Boolean).join("\n");
  }
}
