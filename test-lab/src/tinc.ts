// Waiting for tinc: meta connections, key exchange (started by the first packet to a node) and
// PMTU discovery must settle before path MTUs across the mesh mean anything.
import type { NetworkModel } from "@labnet/model";
import type { RouterRuntime } from "./build";
import { pool } from "./measure";
import type { Netns } from "./netns";

export interface TincNode {
  name: string;
  reachable: boolean;
  direct: boolean;
  pmtu: number;
  min: number;
  max: number;
}

const NODE_LINE =
  /^ (\S+) at (\S+).* status ([0-9a-f]+) nexthop \S+ via (\S+) .*pmtu (\d+) \(min (\d+) max (\d+)\)/;

/** Parses the node list tincd 1.0 logs on SIGUSR2. */
export function parseNodeDump(log: string): TincNode[] {
  const start = log.lastIndexOf("Nodes:");
  if (start < 0) return [];
  const end = log.indexOf("End of nodes.", start);
  if (end < 0) return [];
  const nodes: TincNode[] = [];
  for (const line of log.slice(start, end).split("\n")) {
    const match = NODE_LINE.exec(line);
    if (!match || match[2] === "MYSELF") continue;
    const [, name, , status, via, pmtu, min, max] = match as unknown as string[];
    nodes.push({
      name: name!,
      // node_status_t: bit 4 is "reachable" in tinc 1.0
      reachable: (Number.parseInt(status!, 16) & 0x10) !== 0,
      direct: via === name,
      pmtu: Number(pmtu),
      min: Number(min),
      max: Number(max),
    });
  }
  return nodes;
}

/** A node's PMTU is settled when discovery fixed it (min = max) or it is reached only via relays. */
export function settled(nodes: TincNode[]): boolean {
  return nodes.every((node) => !node.reachable || !node.direct || (node.min > 0 && node.min === node.max));
}

/** Sends traffic across every pair of sites (starts key exchange), then waits until PMTU is fixed. */
export async function settleTinc(
  lab: Netns,
  model: NetworkModel,
  routers: RouterRuntime[],
  timeoutMs: number,
): Promise<{ settled: boolean; waitedMs: number; nodes: Map<string, TincNode[]> }> {
  const started = Date.now();
  const tincRouters = routers.filter((router) => router.tincNets.length > 0);
  const nodes = new Map<string, TincNode[]>();
  // A lone site has no peer to exchange keys or probe PMTU with.
  if (tincRouters.length < 2) return { settled: true, waitedMs: 0, nodes };
  const lanIps = model.sites.map((site) => ({ routerId: site.routerId, lanIp: site.lanIp }));
  const poke = () =>
    pool(
      8,
      tincRouters.flatMap((router) =>
        lanIps
          .filter((target) => target.routerId !== router.plan.machineId)
          .map(
            (target) => () =>
              lab.exec(
                router.plan.ns,
                ["ping", "-n", "-q", "-c", "2", "-i", "0.2", "-W", "1", target.lanIp],
                5_000,
              ),
          ),
      ),
    );
  for (;;) {
    await poke();
    for (const router of tincRouters) {
      const label = `tincd ${router.plan.name}`;
      const pid = lab.pidOf(label);
      if (pid === null) continue;
      process.kill(pid, "SIGUSR2");
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    let all = true;
    for (const router of tincRouters) {
      const dump = parseNodeDump(lab.logs.get(`tincd ${router.plan.name}`) ?? "");
      nodes.set(router.plan.name, dump);
      if (!settled(dump)) all = false;
    }
    const waitedMs = Date.now() - started;
    if (all && waitedMs > 3000) return { settled: true, waitedMs, nodes };
    if (waitedMs > timeoutMs) return { settled: false, waitedMs, nodes };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
