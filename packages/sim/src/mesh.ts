// The tinc mesh of each intranet: which ConnectTo edges can work, the meta graph they form,
// its components and its articulation sites ("if X goes down, A and B are cut off").
import type { Site } from "@labnet/model";
import { compareStrings, type ModelContext, routerNics } from "./context";
import type { FailedConnectTo, IntranetFacts, SiteFacts } from "./types";
import { localOuterMtu, missingForwards, outerMtu, uplinkHops, wanState, worstIcmpHandling } from "./uplink";

export interface MeshFacts {
  sites: SiteFacts[];
  siteFacts: Map<string, SiteFacts>;
  intranets: IntranetFacts[];
}

interface SiteReachability {
  online: boolean;
  offlineReason: string;
  reachableInbound: boolean;
  inboundReason: string;
}

function siteReachability(context: ModelContext, site: Site): SiteReachability {
  const router = context.machines.get(site.routerId);
  if (router === undefined) {
    const reason = `router "${site.routerId}" does not exist`;
    return { online: false, offlineReason: reason, reachableInbound: false, inboundReason: reason };
  }
  const wan = wanState(context, router);
  if (!wan.online) {
    return { online: false, offlineReason: wan.reason, reachableInbound: false, inboundReason: wan.reason };
  }
  if (site.publicAddress === null) {
    return {
      online: true,
      offlineReason: "",
      reachableInbound: false,
      inboundReason: `${site.tincName} has no public address: it can only dial out`,
    };
  }
  const port = site.publicPort ?? context.intranets.get(site.intranetId)?.port ?? 655;
  const blocked = missingForwards(
    router,
    [
      { proto: "tcp", port },
      { proto: "udp", port },
    ],
    site.behindNat,
  );
  return blocked === null
    ? {
        online: true,
        offlineReason: "",
        reachableInbound: true,
        inboundReason: `${site.publicAddress}:${port} reaches ${site.tincName}'s tincd (tcp+udp forwarded through every NAT)`,
      }
    : {
        online: true,
        offlineReason: "",
        reachableInbound: false,
        inboundReason: `${blocked}: ${site.tincName} can only dial out`,
      };
}

export function analyzeMesh(context: ModelContext): MeshFacts {
  const reach = new Map(context.sites.map((site) => [site.id, siteReachability(context, site)]));
  const neighbours = new Map<string, Set<string>>(context.sites.map((site) => [site.id, new Set<string>()]));
  const failed = new Map<string, FailedConnectTo[]>(context.sites.map((site) => [site.id, []]));

  for (const site of context.sites) {
    const own = reach.get(site.id)!;
    for (const targetId of [...new Set(site.connectTo)].sort(compareStrings)) {
      const target = context.siteById.get(targetId);
      const targetReach = reach.get(targetId);
      let reason: string | null = null;
      if (target === undefined || targetReach === undefined) reason = `site "${targetId}" does not exist`;
      else if (target.intranetId !== site.intranetId) reason = `${target.tincName} is in another intranet`;
      else if (!own.online) reason = `${site.tincName} itself is offline: ${own.offlineReason}`;
      else if (!targetReach.online) reason = `${target.tincName} is offline: ${targetReach.offlineReason}`;
      else if (!targetReach.reachableInbound) reason = targetReach.inboundReason;
      if (reason !== null) {
        failed.get(site.id)!.push({ target: targetId, reason });
        continue;
      }
      // A working meta connection carries traffic both ways, whoever dialled.
      neighbours.get(site.id)!.add(targetId);
      neighbours.get(targetId)!.add(site.id);
    }
  }

  const sitesByIntranet = new Map<string, Site[]>();
  for (const site of context.sites) {
    const list = sitesByIntranet.get(site.intranetId) ?? [];
    list.push(site);
    sitesByIntranet.set(site.intranetId, list);
  }

  const componentOf = new Map<string, number>();
  const articulation = new Map<string, string[][]>();
  const intranets: IntranetFacts[] = [];
  for (const intranet of context.intranets.values()) {
    const members = (sitesByIntranet.get(intranet.id) ?? []).map((site) => site.id);
    const components = connectedComponents(members, neighbours);
    components.forEach((component, index) => {
      for (const id of component) componentOf.set(id, index);
    });
    for (const [cut, pieces] of cutVertices(members, neighbours)) articulation.set(cut, pieces);
    intranets.push({
      id: intranet.id,
      mode: intranet.mode,
      port: intranet.port,
      pmtuDiscovery: intranet.pmtuDiscovery,
      clampMss: intranet.clampMss,
      components,
      connected: components.length <= 1,
    });
  }

  const sites: SiteFacts[] = context.sites.map((site) => {
    const own = reach.get(site.id)!;
    const router = context.machines.get(site.routerId);
    const wanNic = router ? wanState(context, router).wanNic : null;
    const outer = router ? outerMtu(router, wanNic) : { mtu: 1500, limitedBy: null };
    const lanNic = router ? routerNics(context, router.id, "lan")[0] : undefined;
    const siteNeighbours = [...neighbours.get(site.id)!].sort(compareStrings);
    const subnet = context.siteSubnet.get(site.id);
    return {
      id: site.id,
      tincName: site.tincName,
      intranetId: site.intranetId,
      routerId: site.routerId,
      routerName: router?.name ?? site.routerId,
      dhcpServerId: site.dhcpServerId ?? site.routerId,
      tincVersion: router?.router?.tincVersion ?? "1.0",
      lanMtu: lanNic?.mtu ?? 1500,
      subnet: subnet ? `${subnet.network}/${subnet.prefix}` : "outside the intranet",
      online: own.online,
      ...(own.online ? {} : { offlineReason: own.offlineReason }),
      reachableInbound: own.reachableInbound,
      inboundReason: own.inboundReason,
      connectTo: [...site.connectTo].sort(compareStrings),
      failedConnectTo: failed.get(site.id)!,
      neighbours: siteNeighbours,
      degree: siteNeighbours.length,
      component: componentOf.get(site.id) ?? 0,
      articulation: articulation.has(site.id),
      cutsOff: articulation.get(site.id) ?? [],
      outerMtu: outer.mtu,
      outerMtuLimitedBy: outer.limitedBy,
      localOuterMtu: router ? localOuterMtu(router, wanNic) : 1500,
      uplinkDropsIcmp: router ? worstIcmpHandling(router) : "unknown",
      uplink: router ? uplinkHops(router) : [],
    };
  });
  return { sites, siteFacts: new Map(sites.map((facts) => [facts.id, facts])), intranets };
}

