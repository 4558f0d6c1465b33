// `npm run newcomer`: what a new user does, timed. Clones this checkout into a temp folder, runs the README's
// `npm install && npm start` there (no DATABASE_URL: the embedded database) on a free port, waits for
// /api/health, signs in over HTTP as the demo user from 127.0.0.1 and from this machine's own non-loopback
// address, loads the Labs page, puts 10 dashboard users on it after an idle spell, and stops it as Ctrl-C
// would. `--second-start '<command>'` starts the same clone a second time with another README command (CI: on
// PostgreSQL). Prints each phase's seconds; exits 1 when a check fails. CI runs it; `npm run bench` times it.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { portIsFree } from "./port";

const DEMO = { email: "demo@labnet.local", password: "labnet-demo" };
/** The demo team's labs (packages/model/src/demo.ts): the Labs page must list them. */
const DEMO_LAB_NAMES = ["berlin", "munich", "hamburg"];
const HEALTHY_TIMEOUT_MS = 15 * 60_000;
const STOP_TIMEOUT_MS = 60_000;
/** The load after idle when no option says otherwise (CI and `npm run bench` use these). */
export const LOAD_DEFAULTS = { idleSeconds: 15, loadSeconds: 10, users: 10 };

export interface Phase {
  name: string;
  seconds: number;
}

export interface StartReport {
  command: string;
  phases: Phase[];
  /** Requests the load phase sent, and how many were not answered with 2xx. */
  load: { requests: number; failed: number; errors: number; p99Ms: number };
  /** Checks that failed after the server was up (a refused sign-in, a failed request under load). */
  problems: string[];
}

export interface NewcomerReport {
  clone: Phase;
  starts: StartReport[];
  /** Fresh clone → first healthy answer, in seconds (clone + install + start). */
  cloneToHealthy: number;
}

export interface NewcomerOptions {
  /** The repository to clone (default: this checkout). */
  source?: string;
  /** The first start, run in the fresh clone (default: the README's `npm install && npm start`). */
  command?: string;
  /** A second start in the same clone. */
  secondStart?: string;
  /** Idle seconds before the load, and the load's seconds and users. */
  idleSeconds?: number;
  loadSeconds?: number;
  users?: number;
  log?: (line: string) => void;
}

export class NewcomerError extends Error {
  override name = "NewcomerError";
}

