// Path-MTU probes: DF-set pings of growing and shrinking size to each target, so a PMTUD black
// hole (a hop that drops big packets without "fragmentation needed") shows as a measured number
// instead of hanging TCP sessions. Bounded: few targets, at most 12 pings each, 1 s per ping.
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { targetPath } from "./apply";

/** IPv4 header (20) + ICMP header (8): ping's payload size + 28 = the packet size on the wire. */
export const pingOverhead = 28;
/** The smallest MTU every IPv4 path must carry; the search assumes nothing below it. */
export const minimumMtu = 576;
export const maxProbesPerTarget = 12;

export type ProbeOutcome =
  | { kind: "passed" }
  /** Refused as too big: locally ("message too long, mtu=…") or by a hop ("Frag needed … mtu = …"). */
  | { kind: "too-big"; mtu: number | null }
  /** No answer: the packet was dropped (a black hole when smaller ones pass) or the host is down. */
  | { kind: "lost" }
  /** The name does not resolve: no size will ever pass, so the search stops at once. */
  | { kind: "unknown-host" };

/** Reads one `ping` run (iputils on Linux, ping.exe on Windows; a single echo request). */
export function parsePing(output: string): ProbeOutcome {
  if (/bytes from |Reply from \S+ bytes=/i.test(output)) return { kind: "passed" };
  if (/unknown host|not known|could not find host|failure in name resolution/i.test(output)) {
    return { kind: "unknown-host" };
  }
  const hint = /mtu\s*=\s*(\d+)/i.exec(output);
  if (/message too long|frag(mentation)? needed|needs to be fragmented/i.test(output)) {
    return { kind: "too-big", mtu: hint ? Number(hint[1]) : null };
  }
  return { kind: "lost" };
}

/**
 * The largest packet size (bytes, IPv4 header included) that crosses to the target with DF set,
 * or null when not even `minimumMtu` gets an answer. Starts at `ceiling` (the common case: the
 * full MTU passes), jumps to any MTU a refusal names, and bisects where packets silently vanish.
 */
export async function searchPathMtu(
  probe: (packetSize: number) => Promise<ProbeOutcome>,
  ceiling: number,
  maxProbes = maxProbesPerTarget,
): Promise<{ pathMtu: number | null; probes: number }> {
  let passed = minimumMtu - 1; // largest size known to pass (none yet)
  let failed = ceiling + 1; // smallest size known to fail
  let next = ceiling;
  let probes = 0;
  let anyPassed = false;
  while (failed - passed > 1 && probes < maxProbes) {
    // Last ping and still no answer: try the floor, so a slow black hole yields a lower bound, not "unreachable".
    if (!anyPassed && probes === maxProbes - 1) next = minimumMtu;
    const outcome = await probe(next);
    probes++;
    if (outcome.kind === "unknown-host") return { pathMtu: null, probes };
    if (outcome.kind === "passed") {
      passed = next;
      anyPassed = true;
    } else {
      failed = next;
      if (
        outcome.kind === "too-big" &&
        outcome.mtu !== null &&
        outcome.mtu > passed &&
        outcome.mtu < failed
      ) {
        next = outcome.mtu;
        continue;
      }
    }
    next = Math.ceil((passed + failed) / 2);
  }
  return { pathMtu: anyPassed ? passed : null, probes };
}

/** One DF-set ping of `packetSize` bytes with the platform's own ping. */
export function pingDf(
  target: string,
  packetSize: number,
  platform = process.platform,
): Promise<ProbeOutcome> {
  const payload = String(packetSize - pingOverhead);
  const args =
    platform === "win32"
      ? ["-f", "-n", "1", "-w", "1000", "-l", payload, target]
      : ["-M", "do", "-c", "1", "-W", "1", "-s", payload, target];
  return new Promise((resolve) => {
    execFile("ping", args, { timeout: 3000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === "ENOENT") resolve({ kind: "lost" });
      else resolve(parsePing(`${stdout}${stderr}`));
    });
  });
}

export interface PmtuProbe {
  target: string;
  pathMtu: number | null;
  method: string;
  measuredAt: string;
}

/** Probes each target in turn (not in parallel: concurrent DF pings would disturb each other). */
export async function probeTargets(
  targets: string[],
  options: { ceiling?: number; ping?: typeof pingDf } = {},
): Promise<PmtuProbe[]> {
  const ping = options.ping ?? pingDf;
  // Linux names the local interface MTU in its refusal, so 9000 costs one ping; ping.exe does not.
  const ceiling = options.ceiling ?? (process.platform === "win32" ? 1500 : 9000);
  const probes: PmtuProbe[] = [];
  for (const target of targets) {
    const { pathMtu } = await searchPathMtu((size) => ping(target, size), ceiling);
    probes.push({ target, pathMtu, method: "ping-df", measuredAt: new Date().toISOString() });
  }
  return probes;
}

/**
 * Targets: the configured ones first, then the `Address` of every other site in the applied tinc
 * hosts files (the tunnel endpoints, whose path carries the VPN), without repeats, at most `limit`.
 */
export async function defaultTargets(root: string | null, configured: string[], limit: number) {
  const targets = [...configured];
  const tincDir = targetPath(root, "/etc/tinc");
  for (const net of await readdir(tincDir).catch(() => [] as string[])) {
    const conf = await readFile(join(tincDir, net, "tinc.conf"), "utf8").catch(() => null);
    if (conf === null) continue;
    const self = /^\s*Name\s*=\s*(\S+)/im.exec(conf)?.[1];
    const hostsDir = join(tincDir, net, "hosts");
    for (const host of (await readdir(hostsDir).catch(() => [] as string[])).sort()) {
      if (host === self) continue;
      const text = await readFile(join(hostsDir, host), "utf8").catch(() => "");
      for (const match of text.matchAll(/^\s*Address\s*=\s*(\S+)/gim)) targets.push(match[1]!);
    }
  }
  return [...new Set(targets)].slice(0, limit);
}
