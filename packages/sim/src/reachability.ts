// Endpoint-to-endpoint verdicts, derived on demand from an Analysis: per-class and per-site facts
// decide every pair, so nothing is materialised for all endpoint pairs (or even all class pairs).
import { compareStrings } from "./context";
import { assessLargePackets, mssFor, type PathElement, tincInnerIpMtu, tincMaxFrame } from "./mtu";
import type { Analysis, Endpoint, EndpointClass, Hop, IntranetFacts, PathVerdict, SiteFacts } from "./types";

interface Index {
  endpoints: Map<string, Endpoint>;
  classes: Map<string, EndpointClass>;
  sites: Map<string, SiteFacts>;
  intranets: Map<string, IntranetFacts>;
}

const indexes = new WeakMap<Analysis, Index>();

function indexOf(analysis: Analysis): Index {
  let index = indexes.get(analysis);
  if (index === undefined) {
    index = {
      endpoints: new Map(analysis.endpoints.map((endpoint) => [endpoint.id, endpoint])),
      classes: new Map(analysis.classes.map((members) => [members.id, members])),
      sites: new Map(analysis.sites.map((site) => [site.id, site])),
      intranets: new Map(analysis.intranets.map((intranet) => [intranet.id, intranet])),
    };
    indexes.set(analysis, index);
  }
  return index;
}

function no(path: Hop[], reason: string): PathVerdict {
  return { reachable: false, path, reason, pathMtu: null, largePacket: null };
}

const nicHop = (endpoint: Endpoint): Hop => ({
  kind: "nic",
  id: endpoint.id,
  name: endpoint.name,
  mtu: endpoint.mtu,
});
const switchHop = (members: EndpointClass): Hop => ({
  kind: "vswitch",
  id: members.vswitchId ?? members.id,
  name: members.vswitchName ?? members.id,
});
const receiver = (endpoint: Endpoint): PathElement => ({
  id: endpoint.id,
  name: `${endpoint.name} (receiving NIC)`,
  mtu: endpoint.mtu,
  dropsIcmpFragNeeded: "yes",
  l2: true,
});

function verdict(path: Hop[], senderMtu: number, elements: PathElement[], extra = ""): PathVerdict {
  const { pathMtu, narrowest: _narrowest, ...largePacket } = assessLargePackets(senderMtu, elements);
  if (extra) largePacket.explanation = `${extra} ${largePacket.explanation}`;
  return { reachable: true, path, pathMtu, largePacket };
}

/** Whether `from` can open a connection to `to`, along which hops, and what large packets do on the way. */
export function verdictFor(analysis: Analysis, fromId: string, toId: string): PathVerdict {
  const index = indexOf(analysis);
  const from = index.endpoints.get(fromId);
  const to = index.endpoints.get(toId);
  if (from === undefined || to === undefined)
    return no([], `unknown endpoint "${from === undefined ? fromId : toId}"`);
  const fromClass = index.classes.get(from.classId)!;
  const toClass = index.classes.get(to.classId)!;
  if (from.id === to.id) return verdict([nicHop(from)], from.mtu, []);
  if (to.kind === "internet") {
    const internet = fromClass.internet;
    return { ...internet, path: [nicHop(from), ...internet.path] };
  }
  if (from.kind === "internet") return inbound(analysis, to, toClass);
  if (fromClass.kind === "unattached")
    return no([nicHop(from)], `${from.name} is not attached to any vSwitch`);
  if (toClass.kind === "unattached") return no([nicHop(to)], `${to.name} is not attached to any vSwitch`);

  if (fromClass.vswitchId === toClass.vswitchId && fromClass.vlanId === toClass.vlanId) {
    return verdict([nicHop(from), switchHop(fromClass), nicHop(to)], from.mtu, [receiver(to)]);
  }
  if (fromClass.routerId !== null && fromClass.routerId === toClass.routerId) {
    return throughOwnRouter(from, fromClass, to, toClass);
  }
  const fromSite = fromClass.siteId ? index.sites.get(fromClass.siteId) : undefined;
  const toSite = toClass.siteId ? index.sites.get(toClass.siteId) : undefined;
  if (
    fromClass.kind === "lan" &&
    toClass.kind === "lan" &&
    fromSite &&
    toSite &&
    fromSite.intranetId === toSite.intranetId
  ) {
    return acrossMesh(index, from, fromClass, fromSite, to, toClass, toSite);
  }
  const where =
    toClass.kind === "wan" ? "the network outside another lab's router" : `segment "${toClass.vswitchName}"`;
  return no(
    [nicHop(from), switchHop(fromClass)],
    `no path: ${to.name} sits on ${where}, and no intranet joins ${from.name}'s segment to it (NAT and firewalls keep labs apart)`,
  );
}