export async function newcomer(options: NewcomerOptions = {}): Promise<NewcomerReport> {
  const log = options.log ?? ((line: string) => console.error(`[newcomer] ${line}`));
  const source = options.source ?? join(import.meta.dirname, "..");
  const folder = await mkdtemp(join(tmpdir(), "labnet-newcomer-"));
  const clone = join(folder, "labnet");
  try {
    log(`git clone ${source} ${clone}`);
    const cloneStarted = performance.now();
    await run("git", ["clone", "--quiet", source, clone], folder);
    const clonePhase = { name: "clone", seconds: seconds(cloneStarted) };
    const starts: StartReport[] = [];
    for (const command of [options.command ?? "npm install && npm start", options.secondStart]) {
      if (!command) continue;
      starts.push(await startOnce(clone, command, options, log));
    }
    const first = starts[0]!.phases;
    const untilHealthy = first.slice(0, first.findIndex((phase) => phase.name === "start → healthy") + 1);
    return {
      clone: clonePhase,
      starts,
      cloneToHealthy: clonePhase.seconds + untilHealthy.reduce((sum, phase) => sum + phase.seconds, 0),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function startOnce(
  clone: string,
  command: string,
  options: NewcomerOptions,
  log: (line: string) => void,
): Promise<StartReport> {
  const port = await freePort();
  // Beside the clone, not in it: the clone stays exactly what a user has.
  const logFile = join(clone, "..", `start-${port}.log`);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  // A newcomer has none of these: the embedded database, the default data folder, the demo team.
  for (const name of ["DATABASE_URL", "LABNET_DATA_DIR", "LABNET_DEMO", "LABNET_URL", "LABNET_SKIP_BUILD"]) {
    delete env[name];
  }
  log(`${command}   (in the clone, PORT=${port}, output in ${logFile})`);
  const phases: Phase[] = [];
  const started = performance.now();
  // Its own process group, so stopping it reaches npm and everything npm started, as Ctrl-C does.
  const child = spawn("sh", ["-c", command], {
    cwd: clone,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = createWriteStream(logFile);
  let startScriptAt: number | undefined;
  let tail = "";
  const onOutput = (chunk: Buffer) => {
    output.write(chunk);
    tail = (tail + chunk.toString()).slice(-4_000);
    // npm announces each script it runs: `> labnet@0.1.0 start` ends the install phase.
    if (startScriptAt === undefined && /^> labnet@\S+ start$/m.test(tail)) startScriptAt = performance.now();
  };
  child.stdout!.on("data", onOutput);
  child.stderr!.on("data", onOutput);
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;

  try {
    const base = `http://127.0.0.1:${port}`;
    const healthy = await waitForHealth(`${base}/api/health`, child, () => tail);
    if (startScriptAt !== undefined && startScriptAt > started) {
      phases.push({ name: "install", seconds: (startScriptAt - started) / 1000 });
      phases.push({ name: "start → healthy", seconds: (healthy - startScriptAt) / 1000 });
    } else {
      phases.push({ name: "start → healthy", seconds: (healthy - started) / 1000 });
    }

    // The README's address first; then the addresses a user on this machine or the LAN would type. A
    // refusal there is reported at the end, after the remaining phases have been measured.
    const problems: string[] = [];
    const signInStarted = performance.now();
    const cookie = await signIn(`http://localhost:${port}`);
    const hosts = ["127.0.0.1", ...ownAddresses().slice(0, 1)];
    if (hosts.length === 1)
      log("this machine has no non-loopback IPv4 address: sign-in is checked on 127.0.0.1 only");
    for (const host of hosts) {
      await signIn(`http://${host}:${port}`).catch((error: Error) => problems.push(error.message));
    }
    phases.push({ name: `sign-in (localhost, ${hosts.join(", ")})`, seconds: seconds(signInStarted) });

    const labsStarted = performance.now();
    await loadLabsPage(base, cookie);
    phases.push({ name: "labs page", seconds: seconds(labsStarted) });

    const {
      idleSeconds = LOAD_DEFAULTS.idleSeconds,
      loadSeconds = LOAD_DEFAULTS.loadSeconds,
      users = LOAD_DEFAULTS.users,
    } = options;
    log(`idle for ${idleSeconds} s, then ${users} users for ${loadSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const load = await dashboardLoad(base, cookie, users, loadSeconds);
    if (load.failed > 0 || load.errors > 0) {
      problems.push(
        `${load.failed} of ${load.requests} requests were not answered with 2xx and ${load.errors} failed ` +
          `outright under ${users} users after ${idleSeconds} s idle`,
      );
    }

    const stopStarted = performance.now();
    await stop(child, exited, port);
    phases.push({ name: "stop", seconds: seconds(stopStarted) });
    return { command, phases, load, problems };
  } catch (error) {
    throw new NewcomerError(`${command}: ${(error as Error).message}\n--- last output ---\n${tail}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) killGroup(child, "SIGKILL");
    output.end();
  }
}

async function waitForHealth(url: string, child: ChildProcess, tail: () => string): Promise<number> {
  const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new NewcomerError(
        `exited (${child.signalCode ?? `exit code ${child.exitCode}`}) before it was healthy`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return performance.now();
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new NewcomerError(`not healthy within ${HEALTHY_TIMEOUT_MS / 60_000} min (last: ${last})\n${tail()}`);
}

/** Signs in from `origin` as a browser there would, and returns the session cookie. */
async function signIn(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(DEMO),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new NewcomerError(`sign-in from ${origin} answered ${response.status}: ${body.slice(0, 300)}`);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .join("; ");
  if (!cookie) throw new NewcomerError(`sign-in from ${origin} set no session cookie`);
  return cookie;
}

async function loadLabsPage(base: string, cookie: string): Promise<void> {
  const page = await fetch(`${base}/labs`, { headers: { cookie }, redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200 || !html.includes("<title>Labs")) {
    throw new NewcomerError(
      `GET /labs answered ${page.status} without the Labs page (${html.slice(0, 200)})`,
    );
  }
  // The page's table loads its rows through tRPC, as the browser does.
  const list = await fetch(labListUrl(base), { headers: { cookie } });
  const rows = await list.text();
  const missing = DEMO_LAB_NAMES.filter((name) => !rows.includes(name));
  if (list.status !== 200 || missing.length > 0) {
    throw new NewcomerError(
      `lab.list answered ${list.status} without the demo labs ${missing.join(", ")}: ${rows.slice(0, 300)}`,
    );
  }
}

function labListUrl(base: string): string {
  const input = { json: { search: "", sort: "name", direction: "asc", page: 1, pageSize: 25 } };
  return `${base}/api/trpc/lab.list?input=${encodeURIComponent(JSON.stringify(input))}`;
}

/** `users` signed-in users, each going round the Labs page, its rows, the session check and health. */
async function dashboardLoad(base: string, cookie: string, users: number, durationSeconds: number) {
  const result = await autocannon({
    url: base,
    connections: users,
    duration: durationSeconds,
    headers: { cookie },
    requests: [
      { method: "GET", path: "/labs" },
      { method: "GET", path: labListUrl("") },
      { method: "GET", path: "/api/auth/get-session" },
      { method: "GET", path: "/api/health" },
    ],
  });
  return {
    requests: result.requests.total,
    failed: result.non2xx,
    errors: result.errors + result.timeouts,
    p99Ms: result.latency.p99,
  };
}

/** Stops it as Ctrl-C in its terminal would, and checks that it ends cleanly and frees the port. */
async function stop(
  child: ChildProcess,
  exited: Promise<[number | null, NodeJS.Signals | null]>,
  port: number,
) {
  killGroup(child, "SIGINT");
  const outcome = await Promise.race([
    exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), STOP_TIMEOUT_MS).unref()),
  ]);
  if (!outcome) throw new NewcomerError(`still running ${STOP_TIMEOUT_MS / 1000} s after Ctrl-C`);
  const [code, signal] = outcome;
  // npm passes the interrupt on and reports it as 130 (or dies of it); labnet itself must exit 0.
  if (code !== 0 && code !== 130 && signal !== "SIGINT") {
    throw new NewcomerError(`exited with ${signal ?? `code ${code}`} after Ctrl-C`);
  }
  if (!(await portIsFree(port))) throw new NewcomerError(`port ${port} is still taken after the stop`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** This machine's own non-loopback IPv4 addresses: talking to them stays on this machine. */
function ownAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === "IPv4" && !address.internal)
    .map((address) => address!.address);
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new NewcomerError(`${command} exited with ${code}`)),
    );
    child.on("error", reject);
  });
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** Every problem of every start; empty when the newcomer got everything the README promises. */
export function problemsOf(report: NewcomerReport): string[] {
  return report.starts.flatMap((start) => start.problems.map((problem) => `${start.command}: ${problem}`));
}

export function formatReport(report: NewcomerReport): string {
  const column = 44;
  const lines = [`${"clone".padEnd(column + 2)}${report.clone.seconds.toFixed(1)} s`];
  for (const start of report.starts) {
    lines.push(`$ ${start.command}`);
    for (const phase of start.phases)
      lines.push(`  ${phase.name.padEnd(column)}${phase.seconds.toFixed(1)} s`);
    lines.push(
      `  ${"load after idle".padEnd(column)}${start.load.requests} requests, ${start.load.failed} non-2xx, ` +
        `${start.load.errors} errors, p99 ${start.load.p99Ms} ms`,
    );
    for (const problem of start.problems) lines.push(`  PROBLEM: ${problem}`);
  }
  lines.push(`${"fresh clone → healthy".padEnd(column + 2)}${report.cloneToHealthy.toFixed(1)} s`);
  return lines.join("\n");
}

/** A command-line count: unset, or a whole number; anything else is refused naming the option. */
export function wholeNumberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value)) throw new NewcomerError(`--${name}: a whole number, got "${value}"`);
  return Number(value);
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      command: { type: "string" },
      "second-start": { type: "string" },
      source: { type: "string" },
      idle: { type: "string" },
      "load-seconds": { type: "string" },
      users: { type: "string" },
    },
  });
  try {
    const report = await newcomer({
      command: values.command,
      secondStart: values["second-start"],
      source: values.source,
      idleSeconds: wholeNumberOption("idle", values.idle),
      loadSeconds: wholeNumberOption("load-seconds", values["load-seconds"]),
      users: wholeNumberOption("users", values.users),
    });
    console.log(formatReport(report));
    if (problemsOf(report).length > 0) process.exitCode = 1;
  } catch (error) {
    console.error(`[newcomer] FAILED: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
