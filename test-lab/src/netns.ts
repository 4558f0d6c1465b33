// The namespaces and processes of one emulation run. Everything it creates carries the run's
// unique prefix; cleanup kills exactly the processes inside those namespaces (by PID), deletes
// the namespaces, and `leftovers()` proves nothing of the run remains.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { type CommandResult, run } from "@labnet/config/proof";

export { type CommandResult, run };

export function runPrefix(): string {
  return `lnlab${randomBytes(2).toString("hex")}`;
}

export class Netns {
  private readonly created: string[] = [];
  private readonly started: ChildProcess[] = [];
  private readonly byLabel = new Map<string, ChildProcess>();
  readonly logs = new Map<string, string>();

  constructor(readonly prefix: string) {}

  get namespaces(): readonly string[] {
    return this.created;
  }

  async add(ns: string): Promise<void> {
    if (!ns.startsWith(this.prefix)) throw new Error(`namespace ${ns} lacks the run prefix ${this.prefix}`);
    await this.must("ip", ["netns", "add", ns]);
    this.created.push(ns);
    await this.must("ip", ["-n", ns, "link", "set", "lo", "up"]);
  }

  async must(command: string, args: string[], timeoutMs = 15_000): Promise<CommandResult> {
    const result = await run(command, args, timeoutMs);
    if (result.code !== 0)
      throw new Error(`${command} ${args.join(" ")} failed (${result.code}): ${result.stderr.trim()}`);
    return result;
  }

  /** Runs a command inside a namespace of this run; never throws on a non-zero exit. */
  exec(ns: string, command: string[], timeoutMs = 15_000): Promise<CommandResult> {
    this.assertOwn(ns);
    return run("ip", ["netns", "exec", ns, ...command], timeoutMs);
  }

  async mustExec(ns: string, command: string[], timeoutMs = 15_000): Promise<CommandResult> {
    const result = await this.exec(ns, command, timeoutMs);
    if (result.code !== 0)
      throw new Error(`[${ns}] ${command.join(" ")} failed (${result.code}): ${result.stderr.trim()}`);
    return result;
  }

  /** Feeds `input` to a command's stdin inside a namespace (nft -f -). */
  async pipe(ns: string, command: string[], input: string, timeoutMs = 15_000): Promise<void> {
    this.assertOwn(ns);
    const result = await new Promise<CommandResult>((resolve) => {
      const child = spawn("ip", ["netns", "exec", ns, ...command], { stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr });
      });
      child.stdin.end(input);
    });
    if (result.code !== 0)
      throw new Error(
        `[${ns}] ${command.join(" ")} failed (${result.code}): ${result.stderr.trim()}\n${input}`,
      );
  }

  /** A daemon inside a namespace (`ip netns exec` execs it: the child's PID is the daemon's). */
  start(ns: string, label: string, command: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
    this.assertOwn(ns);
    const child = spawn("ip", ["netns", "exec", ns, ...command], { stdio: ["ignore", "pipe", "pipe"], env });
    this.started.push(child);
    this.byLabel.set(label, child);
    let log = "";
    const append = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-40_000);
      this.logs.set(label, log);
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    return child;
  }

  /** PID of a running daemon started under `label`, or null. */
  pidOf(label: string): number | null {
    const child = this.byLabel.get(label);
    return child?.pid !== undefined && child.exitCode === null && child.signalCode === null
      ? child.pid
      : null;
  }

  get pids(): number[] {
    return this.started.map((child) => child.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** PIDs of every process running inside this run's namespaces (daemons and their children). */
  async pidsInside(): Promise<number[]> {
    const pids: number[] = [];
    for (const ns of this.created) {
      const listed = await run("ip", ["netns", "pids", ns]);
      pids.push(...listed.stdout.split(/\s+/).filter(Boolean).map(Number));
    }
    return pids;
  }

  async cleanup(): Promise<void> {
    // Daemons first, politely, then whatever still runs inside the namespaces (tinc-up children).
    for (const child of this.started) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    }
    await Promise.all(this.started.map((child) => exited(child, 3000)));
    for (const pid of await this.pidsInside()) signal(pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const ns of [...this.created].reverse()) await run("ip", ["netns", "del", ns]);
  }

  /** Namespaces or processes of this run that still exist; empty after a clean teardown. */
  async leftovers(): Promise<string[]> {
    const found: string[] = [];
    const listed = await run("ip", ["netns", "list"]);
    for (const line of listed.stdout.split("\n")) {
      const name = line.split(" ")[0];
      if (name?.startsWith(this.prefix)) found.push(`namespace ${name}`);
    }
    for (const pid of this.pids) if (alive(pid)) found.push(`process ${pid}`);
    return found;
  }

  private assertOwn(ns: string): void {
    if (!this.created.includes(ns)) throw new Error(`namespace ${ns} was not created by this run`);
  }
}

function exited(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