function inbound(analysis: Analysis, to: Endpoint, toClass: EndpointClass): PathVerdict {
  const published = analysis.services.filter(
    (service) =>
      service.routerId === to.machineId && to.kind === "router-wan" && service.fromInternet.reachable,
  );
  if (published.length > 0) {
    const first = published[0]!;
    return {
      reachable: true,
      path: [...first.fromInternet.path, nicHop(to)],
      reason: `published: ${published.map((service) => `${service.service} ${service.ports.map((port) => `${port.proto}/${port.port}`).join("+")}`).join(", ")}`,
      pathMtu: toClass.internet.pathMtu,
      largePacket: toClass.internet.largePacket,
    };
  }
  const router = toClass.routerName ?? "the router";
  return no(
    [{ kind: "internet", id: "internet", name: "internet" }],
    toClass.kind === "lan"
      ? `${router} does NAT (masquerade) without a port forward to ${to.name}: nothing from the internet gets in`
      : `nothing is published for ${to.name}; inbound traffic needs a service with port forwards (see services)`,
  );
}

function throughOwnRouter(
  from: Endpoint,
  fromClass: EndpointClass,
  to: Endpoint,
  toClass: EndpointClass,
): PathVerdict {
  const routerHop: Hop = {
    kind: "router",
    id: fromClass.routerId!,
    name: fromClass.routerName ?? fromClass.routerId!,
  };
  const path = [nicHop(from), switchHop(fromClass), routerHop, switchHop(toClass), nicHop(to)];
  if (fromClass.kind === "wan" && toClass.kind === "lan") {
    return no(
      path,
      `${routerHop.name} does NAT (masquerade) on WAN without a port forward: the wan zone forwards nothing to the LAN`,
    );
  }
  return verdict(path, from.mtu, [receiver(to)], `${routerHop.name} routes between its segments.`);
}

function meshRoute(index: Index, from: SiteFacts, to: SiteFacts): string[] {
  // Shortest path over working meta connections (BFS, neighbours in id order).
  const previous = new Map<string, string | null>([[from.id, null]]);
  const queue = [from.id];
  for (let head = 0; head < queue.length && !previous.has(to.id); head++) {
    for (const next of index.sites.get(queue[head]!)?.neighbours ?? []) {
      if (!previous.has(next)) {
        previous.set(next, queue[head]!);
        queue.push(next);
      }
    }
  }
  const route: string[] = [];
  for (let at: string | null | undefined = to.id; at; at = previous.get(at)) route.unshift(at);
  return route;
}

