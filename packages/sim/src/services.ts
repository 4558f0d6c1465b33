// Services published on routers' WAN side: samba passthrough shares (139/445) and the tinc
// port. Each gets a verdict from the network right outside the router and from the internet.
import type { Machine } from "@labnet/model";
import { compareStrings, type ModelContext } from "./context";
import type { MeshFacts } from "./mesh";
import type { Hop, InboundService, ServicePort } from "./types";
import { internetHop, missingForwards, uplinkHops, wanInputVerdict, wanState } from "./uplink";

export const sambaPorts: ServicePort[] = [
  { proto: "tcp", port: 139 },
  { proto: "tcp", port: 445 },
];

function inwardPath(router: Machine): Hop[] {
  return [
    internetHop,
    ...[...uplinkHops(router)].reverse(),
    { kind: "router", id: router.id, name: router.name },
  ];
}

function sambaService(
  context: ModelContext,
  router: Machine,
  shareId: string,
  behindNat: boolean,
): InboundService {
  const wan = wanState(context, router);
  const site = context.siteByRouter.get(router.id);
  const intranet = site ? context.intranets.get(site.intranetId) : undefined;
  const tincListeners =
    site?.publicAddress && intranet ? [{ netname: intranet.netname, port: intranet.port }] : [];
  const verdicts = sambaPorts.map((port) => wanInputVerdict(router, port, tincListeners));
  const refused = verdicts.filter((verdict) => !verdict.accepted);
  const fromUpstream = !wan.online
    ? { reachable: false, reason: wan.reason }
    : refused.length > 0
      ? { reachable: false, reason: refused.map((verdict) => verdict.reason).join("; ") }
      : { reachable: true, reason: verdicts.map((verdict) => verdict.reason).join("; ") };
  const blocked = missingForwards(router, sambaPorts, behindNat);
  const fromInternet = !fromUpstream.reachable
    ? {
        reachable: false,
        reason: `not even reachable from outside the router: ${fromUpstream.reason}`,
        path: inwardPath(router),
      }
    : blocked !== null
      ? { reachable: false, reason: blocked, path: inwardPath(router) }
      : {
          reachable: true,
          reason: "every NAT hop forwards 139 and 445: the share is exposed to the internet",
          path: inwardPath(router),
        };
  return {
    id: `samba:${router.id}:${shareId}`,
    service: "samba",
    routerId: router.id,
    siteId: context.siteByRouter.get(router.id)?.id ?? null,
    shareId,
    ports: sambaPorts,
    fromUpstream,
    fromInternet,
  };
}

export function inboundServices(context: ModelContext, mesh: MeshFacts): InboundService[] {
  const services: InboundService[] = [];
  for (const router of context.machines.values()) {
    if (router.router === null) continue;
    const site = context.siteByRouter.get(router.id);
    const behindNat = site?.behindNat ?? router.router.uplink.some((hop) => hop.nat);
    for (const share of router.router.shares) {
      if (share.servedInterfaces.includes("wan"))
        services.push(sambaService(context, router, share.id, behindNat));
    }
    if (site) {
      const facts = mesh.siteFacts.get(site.id)!;
      const port = site.publicPort ?? context.intranets.get(site.intranetId)?.port ?? 655;
      const wan = wanState(context, router);
      services.push({
        id: `tinc:${router.id}`,
        service: "tinc",
        routerId: router.id,
        siteId: site.id,
        shareId: null,
        ports: [
          { proto: "tcp", port },
          { proto: "udp", port },
        ],
        fromUpstream: wan.online
          ? { reachable: true, reason: `tincd listens on ${port} (labnet opens it in the wan zone)` }
          : { reachable: false, reason: wan.reason },
        fromInternet: {
          reachable: facts.reachableInbound,
          reason: facts.inboundReason,
          path: inwardPath(router),
        },
      });
    }
  }
  return services.sort((a, b) => compareStrings(a.id, b.id));
}
