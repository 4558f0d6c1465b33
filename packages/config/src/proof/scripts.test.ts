// The rendered tinc-up and tinc-down, run for real: dash (/bin/sh) and busybox ash (OpenWrt's sh)
// execute them with PATH pointing at stub commands that only log their argv. A hostile share or
// intranet value must not add, drop or reorder a single command (compared with its benign twin),
// must reach mount and logger as exactly one argument, byte for byte, and must leave no file
// behind. No network, no root: the stubs stand in for ip, nft, mount and everything else.
import { execFile, execFileSync } from "node:child_process";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { NetworkModel } from "@labnet/model";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEveryBundle } from "../render/bundles";
import { missingPrerequisite, tempDir } from "./harness";
import { get, hostileValue, ISSUE_VALUES, type Path, proofModel, substitute, twinOf } from "./hostile";

const busyboxMissing = await missingPrerequisite(["busybox"], false);
// Absolute paths: the scripts run with PATH holding nothing but the stubs.
const busybox =
  busyboxMissing === null ? execFileSync("sh", ["-c", "command -v busybox"]).toString().trim() : "";
const shells: [name: string, command: string[]][] = [
  ["dash", ["/bin/sh"]],
  ...(busybox ? [["busybox ash", [busybox, "sh"]] as [string, string[]]] : []),
];

/** Commands the scripts call, plus the ones an injection would try. */
const STUBS = ["ip", "nft", "ebtables", "mount", "umount", "logger", "grep", "mkdir", "sleep"];
const TRAPS = ["touch", "rm", "id", "calc", "curl", "wget", "nc", "cat", "chmod", "sh", "bash"];

type Call = string[];

function parseLog(log: string): Call[] {
  const parts = log.split("\0");
  const calls: Call[] = [];
  let index = 0;
  while (index < parts.length - 1) {
    const count = Number(parts[index]);
    calls.push(parts.slice(index + 1, index + 2 + count));
    index += 2 + count;
  }
  return calls;
}

function exec(command: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      command[0]!,
      [...command.slice(1), "-c", ". ./script; wait"],
      { cwd, env, timeout: 10_000, killSignal: "SIGKILL" },
      (error, _stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          stderr: String(stderr),
        });
      },
    );
  });
}

let root = "";
let stubs = "";
let runs = 0;

/**
 * Runs one script under the stubs; returns the calls and whatever else appeared in its folder.
 * `mountFails`: mount keeps failing, so tinc-up retries 12 times and reaches its logger line.
 */
async function runScript(shell: string[], script: string, mountFails = true) {
  const dir = join(root, `run${runs++}`);
  await mkdir(dir);
  await writeFile(join(dir, "script"), script);
  const log = join(root, `log${runs}`);
  await writeFile(log, "");
  const result = await exec(shell, dir, {
    PATH: stubs,
    LABNET_STUB_LOG: log,
    INTERFACE: "labnet",
    NETNAME: "labnet",
    NAME: "berlin",
    LABNET_STUB_MOUNT: mountFails ? "fail" : "ok",
  });
  const calls = parseLog(await readFile(log, "utf8"));
  const left = (await readdir(dir)).filter((name) => name !== "script");
  await rm(dir, { recursive: true, force: true });
  return { ...result, calls, left };
}

function tincScripts(model: NetworkModel) {
  const bundle = renderEveryBundle(model, { revision: 1 }).find(
    (candidate) => candidate.machineId === "berlin-router",
  )!;
  const script = (name: string) => bundle.files.find((file) => file.path.endsWith(`/${name}`))!.content;
  return { up: script("tinc-up"), down: script("tinc-down") };
}

const model = proofModel();
const original = tincScripts(model);
const shareRouter = model.machines.findIndex((machine) => (machine.router?.shares.length ?? 0) > 0);
const share = (field: string): Path => ["machines", shareRouter, "router", "shares", 0, field];
/** Every model value that reaches tinc-up or tinc-down. */
const FIELDS: Path[] = [
  share("remoteUnc"),
  share("mountPoint"),
  share("credentialsFile"),
  share("mountOptions"),
  share("name"),
  ["intranets", 0, "netname"],
  ["sites", model.sites.findIndex((site) => site.id === "site-berlin"), "tincName"],
];