/** Components as sorted id lists, ordered by their smallest id. */
export function connectedComponents(
  members: readonly string[],
  neighbours: Map<string, Set<string>>,
): string[][] {
  const seen = new Set<string>();
  const components: string[][] = [];
  for (const start of [...members].sort(compareStrings)) {
    if (seen.has(start)) continue;
    const component: string[] = [];
    const queue = [start];
    seen.add(start);
    while (queue.length > 0) {
      const current = queue.pop()!;
      component.push(current);
      for (const next of neighbours.get(current) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    components.push(component.sort(compareStrings));
  }
  return components;
}

/**
 * Articulation sites (iterative Tarjan) and, for each, the groups of sites that lose contact
 * with the biggest remaining group when it goes down.
 */
export function cutVertices(
  members: readonly string[],
  neighbours: Map<string, Set<string>>,
): Map<string, string[][]> {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const cuts = new Set<string>();
  let counter = 0;
  for (const root of [...members].sort(compareStrings)) {
    if (order.has(root)) continue;
    order.set(root, counter);
    low.set(root, counter++);
    let rootChildren = 0;
    const stack: { node: string; parent: string | null; next: string[] }[] = [
      { node: root, parent: null, next: [...(neighbours.get(root) ?? [])] },
    ];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const child = frame.next.pop();
      if (child !== undefined) {
        if (child === frame.parent) continue;
        if (order.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, order.get(child)!));
        } else {
          order.set(child, counter);
          low.set(child, counter++);
          if (frame.node === root) rootChildren++;
          stack.push({ node: child, parent: frame.node, next: [...(neighbours.get(child) ?? [])] });
        }
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent === undefined) continue;
      low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (parent.node !== root && low.get(frame.node)! >= order.get(parent.node)!) cuts.add(parent.node);
    }
    if (rootChildren > 1) cuts.add(root);
  }
  const result = new Map<string, string[][]>();
  for (const cut of [...cuts].sort(compareStrings)) {
    const without = new Map<string, Set<string>>();
    const reachable = connectedComponents([cut], neighbours)[0]!.filter((id) => id !== cut);
    for (const id of reachable) {
      without.set(id, new Set([...(neighbours.get(id) ?? [])].filter((next) => next !== cut)));
    }
    const pieces = connectedComponents(reachable, without).sort(
      (a, b) => b.length - a.length || compareStrings(a[0]!, b[0]!),
    );
    result.set(
      cut,
      pieces.slice(1).sort((a, b) => compareStrings(a[0]!, b[0]!)),
    );
  }
  return result;
}
