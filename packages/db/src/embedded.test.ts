import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError, LOCK_FILE_NAME } from "./data-dir-lock";
import {
  type EmbeddedPostgres,
  EmbeddedPostgresError,
  type EmbeddedPostgresOptions,
  type EmbeddedState,
  embeddedSocketDir,
  startEmbeddedPostgres,
} from "./embedded";
import { embeddedTemplate } from "./scratch-database";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  try {
    probe.listen(port, "127.0.0.1");
    await once(probe, "listening");
    return true;
  } catch {
    return false;
  } finally {
    probe.close();
  }
}

/** Every path under `folder` (itself included) whose mode lets anyone but the owner in, with that mode. */
async function openToOthers(folder: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string) => {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0) found.push(`${path} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const name of await readdir(path)) await visit(join(path, name));
  };
  await visit(folder);
  return found;
}

/** Connects to a unix socket as user nobody; answers "connected" or the error code. */
async function connectAsNobody(socket: string): Promise<string> {
  const probe = spawn(
    process.execPath,
    [
      "-e",
      `require("node:net").connect(process.argv[1]).on("connect", () => { console.log("connected"); process.exit(0); }).on("error", (e) => { console.log(e.code); process.exit(0); });`,
      socket,
    ],
    { uid: 65534, gid: 65534, stdio: ["ignore", "pipe", "inherit"] },
  );
  let answer = "";
  probe.stdout!.on("data", (chunk: Buffer) => {
    answer += chunk.toString();
  });
  await once(probe, "exit");
  return answer.trim();
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe("embedded PostgreSQL", () => {
  let dataDir: string;
  const started: EmbeddedPostgres[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "labnet-embedded-"));
    // Start from an initialised cluster: initialising one takes seconds and is not what is tested here.
    await cp(await embeddedTemplate("empty", async () => {}), join(dataDir, "pgdata"), { recursive: true });
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(options: Omit<EmbeddedPostgresOptions, "dataDir"> = {}): Promise<EmbeddedPostgres> {
    const server = await startEmbeddedPostgres({ dataDir, ...options });
    started.push(server);
    return server;
  }

  it("serves SQL on 127.0.0.1 and stops without leaving a process, the port or the lock behind", async () => {
    const server = await start();
    expect(server.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres`);
    expect(await query(server.url, "select 1 as one")).toEqual([{ one: 1 }]);
    expect(isAlive(server.pid)).toBe(true);

    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(await portIsFree(server.port!)).toBe(true);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    await server.stop(); // a second stop is harmless
  });

  it("refuses a second server on the same data folder", async () => {
    await start();
    const refusal = await startEmbeddedPostgres({ dataDir }).catch((error) => error);
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect(refusal.message).toContain(`in use by process ${process.pid}`);
  });

  it("keeps the data across a stop and a start", async () => {
    const first = await start();
    await query(first.url, "create table lab_note (text text); insert into lab_note values ('tinc up')");
    await first.stop();
    const second = await start();
    expect(await query(second.url, "select text from lab_note")).toEqual([{ text: "tinc up" }]);
  });

  it("says so when the requested port is taken", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const { port } = blocker.address() as { port: number };
    try {
      const failure = await startEmbeddedPostgres({ dataDir, port }).catch((error) => error);
      expect(failure).toBeInstanceOf(EmbeddedPostgresError);
      expect(failure.message).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("shuts the server down when its owner dies without stopping it", async () => {
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(new URL("./embedded.ts", import.meta.url).href)});
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify({ pid: server.pid, port: server.port }));
      setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let serverPid: number | undefined;
    try {
      const [line] = await once(owner.stdout!, "data");
      const server = JSON.parse(String(line)) as { pid: number; port: number };
      serverPid = server.pid;
      owner.kill("SIGKILL");
      await once(owner, "exit");

      expect(await waitFor(() => !isAlive(server.pid), 15_000)).toBe(true);
      expect(await portIsFree(server.port!)).toBe(true);
      // The lock is left behind, but both processes it names are gone: the next start takes it over.
      await start();
    } finally {
      if (owner.exitCode === null) owner.kill("SIGKILL");
      if (serverPid && isAlive(serverPid)) process.kill(serverPid, "SIGKILL");
    }
  });

  it("on a unix socket in the data folder: serves SQL, survives a restart, and refuses another local user", async () => {
    const server = await start({ listen: "socket", supervise: { backoffMs: () => 100 } });
    const socketDir = embeddedSocketDir(dataDir);
    expect(server.port).toBeNull();
    expect(server.url).toBe(
      `postgresql://postgres:postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`,
    );
    await query(server.url, "create table membership (role text); insert into membership values ('owner')");
    expect((await stat(socketDir)).mode & 0o777).toBe(0o700);

    // Another uid (nobody) tries the socket itself: the owner-only folder refuses it before the server sees it.
    // Switching uid needs root, which CI is; elsewhere the folder mode above is the check.
    if (process.getuid?.() === 0)
      await expect(connectAsNobody(join(socketDir, ".s.PGSQL.5432"))).resolves.toBe("EACCES");

    // A crash leaves the socket file behind: the restart replaces it and the URL stays valid.
    const firstPid = server.pid;
    process.kill(firstPid, "SIGKILL");
    expect(await waitFor(() => server.state().status === "running" && server.pid !== firstPid, 30_000)).toBe(
      true,
    );
    expect(await query(server.url, "select role from membership")).toEqual([{ role: "owner" }]);
  });

  it("keeps the data folder to its owner: folders 0700, files 0600, also while the server writes", async () => {
    // The template was copied with PGlite's own modes (files 666): a start narrows them.
    const server = await start();
    await query(server.url, "create table membership (role text); insert into membership values ('owner')");
    expect(await openToOthers(dataDir)).toEqual([]);
    await server.stop();
    expect(await openToOthers(dataDir)).toEqual([]);
  });

  it("restarts a killed server on the same URL and keeps its data", async () => {
    const states: EmbeddedState[] = [];
    const server = await start({
      supervise: { backoffMs: () => 100, onState: (state) => states.push(state) },
    });
    await query(
      server.url,
      "create table lab_note (text text); insert into lab_note values ('before the crash')",
    );
    const firstPid = server.pid;

    process.kill(firstPid, "SIGKILL");
    expect(await waitFor(() => server.state().status === "running" && server.pid !== firstPid, 30_000)).toBe(
      true,
    );

    expect(isAlive(firstPid)).toBe(false);
    expect(await query(server.url, "select text from lab_note")).toEqual([{ text: "before the crash" }]);
    expect(states.map((state) => state.status)).toEqual(["restarting", "running"]);
    expect(states[0]).toMatchObject({ attempt: 1, maxRestarts: 5, lastExit: "SIGKILL" });
    expect(server.state()).toMatchObject({ status: "running", restarts: 1, pid: server.pid });
    // The restarted server is the one named in the lock, and stop() ends it.
    await server.stop();
    expect(await waitFor(() => !isAlive(server.pid), 5_000)).toBe(true);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it("gives up after the allowed restarts and says why", async () => {
    const states: EmbeddedState[] = [];
    const server = await start({
      supervise: { maxRestarts: 1, backoffMs: () => 500, onState: (state) => states.push(state) },
    });
    const exited = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (!isAlive(server.pid)) resolve(clearInterval(poll));
      }, 10);
    });
    process.kill(server.pid, "SIGKILL");
    await exited;
    // Something else takes the port while the server is down: the restart cannot bind it.
    const squatter = createServer().listen(server.port!, "127.0.0.1");
    await once(squatter, "listening");
    try {
      expect(await waitFor(() => server.state().status === "failed", 30_000)).toBe(true);
      expect(states.map((state) => state.status)).toEqual(["restarting", "failed"]);
      expect(server.state()).toMatchObject({ status: "failed", restarts: 0 });
      expect((server.state() as { reason: string }).reason).toMatch(
        /^the server exited \(SIGKILL\) and 1 restart\(s\) failed; last: port \d+ on 127\.0\.0\.1 is already in use/,
      );
    } finally {
      squatter.close();
    }
  });

  it("without supervision a killed server stays down and its state says so", async () => {
    const server = await start();
    process.kill(server.pid, "SIGKILL");
    expect(await waitFor(() => server.state().status === "failed", 10_000)).toBe(true);
    expect(server.state()).toEqual({ status: "failed", reason: "the server exited (SIGKILL)", restarts: 0 });
  });
});
