// tinc peers with their PMTU. tinc 1.1 answers `tinc -n <net> dump nodes` on its control socket;
// tinc 1.0 has none: SIGUSR2 makes tincd write the node list to its log, which we can read only
// when tincd runs with --logfile.
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { targetPath } from "./apply";

export interface TincPeer {
  netname: string;
  name: string;
  address: string | null;
  pmtu: number | null;
  reachable: boolean;
}

/** node_status_t bit 4 ("reachable in the graph"), the same in tinc 1.0 and 1.1. */
const reachableBit = 0x10;

/**
 * One node line, from either `tinc dump nodes` (1.1) or tincd 1.0's SIGUSR2 log dump:
 * `site2 at 127.0.0.1 port 6656 cipher 427 … status 001a nexthop site2 via site2 pmtu 1518 (min 500 max 1518)`
 * (1.1 adds `id <hex>` after the name). Our own node (`at MYSELF`) is skipped.
 */
export function parseNodeLine(netname: string, line: string): TincPeer | null {
  const match =
    /^\s*(\S+)\s+(?:id \S+\s+)?at (\S+) port (\S+) .*?\bstatus ([0-9a-f]+)\b.*?\bpmtu (\d+)/i.exec(line);
  if (!match || match[2] === "MYSELF") return null;
  const [, name, host, port, status, pmtu] = match;
  const reachable = (Number.parseInt(status!, 16) & reachableBit) !== 0;
  return {
    netname,
    name: name!,
    address: host === "unknown" ? null : `${host} port ${port}`,
    // An unreachable node's pmtu is a leftover, not a measurement.
    pmtu: reachable ? Number(pmtu) : null,
    reachable,
  };
}

/** The last complete `Nodes:` … `End of nodes.` block of a tincd 1.0 log (lines carry a prefix). */
export function parseTinc10LogDump(netname: string, log: string): TincPeer[] | null {
  const lines = log.split("\n");
  const end = lines.findLastIndex((line) => /: End of nodes\.$/.test(line));
  if (end < 0) return null;
  const start = lines.slice(0, end).findLastIndex((line) => /: Nodes:$/.test(line));
  if (start < 0) return null;
  return lines
    .slice(start + 1, end)
    .map((line) => parseNodeLine(netname, line.replace(/^.*?tinc\[\d+\]:/, "")))
    .filter((peer): peer is TincPeer => peer !== null);
}

function run(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 5000 }, (error, stdout) => resolve(error ? null : stdout));
  });
}

export interface TincObservation {
  peers: TincPeer[];
  /** Why a network's peers are missing, e.g. "unavailable: tinc 1.0 without --logfile". */
  problems: string[];
}

/** Peers of every tinc network configured on this machine (`/etc/tinc/<net>/tinc.conf`). */
export async function observeTincPeers(
  root: string | null,
  options: { logFile?: (net: string) => string; settleMs?: number } = {},
): Promise<TincObservation | null> {
  const tincDir = targetPath(root, "/etc/tinc");
  const nets: string[] = [];
  for (const net of await readdir(tincDir).catch(() => [] as string[])) {
    if ((await readFile(join(tincDir, net, "tinc.conf"), "utf8").catch(() => null)) !== null) nets.push(net);
  }
  if (nets.length === 0) return null;
  const logFile = options.logFile ?? ((net: string) => `/var/log/tinc.${net}.log`);
  const result: TincObservation = { peers: [], problems: [] };
  for (const net of nets.sort()) {
    const dump = await run("tinc", ["-n", net, "dump", "nodes"]);
    if (dump !== null) {
      result.peers.push(
        ...dump
          .split("\n")
          .map((line) => parseNodeLine(net, line))
          .filter((peer): peer is TincPeer => peer !== null),
      );
      continue;
    }
    const peers = await tinc10Dump(root, net, logFile(net), options.settleMs ?? 500);
    if (typeof peers === "string") result.problems.push(`${net}: ${peers}`);
    else result.peers.push(...peers);
  }
  return result;
}

async function tinc10Dump(root: string | null, net: string, logFile: string, settleMs: number) {
  const pid = Number(
    (await readFile(targetPath(root, `/var/run/tinc.${net}.pid`), "utf8").catch(() => "")).trim(),
  );
  if (!Number.isInteger(pid) || pid <= 0)
    return "unavailable: tincd is not running (no /var/run/tinc.<net>.pid)";
  try {
    process.kill(pid, "SIGUSR2");
  } catch (error) {
    return `unavailable: cannot signal tincd ${pid} (${(error as NodeJS.ErrnoException).code})`;
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const log = await readFile(targetPath(root, logFile), "utf8").catch(() => null);
  if (log === null) return `unavailable: tinc 1.0 without --logfile (start tincd with --logfile=${logFile})`;
  return parseTinc10LogDump(net, log.slice(-256 * 1024)) ?? `unavailable: no node list in ${logFile}`;
}