function acrossMesh(
  index: Index,
  from: Endpoint,
  fromClass: EndpointClass,
  fromSite: SiteFacts,
  to: Endpoint,
  toClass: EndpointClass,
  toSite: SiteFacts,
): PathVerdict {
  const intranet = index.intranets.get(fromSite.intranetId)!;
  const start = [nicHop(from), switchHop(fromClass)];
  if (fromSite.id !== toSite.id && fromSite.component !== toSite.component) {
    const cutOff = [fromSite, toSite].find((site) => !site.online || site.degree === 0);
    const why = cutOff
      ? `site ${cutOff.tincName} is cut off from the mesh: ${cutOff.offlineReason ?? (cutOff.failedConnectTo.map((failed) => failed.reason).join("; ") || "no working ConnectTo")}`
      : `the mesh is partitioned: ${fromSite.tincName} and ${toSite.tincName} are in different components`;
    return no(start, why);
  }
  if (intranet.mode === "switch") {
    const blockers = [...fromClass.bridgeBlockers, ...toClass.bridgeBlockers];
    if (blockers.length > 0) return no(start, blockers.join("; "));
  }
  const direct =
    fromSite.reachableInbound || toSite.reachableInbound || fromSite.neighbours.includes(toSite.id);
  const route = direct ? [fromSite.id, toSite.id] : meshRoute(index, fromSite, toSite);
  const routeSites = route.map((id) => index.sites.get(id)!);
  const outer = Math.min(...routeSites.map((site) => site.outerMtu));
  const protocol = routeSites.every((site) => site.tincVersion === "1.1") ? "1.1-sptps" : "1.0";
  const frame = tincMaxFrame(outer, protocol);
  const inner = tincInnerIpMtu(outer, protocol);
  // In switch mode the routers bridge: a frame too big for a LAN NIC dies without ICMP.
  const bridged = intranet.mode === "switch";
  const l2 = bridged
    ? { dropsIcmpFragNeeded: "yes" as const, l2: true }
    : { dropsIcmpFragNeeded: "no" as const };
  const tincId = `tinc:${fromSite.tincName}->${toSite.tincName}`;
  const tincName = `tinc ${fromSite.tincName}→${toSite.tincName}`;
  const clamp = intranet.clampMss ? { clampTo: inner, clampNote: `tinc ClampMSS, ${mssFor(inner)}` } : {};
  const elements: PathElement[] = [
    { id: `${fromSite.routerId}:lan`, name: `${fromSite.routerName} LAN`, mtu: fromSite.lanMtu, ...l2 },
  ];
  if (intranet.pmtuDiscovery) {
    elements.push({ id: tincId, name: tincName, mtu: inner, dropsIcmpFragNeeded: "no", ...clamp });
  } else {
    const known = tincInnerIpMtu(Math.min(fromSite.localOuterMtu, 1500), protocol);
    const worst = routeSites.some((site) => site.uplinkDropsIcmp === "yes")
      ? "yes"
      : routeSites.some((site) => site.uplinkDropsIcmp === "unknown")
        ? "unknown"
        : "no";
    elements.push({
      id: tincId,
      name: tincName,
      mtu: known,
      dropsIcmpFragNeeded: "no",
      ...(intranet.clampMss ? { clampTo: known, clampNote: `tinc ClampMSS, ${mssFor(known)}` } : {}),
    });
    elements.push({
      id: `${tincId}:outer`,
      name: `the outer path of ${tincName}`,
      mtu: inner,
      dropsIcmpFragNeeded: worst,
    });
  }
  elements.push(
    { id: `${toSite.routerId}:lan`, name: `${toSite.routerName} LAN`, mtu: toSite.lanMtu, ...l2 },
    receiver(to),
  );
  const relays = route.slice(1, -1).map((id) => index.sites.get(id)!.tincName);
  const tincHop: Hop = {
    kind: "tinc",
    id: tincId,
    name: tincName,
    mtu: inner,
    note: `${intranet.mode} mode, tinc ${protocol}; outer path MTU ${outer}${relays.length > 0 ? `, relayed via ${relays.join(", ")}` : ""}`,
  };
  const reversed = [...toSite.uplink].reverse();
  const path: Hop[] =
    fromSite.id === toSite.id
      ? [
          ...start,
          { kind: "router", id: fromSite.routerId, name: fromSite.routerName },
          switchHop(toClass),
          nicHop(to),
        ]
      : [
          ...start,
          {
            kind: "router",
            id: fromSite.routerId,
            name: fromSite.routerName,
            note: intranet.mode === "switch" ? "bridges LAN and tinc" : "routes into tinc",
          },
          tincHop,
          ...fromSite.uplink,
          { kind: "internet", id: "internet", name: "internet" },
          ...reversed,
          { kind: "router", id: toSite.routerId, name: toSite.routerName },
          switchHop(toClass),
          nicHop(to),
        ];
  if (fromSite.id === toSite.id)
    return verdict(path, from.mtu, [receiver(to)], `${fromSite.routerName} routes between its LAN segments.`);
  const facts = `tinc ${protocol} over an outer path MTU of ${outer}: largest frame ${frame}, inner IP MTU ${inner} (MSS ${mssFor(inner)}).${
    intranet.pmtuDiscovery
      ? " PMTUDiscovery probes the outer path (it survives ICMP black holes there); frames too big for it get a forged ICMP frag-needed (DF) or are fragmented by tinc (no DF) — ⚠ forged ICMP in switch mode is unverified on a real tincd."
      : " PMTUDiscovery is off: tinc only learns the outer MTU from EMSGSIZE and ICMP, so a narrower hop that drops ICMP black-holes large frames."
  }`;
  const result = verdict(path, from.mtu, elements, facts);
  if (result.largePacket && result.largePacket.tcp !== "ok" && result.largePacket.tcp !== "clamped") {
    result.largePacket.fix = `Set the LAN MTU to ${inner} on ${[fromSite.tincName, toSite.tincName].sort(compareStrings).join(" and ")} (DHCP option 26), or turn on PMTUDiscovery and ClampMSS (MSS ${mssFor(inner)}); tinc PMTU = ${frame} pins the frame size.`;
  }
  const probedBlind = intranet.pmtuDiscovery
    ? routeSites.find(
        (site) =>
          site.outerMtu === outer && site.outerMtu < site.localOuterMtu && site.uplinkDropsIcmp === "yes",
      )
    : undefined;
  if (probedBlind && result.largePacket) markProbedUpperBound(result, probedBlind, inner, frame);
  return result;
}

/**
 * The outer path narrows beyond `site`'s WAN at a hop that drops ICMP frag-needed: tincd learns
 * the outer MTU only from its probes (random sizes, a few per PingInterval), so the inner MTU it
 * settles at is at most `inner` and converges slowly — the emulated demo's hamburg settled at
 * 1371-1372 (1324 while still probing) against 1373 and had not converged after 45 s.
 */
function markProbedUpperBound(result: PathVerdict, site: SiteFacts, inner: number, frame: number): void {
  const large = result.largePacket!;
  // Only the number is uncertain: ClampMSS and tinc's forged ICMP follow whatever tincd settles
  // at, so the large-packet outcome (and the pair's grade) stands.
  result.pathMtuUpperBound = true;
  const narrowHop = site.uplink.find((hop) => hop.id === site.outerMtuLimitedBy)?.name ?? "a hop";
  large.explanation += ` ${inner} is an upper bound: ${narrowHop} on ${site.tincName}'s uplink drops ICMP frag-needed, so tincd finds the outer MTU only by probing with random sizes and settles at or a few bytes below ${inner}, slowly (emulated demo, hamburg: 1371-1372 against 1373, 1324 while still probing, not converged after 45 s).`;
  large.fix = `${large.fix ? `${large.fix} ` : ""}Pin the size: PMTU = ${frame} and PMTUDiscovery = no in hosts/${site.tincName} on every node (inner IP MTU ${inner}, MSS ${mssFor(inner)}).`;
}
