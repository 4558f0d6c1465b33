// analyze(model): the whole preview — endpoints, classes with their way out, the mesh, published
// services and findings. Pure and deterministic: same model (in any order) → same Analysis.
import type { NetworkModel } from "@labnet/model";
import { buildContext, compareStrings, type ModelContext, routerNics } from "./context";
import { runRules } from "./findings";
import { classInternetAccess } from "./internet";
import { analyzeMesh, type MeshFacts } from "./mesh";
import { inboundServices } from "./services";
import { buildTopology, type Segment, type Topology } from "./topology";
import type { Analysis, EndpointClass } from "./types";

/** Switch-mode sites in one mesh component share one L2 domain; every other segment is its own. */
function bridgedDomains(topology: Topology, mesh: MeshFacts): Map<string, string> {
  const domainOf = new Map<string, string>();
  for (const key of topology.segments.keys()) domainOf.set(key, `l2:${key}`);
  for (const intranet of mesh.intranets) {
    if (intranet.mode !== "switch") continue;
    for (const component of intranet.components) {
      const keys = component
        .map((siteId) => topology.siteSegment.get(siteId)?.key)
        .filter((key): key is string => key !== undefined)
        .sort(compareStrings);
      if (keys.length < 2) continue;
      const domain = `l2:${keys[0]}`;
      for (const key of keys) domainOf.set(key, domain);
    }
  }
  return domainOf;
}

function bridgeBlockers(context: ModelContext, segment: Segment | null): string[] {
  const site = segment?.gatewaySite;
  if (!segment || !site || context.intranets.get(site.intranetId)?.mode !== "switch") return [];
  const blockers: string[] = [];
  const router = context.machines.get(site.routerId);
  for (const nic of routerNics(context, site.routerId, "lan")) {
    if (!nic.macSpoofing) {
      blockers.push(
        `${router?.name ?? site.routerId} ${nic.name} has MAC spoofing off: Hyper-V drops the frames it bridges from other sites`,
      );
    }
  }
  if (segment.vswitch.type === "external" && segment.vswitch.adapterMedium === "wifi") {
    blockers.push(
      `"${segment.vswitch.name}" is bound to Wi-Fi, which rewrites the source MACs of bridged frames`,
    );
  }
  return blockers;
}

export function analyze(model: NetworkModel): Analysis {
  const context = buildContext(model);
  const mesh = analyzeMesh(context);
  const topology = buildTopology(context);
  const domains = bridgedDomains(topology, mesh);
  const classes: EndpointClass[] = [...topology.classes.values()]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((members) => {
      const segment = members.segment;
      return {
        id: members.id,
        kind: segment?.kind ?? (members.id === "internet" ? "internet" : "unattached"),
        labId: segment?.vswitch.labId ?? null,
        vswitchId: segment?.vswitch.id ?? null,
        vswitchName: segment?.vswitch.name ?? null,
        vlanId: segment?.vlanId ?? null,
        mtu: members.mtu,
        siteId: segment?.gatewaySite?.id ?? null,
        routerId: segment?.router?.id ?? null,
        routerName: segment?.router?.name ?? null,
        domainId: segment ? domains.get(segment.key)! : members.id,
        endpointIds: members.endpointIds,
        bridgeBlockers: bridgeBlockers(context, segment),
        internet: classInternetAccess(context, members),
      };
    });
  const services = inboundServices(context, mesh);
  const findings = runRules({ context, topology, mesh, classes, services });
  return {
    endpoints: topology.endpoints,
    classes,
    sites: mesh.sites,
    intranets: mesh.intranets,
    services,
    findings,
  };
}
