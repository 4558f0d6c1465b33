import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import pg from "pg";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";

export interface EmbeddedPostgres {
  /** postgres:// URL of the server, bound to 127.0.0.1 only. */
  url: string;
  port: number;
  /** PID of the server process. */
  pid: number;
  /** Stops the server, waits until it has exited and releases the data folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Default: a free port picked by the system. */
  port?: number;
  /** Default 30 s. */
  readyTimeoutMs?: number;
}

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const MAX_CONNECTIONS = 10;
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
  const output = new OutputTail(OUTPUT_LINES_KEPT);
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      process.execPath,
      [
        "--import",
        SERVER_PRELOAD,
        pgliteServerScript(),
        `--db=${join(options.dataDir, "pgdata")}`,
        "--host=127.0.0.1",
        `--port=${options.port ?? 0}`,
        `--max-connections=${MAX_CONNECTIONS}`,
      ],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    const listening = watchOutput(child, output);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    const port = await raceStartup(child, listening, deadline, output, options.port);
    const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
    await waitUntilQueryable(child, url, deadline, output);
    await lock.recordServerPid(child.pid!);
    return running(child, url, port, lock, output);
  } catch (error) {
    if (child) await terminate(child);
    await lock.release();
    throw error;
  }
}

function pgliteServerScript(): string {
  // The package exports only its library; the server script sits next to it in dist/.
  const library = createRequire(import.meta.url).resolve("@electric-sql/pglite-socket");
  return join(dirname(library), "scripts", "server.js");
}

function running(
  child: ChildProcess,
  url: string,
  port: number,
  lock: DataDirLock,
  output: OutputTail,
): EmbeddedPostgres {
  let stopping: Promise<void> | undefined;
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(
      `labnet: the embedded PostgreSQL server (pid ${child.pid}) exited unexpectedly ` +
        `(${signal ?? `exit code ${code}`}); its last output:\n${output.text()}`,
    );
  });
  return {
    url,
    port,
    pid: child.pid!,
    stop() {
      stopping ??= terminate(child).then(() => lock.release());
      return stopping;
    },
  };
}

function watchOutput(child: ChildProcess, output: OutputTail): Promise<number> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      for (const line of output.add(chunk.toString("utf8"))) {
        const announced = /listening on (\{.*\})/.exec(line);
        if (announced) resolve((JSON.parse(announced[1]!) as { port: number }).port);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
  });
}

async function raceStartup(
  child: ChildProcess,
  listening: Promise<number>,
  deadline: number,
  output: OutputTail,
  requestedPort: number | undefined,
): Promise<number> {
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
