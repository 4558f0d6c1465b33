// Helpers for tests that run the real daemons in network namespaces. Every namespace gets a
// unique per-run prefix, every wait is bounded, and cleanup removes exactly what was created.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { BundleFile } from "../bundle";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with a hard timeout; never throws on a non-zero exit. */
export function run(command: string, args: string[], timeoutMs = 15_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function hasTool(tool: string): Promise<boolean> {
  return (await run("sh", ["-c", `command -v ${tool}`])).code === 0;
}

/**
 * Why these tests cannot run here, or null when they can. With LABNET_REQUIRE_DAEMONS=1 (CI) a
 * missing tool or missing root is a failure, not a skip.
 */
export async function missingPrerequisite(tools: string[], needsRoot: boolean): Promise<string | null> {
  const missing: string[] = [];
  for (const tool of tools) if (!(await hasTool(tool))) missing.push(tool);
  let reason: string | null = null;
  if (missing.length > 0) reason = `missing ${missing.join(", ")}`;
  else if (needsRoot && process.getuid?.() !== 0) reason = "needs root for network namespaces";
  if (reason && process.env.LABNET_REQUIRE_DAEMONS === "1") {
    throw new Error(`LABNET_REQUIRE_DAEMONS=1 but ${reason}`);
  }
  if (reason) console.warn(`[labnet proof] skipped: ${reason}`);
  return reason;
}

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `labnet-${label}-`));
}

/** Writes bundle files below `root`, keeping their absolute paths and modes. */
export async function writeBundleFiles(root: string, files: BundleFile[]): Promise<void> {
  for (const file of files) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, { mode: file.mode });
  }
}

export async function until<T>(
  what: string,
  attempt: () => Promise<T | null>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Namespaces and daemons of one test run; `cleanup` undoes all of it. */
export class Lab {
  readonly prefix = `lncfg${randomBytes(3).toString("hex")}`;
  private readonly namespaces: string[] = [];
  private readonly processes: ChildProcess[] = [];
  readonly logs = new Map<string, string>();

  ns(name: string): string {
    return `${this.prefix}${name}`;
  }

  async addNamespace(name: string): Promise<string> {
    const full = this.ns(name);
    await this.must("ip", ["netns", "add", full]);
    this.namespaces.push(full);
    await this.must("ip", ["-n", full, "link", "set", "lo", "up"]);
    return full;
  }

  /** Runs `command` inside namespace `ns`. */
  exec(ns: string, command: string[], timeoutMs = 15_000): Promise<CommandResult> {
    return run("ip", ["netns", "exec", ns, ...command], timeoutMs);
  }

  async must(command: string, args: string[], timeoutMs = 15_000): Promise<CommandResult> {
    const result = await run(command, args, timeoutMs);
    if (result.code !== 0)
      throw new Error(`${command} ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
    return result;
  }

  /** A veth pair from namespace `a` (interface `aName`) to namespace `b` (interface `bName`). */
  async link(a: string, aName: string, b: string, bName: string): Promise<void> {
    const tmpA = `${this.prefix}a${this.namespaces.length}${aName}`.slice(0, 15);
    const tmpB = `${this.prefix}b${this.namespaces.length}${bName}`.slice(0, 15);
    await this.must("ip", ["-n", a, "link", "add", tmpA, "type", "veth", "peer", "name", tmpB, "netns", b]);
    await this.must("ip", ["-n", a, "link", "set", tmpA, "name", aName]);
    await this.must("ip", ["-n", b, "link", "set", tmpB, "name", bName]);
  }

  /** Starts a daemon inside a namespace (ip netns exec execs it: the PID is the daemon's). */
  start(ns: string, label: string, command: string[]): ChildProcess {
    const child = spawn("ip", ["netns", "exec", ns, ...command], { stdio: ["ignore", "pipe", "pipe"] });
    this.processes.push(child);
    let log = "";
    const append = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
      this.logs.set(label, log);
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    return child;
  }

  async cleanup(): Promise<void> {
    for (const child of this.processes) {
      if (child.exitCode === null && child.pid !== undefined) child.kill("SIGTERM");
    }
    await Promise.all(
      this.processes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              child.kill("SIGKILL");
              resolve();
            }, 3000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    for (const ns of this.namespaces.reverse()) await run("ip", ["netns", "del", ns]);
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