describe.each(shells)("tinc scripts under %s with stub commands", (_name, shell) => {
  beforeAll(async () => {
    root = await tempDir("scripts");
    stubs = join(root, "bin");
    await mkdir(stubs);
    for (const name of [...STUBS, ...TRAPS]) {
      const fail =
        name === "grep" ? "exit 1" : name === "mount" ? '[ "$LABNET_STUB_MOUNT" = ok ] || exit 1' : "exit 0";
      // argc, the command's name, then every argument, NUL-separated (no argument can hold NUL).
      await writeFile(
        join(stubs, name),
        `#!/bin/sh\n{ printf '%s\\0' "$#" "\${0##*/}"; for a in "$@"; do printf '%s\\0' "$a"; done; } >> "$LABNET_STUB_LOG"\n${fail}\n`,
      );
      await chmod(join(stubs, name), 0o755);
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("runs the benign scripts: bridge, DHCP filter, 12 mount attempts, then logger", async () => {
    const { up, down } = tincScripts(model);
    const ran = await runScript(shell, up);
    expect(ran.stderr).toBe("");
    expect(ran.left).toEqual([]);
    const names = ran.calls.map((call) => call[0]);
    expect(names.filter((name) => name === "mount")).toHaveLength(12);
    expect(ran.calls.find((call) => call[0] === "logger")).toEqual([
      "logger",
      "-t",
      "labnet",
      "tinc-up: giving up mounting //192.168.20.10/projects after 12 attempts",
    ]);
    expect(names.filter((name) => TRAPS.includes(name!))).toEqual([]);
    expect((await runScript(shell, down)).calls.map((call) => call[0])).toEqual([
      "umount",
      "nft",
      "ip",
      "ip",
    ]);
  });

  // None of these values decides which commands run (they are arguments), so the benign run of
  // the same field is the reference; it is run once per field and script.
  const benignRuns = new Map<string, Awaited<ReturnType<typeof runScript>>>();
  async function benignRun(shell: string[], path: Path, which: "up" | "down", mountFails: boolean) {
    const key = `${path.join(".")}|${which}|${mountFails}`;
    if (!benignRuns.has(key)) {
      const twin = tincScripts(substitute(model, path, twinOf(String(get(model, path)))));
      benignRuns.set(key, await runScript(shell, twin[which], mountFails));
    }
    return benignRuns.get(key)!;
  }

  async function same(path: Path, value: string) {
    let hostile: ReturnType<typeof tincScripts>;
    try {
      hostile = tincScripts(substitute(model, path, value));
    } catch (error) {
      // Refused by a quoting function: nothing was emitted.
      expect((error as Error).name, `${path.join(".")}: ${(error as Error).stack}`).toBe("UnsafeValueError");
      return;
    }
    // Only the remote share's own value needs the 12 retries up to the logger line.
    const mountFails = path.at(-1) === "remoteUnc";
    for (const which of ["up", "down"] as const) {
      // A script the value does not reach is byte-identical to the benign one: nothing to run.
      if (hostile[which] === original[which]) continue;
      const ran = await runScript(shell, hostile[which], mountFails);
      const expected = await benignRun(shell, path, which, mountFails);
      const where = `${path.join(".")} = ${JSON.stringify(value)} (tinc-${which})`;
      expect(ran.left, where).toEqual([]);
      expect(ran.stderr, where).toBe(expected.stderr);
      expect(
        ran.calls.map((call) => call.length),
        where,
      ).toEqual(expected.calls.map((call) => call.length));
      expect(
        ran.calls.map((call) => call[0]),
        where,
      ).toEqual(expected.calls.map((call) => call[0]));
      if (which === "up" && path.at(-1) === "remoteUnc") {
        expect(ran.calls.find((call) => call[0] === "mount")?.[3], where).toBe(value);
        expect(ran.calls.find((call) => call[0] === "logger")?.[3], where).toBe(
          `tinc-up: giving up mounting ${value} after 12 attempts`,
        );
      }
    }
  }

  it("the issue's values in every field that reaches the scripts change no command", async () => {
    for (const path of FIELDS) for (const value of ISSUE_VALUES) await same(path, value);
  }, 120_000);

  it("generated values change no command (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), hostileValue, (path, value) => same(path, value)),
      { numRuns: 30 },
    );
  }, 120_000);

  it("the stubs would see an injected command (the check can fail)", async () => {
    const { up } = tincScripts(model);
    const injected = up.replace(
      "logger -t labnet 'tinc-up: giving up mounting //192.168.20.10/projects after 12 attempts'",
      'logger -t labnet "tinc-up: giving up mounting //fileserver/data$(touch pwned) after 12 attempts"',
    );
    expect(injected).not.toBe(up);
    const ran = await runScript(shell, injected);
    expect(ran.calls.map((call) => call[0])).toContain("touch");
  });
});
