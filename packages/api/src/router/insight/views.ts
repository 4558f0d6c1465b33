// Pure view builders: a NetworkModel and its Analysis in, the data each insight screen draws out.
// They join sim's facts back to the model's names (labs, NIC MACs, uplink hop settings), so the
// browser needs no model of its own. The plan view calls them with a draft model to show before
// and after with the same components.
import type { Machine, NetworkModel, Nic } from "@labnet/model";
import {
  type Analysis,
  type Endpoint,
  encapsulationOverhead,
  type Finding,
  type FindingObject,
  gradeOf,
  type Hop,
  mssFor,
  type PairGrade,
  type Severity,
  tincFrameOverhead,
  tincMaxFrame,
  verdictFor,
} from "@labnet/sim";
import type { TeamInsight } from "./cache";

// ── shared lookups ──────────────────────────────────────────────────────────────────────────

interface Lookups {
  labs: Map<string, NetworkModel["labs"][number]>;
  machines: Map<string, Machine>;
  nics: Map<string, Nic>;
  vswitches: Map<string, NetworkModel["vswitches"][number]>;
  sites: Map<string, NetworkModel["sites"][number]>;
  sitesByRouter: Map<string, NetworkModel["sites"][number]>;
  leases: Map<string, NetworkModel["leases"][number]>;
  /** Uplink hop and samba share ids → the router machine that owns them. */
  hopRouter: Map<string, Machine>;
  shareRouter: Map<string, Machine>;
  endpoints: Map<string, Endpoint>;
  classes: Map<string, Analysis["classes"][number]>;
}

const lookupCache = new WeakMap<Analysis, Lookups>();

function lookups(model: NetworkModel, analysis: Analysis): Lookups {
  let found = lookupCache.get(analysis);
  if (found) return found;
  const hopRouter = new Map<string, Machine>();
  const shareRouter = new Map<string, Machine>();
  for (const machine of model.machines) {
    for (const hop of machine.router?.uplink ?? []) hopRouter.set(hop.id, machine);
    for (const share of machine.router?.shares ?? []) shareRouter.set(share.id, machine);
  }
  found = {
    labs: new Map(model.labs.map((lab) => [lab.id, lab])),
    machines: new Map(model.machines.map((machine) => [machine.id, machine])),
    nics: new Map(model.nics.map((nic) => [nic.id, nic])),
    vswitches: new Map(model.vswitches.map((vswitch) => [vswitch.id, vswitch])),
    sites: new Map(model.sites.map((site) => [site.id, site])),
    sitesByRouter: new Map(model.sites.map((site) => [site.routerId, site])),
    leases: new Map(model.leases.map((lease) => [lease.id, lease])),
    hopRouter,
    shareRouter,
    endpoints: new Map(analysis.endpoints.map((endpoint) => [endpoint.id, endpoint])),
    classes: new Map(analysis.classes.map((members) => [members.id, members])),
  };
  lookupCache.set(analysis, found);
  return found;
}

/** A finding object located in the inventory: which lab it lives in and which node of the lab map shows it. */
export interface LocatedObject extends FindingObject {
  label: string;
  labId: string | null;
  /** Node of the lab map that carries the marker (machine, vswitch or uplink hop id). */
  nodeId: string | null;
  siteId: string | null;
}

function locate(look: Lookups, object: FindingObject): LocatedObject {
  const inLab = (machine: Machine | undefined, label: string, nodeId = machine?.id ?? null) => ({
    ...object,
    label,
    labId: machine?.labId ?? null,
    nodeId,
    siteId: machine ? (look.sitesByRouter.get(machine.id)?.id ?? null) : null,
  });
  switch (object.type) {
    case "site": {
      const site = look.sites.get(object.id);
      return {
        ...inLab(look.machines.get(site?.routerId ?? ""), `site ${site?.tincName ?? object.id}`),
        siteId: object.id,
      };
    }
    case "lease": {
      const lease = look.leases.get(object.id);
      const site = look.sites.get(lease?.siteId ?? "");
      const owner = look.nics.get(lease?.nicId ?? "");
      const machine = look.machines.get(owner?.machineId ?? site?.routerId ?? "");
      return {
        ...inLab(machine, `lease ${lease?.hostname ?? object.id} (${lease?.ip ?? "?"})`),
        siteId: site?.id ?? null,
      };
    }
    case "nic": {
      const nic = look.nics.get(object.id);
      const machine = look.machines.get(nic?.machineId ?? "");
      return inLab(machine, `NIC ${machine?.name ?? "?"} ${nic?.name ?? object.id}`);
    }
    case "machine": {
      const machine = look.machines.get(object.id);
      return inLab(machine, machine?.name ?? object.id);
    }
    case "vswitch": {
      const vswitch = look.vswitches.get(object.id);
      return {
        ...object,
        label: `vSwitch ${vswitch?.name ?? object.id}`,
        labId: vswitch?.labId ?? null,
        nodeId: vswitch ? object.id : null,
        siteId: null,
      };
    }
    case "hop": {
      const router = look.hopRouter.get(object.id);
      const hop = router?.router?.uplink.find((candidate) => candidate.id === object.id);
      return inLab(
        router,
        `${hop?.name ?? object.id} (uplink of ${router?.name ?? "?"})`,
        router ? object.id : null,
      );
    }
    case "share": {
      const router = look.shareRouter.get(object.id);
      const share = router?.router?.shares.find((candidate) => candidate.id === object.id);
      return inLab(router, `share ${share?.name ?? object.id} on ${router?.name ?? "?"}`);
    }
    case "class": {
      const members = look.classes.get(object.id);
      const vswitch = look.vswitches.get(members?.vswitchId ?? "");
      return {
        ...object,
        label: vswitch
          ? `segment ${vswitch.name}${members?.vlanId ? ` VLAN ${members.vlanId}` : ""}`
          : object.id,
        labId: vswitch?.labId ?? null,
        nodeId: vswitch?.id ?? null,
        siteId: members?.siteId ?? null,
      };
    }
    case "intranet":
      return { ...object, label: "the whole intranet", labId: null, nodeId: null, siteId: null };
  }
}

export interface FindingView {
  key: string;
  ruleId: string;
  severity: Severity;
  title: string;
  explanation: string;
  fix: string;
  blocking: boolean;
  objects: LocatedObject[];
  siteIds: string[];
  labIds: string[];
}

const located = new WeakMap<Analysis, FindingView[]>();

/** Every finding with its objects named and located; the order is sim's (severity, rule, objects). */
export function findingViews(model: NetworkModel, analysis: Analysis): FindingView[] {
  let views = located.get(analysis);
  if (views) return views;
  const look = lookups(model, analysis);
  views = analysis.findings.map((finding: Finding) => {
    const objects = finding.objects.map((object) => locate(look, object));
    const unique = (values: (string | null)[]) =>
      [...new Set(values.filter((v): v is string => v !== null))].sort();
    return {
      key: `${finding.ruleId}|${finding.objects.map((object) => `${object.type}:${object.id}`).join(",")}`,
      ruleId: finding.ruleId,
      severity: finding.severity,
      title: finding.title,
      explanation: finding.explanation,
      fix: finding.fix,
      blocking: finding.blocking,
      objects,
      siteIds: unique(objects.map((object) => object.siteId)),
      labIds: unique(objects.map((object) => object.labId)),
    };
  });
  located.set(analysis, views);
  return views;
}

export type SeverityCounts = Record<Severity, number>;

function countSeverities(findings: FindingView[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

// ── intranet map ────────────────────────────────────────────────────────────────────────────

export interface MeshSite {
  id: string;
  tincName: string;
  segment: number;
  subnet: string;
  labId: string | null;
  labName: string;
  routerName: string;
  online: boolean;
  offlineReason: string | null;
  reachableInbound: boolean;
  inboundReason: string;
  connectToCount: number;
  /** Fewer than three ConnectTo: one or two peers going down cut the site off. */
  underConnected: boolean;
  degree: number;
  component: number;
  articulation: boolean;
  /** Sites (tinc names) that lose the mesh when this one goes down. */
  cutsOff: string[][];
  outerMtu: number;
  findings: SeverityCounts;
}

export interface MeshEdge {
  id: string;
  from: string;
  to: string;
  working: boolean;
  reason: string | null;
}

export interface MeshIntranet {
  id: string;
  name: string;
  netname: string;
  cidr: string;
  mode: "switch" | "router";
  connected: boolean;
  components: number;
  sites: MeshSite[];
  edges: MeshEdge[];
}

export interface MeshView {
  intranets: MeshIntranet[];
  /** Labs that are no site of any intranet (still reachable through the lab map). */
  labsWithoutSite: { id: string; name: string }[];
  findings: SeverityCounts;
}

export function meshView({ model, analysis }: Pick<TeamInsight, "model" | "analysis">): MeshView {
  const look = lookups(model, analysis);
  const findings = findingViews(model, analysis);
  const perSite = new Map<string, FindingView[]>();
  for (const finding of findings) {
    for (const siteId of finding.siteIds) perSite.set(siteId, [...(perSite.get(siteId) ?? []), finding]);
  }
  const facts = new Map(analysis.sites.map((site) => [site.id, site]));
  const names = new Map(model.sites.map((site) => [site.id, site.tincName]));
  const intranets = model.intranets.map((intranet): MeshIntranet => {
    const intranetFacts = analysis.intranets.find((candidate) => candidate.id === intranet.id);
    const sites = model.sites
      .filter((site) => site.intranetId === intranet.id)
      .sort((a, b) => a.segment - b.segment || (a.id < b.id ? -1 : 1))
      .map((site): MeshSite => {
        const fact = facts.get(site.id)!;
        const router = look.machines.get(site.routerId);
        const lab = look.labs.get(router?.labId ?? "");
        return {
          id: site.id,
          tincName: site.tincName,
          segment: site.segment,
          subnet: fact.subnet,
          labId: lab?.id ?? null,
          labName: lab?.name ?? "(no lab)",
          routerName: router?.name ?? site.routerId,
          online: fact.online,
          offlineReason: fact.offlineReason ?? null,
          reachableInbound: fact.reachableInbound,
          inboundReason: fact.inboundReason,
          connectToCount: site.connectTo.length,
          underConnected: site.connectTo.length < 3,
          degree: fact.degree,
          component: fact.component,
          articulation: fact.articulation,
          cutsOff: fact.cutsOff.map((group) => group.map((id) => names.get(id) ?? id)),
          outerMtu: fact.outerMtu,
          findings: countSeverities(perSite.get(site.id) ?? []),
        };
      });
    const edges = model.sites
      .filter((site) => site.intranetId === intranet.id)
      .flatMap((site) =>
        site.connectTo.map((peer): MeshEdge => {
          const failed = facts.get(site.id)?.failedConnectTo.find((entry) => entry.target === peer);
          return {
            id: `${site.id}->${peer}`,
            from: site.id,
            to: peer,
            working: failed === undefined,
            reason: failed?.reason ?? null,
          };
        }),
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return {
      id: intranet.id,
      name: intranet.name,
      netname: intranet.netname,
      cidr: intranet.cidr,
      mode: intranet.mode,
      connected: intranetFacts?.connected ?? false,
      components: intranetFacts?.components.length ?? 0,
      sites,
      edges,
    };
  });
  const siteLabs = new Set(intranets.flatMap((intranet) => intranet.sites.map((site) => site.labId)));
  return {
    intranets,
    labsWithoutSite: model.labs
      .filter((lab) => !siteLabs.has(lab.id))
      .map((lab) => ({ id: lab.id, name: lab.name }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    findings: countSeverities(findings),
  };
}

// ── lab map ─────────────────────────────────────────────────────────────────────────────────

export interface LabNic {
  id: string;
  name: string;
  mac: string | null;
  ip: string | null;
  ipSource: Endpoint["ipSource"];
  mtu: number;
  vswitchId: string | null;
  vlanId: number | null;
  role: "lan" | "wan" | null;
  macSpoofing: boolean;
}

export interface LabMachine {
  id: string;
  name: string;
  kind: Machine["kind"];
  os: string;
  nics: LabNic[];
}

export interface LabUplinkHop {
  id: string;
  name: string;
  kind: string;
  nat: boolean;
  mtu: number;
  encapsulation: string;
  overhead: number;
  dropsIcmpFragNeeded: "yes" | "no" | "unknown";
  clampsMss: boolean;
}

export interface LabRouter {
  machineId: string;
  siteId: string | null;
  tincName: string | null;
  wanProto: string;
  wanMasq: boolean;
  mtuFix: boolean;
  uplink: LabUplinkHop[];
  /** The LAN's way to the internet through this router. */
  internet: { reachable: boolean; pathMtu: number | null; grade: PairGrade; narrowestHopId: string | null };
}

export interface LabMarker {
  /** Machine, vswitch or uplink hop id on the lab map. */
  nodeId: string;
  severity: Severity;
  findings: { key: string; title: string; severity: Severity }[];
}

export interface LabView {
  lab: { id: string; name: string; owner: string; notes: string };
  machines: LabMachine[];
  vswitches: NetworkModel["vswitches"];
  /** Host vNICs sim assumes on switches shared with the management OS, when none is modelled. */
  hostVnics: { id: string; vswitchId: string; ip: string | null; mtu: number }[];
  routers: LabRouter[];
  markers: LabMarker[];
  findings: FindingView[];
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function labView(
  { model, analysis }: Pick<TeamInsight, "model" | "analysis">,
  labId: string,
): LabView | null {
  const look = lookups(model, analysis);
  const lab = look.labs.get(labId);
  if (lab === undefined) return null;
  const machines = model.machines.filter((machine) => machine.labId === labId);
  const nicView = (nic: Nic): LabNic => {
    const endpoint = look.endpoints.get(nic.id);
    return {
      id: nic.id,
      name: nic.name,
      mac: nic.mac,
      ip: endpoint?.ip ?? nic.staticIp,
      ipSource: endpoint?.ipSource ?? "none",
      mtu: nic.mtu,
      vswitchId: nic.vswitchId,
      vlanId: nic.vlanId,
      role: nic.role,
      macSpoofing: nic.macSpoofing,
    };
  };
  const routers = machines
    .filter((machine) => machine.router !== null)
    .map((machine): LabRouter => {
      const settings = machine.router!;
      const site = look.sitesByRouter.get(machine.id);
      const lan = analysis.classes.find(
        (members) => members.routerId === machine.id && members.kind === "lan",
      );
      const internet = lan?.internet;
      return {
        machineId: machine.id,
        siteId: site?.id ?? null,
        tincName: site?.tincName ?? null,
        wanProto: settings.wanProto,
        wanMasq: settings.wanMasq,
        mtuFix: settings.mtuFix,
        uplink: settings.uplink.map((hop) => ({
          id: hop.id,
          name: hop.name,
          kind: hop.kind,
          nat: hop.nat,
          mtu: hop.mtu,
          encapsulation: hop.encapsulation,
          overhead: encapsulationOverhead[hop.encapsulation],
          dropsIcmpFragNeeded: hop.dropsIcmpFragNeeded,
          clampsMss: hop.clampsMss,
        })),
        internet: internet
          ? {
              reachable: internet.reachable,
              pathMtu: internet.pathMtu,
              grade: gradeOf(internet),
              narrowestHopId: internet.narrowestHopId,
            }
          : { reachable: false, pathMtu: null, grade: "blocked", narrowestHopId: null },
      };
    });
  const findings = findingViews(model, analysis).filter((finding) => finding.labIds.includes(labId));
  const markers = new Map<string, LabMarker>();
  for (const finding of findings) {
    const nodes = new Set(
      finding.objects
        .filter((object) => object.labId === labId && object.nodeId)
        .map((object) => object.nodeId!),
    );
    for (const nodeId of nodes) {
      const marker = markers.get(nodeId) ?? { nodeId, severity: finding.severity, findings: [] };
      if (severityRank[finding.severity] > severityRank[marker.severity]) marker.severity = finding.severity;
      marker.findings.push({ key: finding.key, title: finding.title, severity: finding.severity });
      markers.set(nodeId, marker);
    }
  }
  return {
    lab: { id: lab.id, name: lab.name, owner: lab.owner, notes: lab.notes },
    machines: machines.map((machine) => ({
      id: machine.id,
      name: machine.name,
      kind: machine.kind,
      os: machine.os,
      nics: model.nics.filter((nic) => nic.machineId === machine.id).map(nicView),
    })),
    vswitches: model.vswitches.filter((vswitch) => vswitch.labId === labId),
    hostVnics: analysis.endpoints
      .filter((endpoint) => endpoint.labId === labId && endpoint.id.startsWith("host-vnic:"))
      .map((endpoint) => ({
        id: endpoint.id,
        vswitchId: endpoint.id.slice("host-vnic:".length),
        ip: endpoint.ip,
        mtu: endpoint.mtu,
      })),
    routers,
    markers: [...markers.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1)),
    findings,
  };
}

// ── reachability matrix ─────────────────────────────────────────────────────────────────────

export interface MatrixEndpoint {
  id: string;
  name: string;
  ip: string | null;
  kind: Endpoint["kind"];
  /** Row/column of this endpoint's class in `grades`. */
  classIndex: number;
}

export interface MatrixGroup {
  id: string;
  label: string;
  detail: string;
  siteId: string | null;
  labId: string | null;
  endpoints: MatrixEndpoint[];
}

export interface MatrixView {
  groups: MatrixGroup[];
  classCount: number;
  /** sim's classMatrix: classCount² grade codes, row-major. */
  grades: string;
}

/** Endpoints grouped by site (else by lab), sites in intranet and segment order, the internet last. */
export function matrixView(insight: Pick<TeamInsight, "model" | "analysis" | "classMatrix">): MatrixView {
  const { model, analysis } = insight;
  const look = lookups(model, analysis);
  const matrix = insight.classMatrix();
  const classIndex = new Map(matrix.classIds.map((id, index) => [id, index]));
  const intranetOrder = new Map(model.intranets.map((intranet, index) => [intranet.id, index]));
  const groups = new Map<string, MatrixGroup & { order: [number, number, string] }>();
  for (const endpoint of analysis.endpoints) {
    const site = endpoint.siteId ? look.sites.get(endpoint.siteId) : undefined;
    const lab = endpoint.labId ? look.labs.get(endpoint.labId) : undefined;
    const id = site ? `site:${site.id}` : lab ? `lab:${lab.id}` : "internet";
    let group = groups.get(id);
    if (group === undefined) {
      group = site
        ? {
            id,
            label: site.tincName,
            detail: `${lab?.name ?? "no lab"} · segment ${site.segment}`,
            siteId: site.id,
            labId: lab?.id ?? null,
            endpoints: [],
            order: [intranetOrder.get(site.intranetId) ?? 0, site.segment, site.id],
          }
        : lab
          ? {
              id,
              label: lab.name,
              detail: "no site",
              siteId: null,
              labId: lab.id,
              endpoints: [],
              order: [1e6, 0, lab.name],
            }
          : {
              id,
              label: "internet",
              detail: "",
              siteId: null,
              labId: null,
              endpoints: [],
              order: [2e6, 0, ""],
            };
      groups.set(id, group);
    }
    group.endpoints.push({
      id: endpoint.id,
      name: endpoint.name,
      ip: endpoint.ip,
      kind: endpoint.kind,
      classIndex: classIndex.get(endpoint.classId)!,
    });
  }
  const sorted = [...groups.values()].sort(
    (a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || (a.order[2] < b.order[2] ? -1 : 1),
  );
  return {
    groups: sorted.map(({ order: _order, ...group }) => group),
    classCount: matrix.classIds.length,
    grades: matrix.grades,
  };
}

// ── path explorer ───────────────────────────────────────────────────────────────────────────

export interface EndpointRef {
  id: string;
  name: string;
  ip: string | null;
  kind: Endpoint["kind"];
  labId: string | null;
  siteId: string | null;
}

export interface LadderHop {
  kind: Hop["kind"];
  id: string;
  name: string;
  mtu: number | null;
  note: string | null;
  /** Bytes this step's encapsulation takes from every packet, and what they are. */
  overhead: { bytes: number; what: string } | null;
  /** Does this step rewrite addresses (NAT)? null when it does not apply. */
  nat: boolean | null;
  /** ICMP frag-needed on the way back: passes, dropped, unknown, or forged by tinc. */
  icmp: "passes" | "drops" | "unknown" | "forges" | null;
  /** MSS clamping done at this step. */
  clamp: string | null;
  /** MAC and address of a NIC, the switch type of a vSwitch. */
  detail: string | null;
}

export interface PathView {
  from: EndpointRef;
  to: EndpointRef;
  reachable: boolean;
  reason: string | null;
  pathMtu: number | null;
  /** The path MTU is a ceiling: tinc probes without ICMP and settles at or a little below it. */
  pathMtuUpperBound: boolean;
  grade: PairGrade;
  largePacket: {
    tcp: string;
    udp: string;
    certain: boolean;
    explanation: string;
    fix: string | null;
  } | null;
  hops: LadderHop[];
}

function endpointRef(endpoint: Endpoint): EndpointRef {
  return {
    id: endpoint.id,
    name: endpoint.name,
    ip: endpoint.ip,
    kind: endpoint.kind,
    labId: endpoint.labId,
    siteId: endpoint.siteId,
  };
}

function ladderHop(model: NetworkModel, look: Lookups, hops: Hop[], index: number): LadderHop {
  const hop = hops[index]!;
  const base: LadderHop = {
    kind: hop.kind,
    id: hop.id,
    name: hop.name,
    mtu: hop.mtu ?? null,
    note: hop.note ?? null,
    overhead: null,
    nat: null,
    icmp: null,
    clamp: null,
    detail: null,
  };
  switch (hop.kind) {
    case "nic": {
      const endpoint = look.endpoints.get(hop.id);
      const details = [endpoint?.mac, endpoint?.ip].filter(Boolean);
      return { ...base, detail: details.length > 0 ? details.join(" · ") : null };
    }
    case "vswitch": {
      const vswitch = look.vswitches.get(hop.id);
      return { ...base, detail: vswitch ? `${vswitch.type} switch` : null };
    }
    case "router": {
      const settings = look.machines.get(hop.id)?.router;
      if (!settings) return base;
      const next = hops[index + 1];
      const outward =
        next !== undefined &&
        (next.kind === "uplink-hop" ||
          next.kind === "internet" ||
          (next.kind === "vswitch" && isWanSwitch(model, hop.id, next.id)));
      if (!outward) return base;
      const wanNic = model.nics.find((nic) => nic.machineId === hop.id && nic.role === "wan");
      const localMtu = (wanNic?.mtu ?? 1500) - (settings.wanProto === "pppoe" ? 8 : 0);
      return {
        ...base,
        mtu: settings.wanProto === "pppoe" ? localMtu : base.mtu,
        overhead: settings.wanProto === "pppoe" ? { bytes: 8, what: "PPPoE on the WAN port" } : null,
        nat: settings.wanMasq,
        icmp: "passes",
        clamp: settings.mtuFix ? `mtu_fix: MSS ${mssFor(localMtu)} (its WAN MTU ${localMtu})` : null,
      };
    }
    case "tinc": {
      const router = hops[index - 1];
      const site = router ? look.sitesByRouter.get(router.id) : undefined;
      const intranet = model.intranets.find((candidate) => candidate.id === site?.intranetId);
      const outer = Number(/outer path MTU (\d+)/.exec(hop.note ?? "")?.[1] ?? Number.NaN);
      const protocol = hop.note?.includes("tinc 1.1") ? "1.1-sptps" : "1.0";
      const frame = Number.isNaN(outer) ? null : tincMaxFrame(outer, protocol);
      return {
        ...base,
        overhead:
          frame === null
            ? null
            : {
                bytes: tincFrameOverhead(frame, protocol),
                what: `tinc ${protocol === "1.0" ? "1.0: Ethernet frame + seqno, CBC padding, MAC, UDP and IP" : "1.1 SPTPS"}; largest frame ${frame} on an outer MTU of ${outer}`,
              },
        nat: false,
        icmp: intranet?.pmtuDiscovery ? "forges" : "unknown",
        clamp: intranet?.clampMss && hop.mtu ? `ClampMSS: MSS ${mssFor(hop.mtu)}` : null,
      };
    }
    case "uplink-hop": {
      const router = look.hopRouter.get(hop.id);
      const settings = router?.router?.uplink.find((candidate) => candidate.id === hop.id);
      if (!settings) return base;
      const bytes = encapsulationOverhead[settings.encapsulation];
      return {
        ...base,
        overhead: bytes > 0 ? { bytes, what: settings.encapsulation } : null,
        nat: settings.nat,
        icmp:
          settings.dropsIcmpFragNeeded === "yes"
            ? "drops"
            : settings.dropsIcmpFragNeeded === "no"
              ? "passes"
              : "unknown",
        clamp: settings.clampsMss ? `MSS ${mssFor(settings.mtu)} (its outer MTU ${settings.mtu})` : null,
        detail: settings.kind,
      };
    }
    case "internet":
      return base;
  }
}

function isWanSwitch(model: NetworkModel, routerId: string, vswitchId: string): boolean {
  return model.nics.some(
    (nic) => nic.machineId === routerId && nic.role === "wan" && nic.vswitchId === vswitchId,
  );
}

/** One pair's verdict as a hop-by-hop ladder; null when either endpoint is not in the analysis. */
export function pathView(
  { model, analysis }: Pick<TeamInsight, "model" | "analysis">,
  fromId: string,
  toId: string,
): PathView | null {
  const look = lookups(model, analysis);
  const from = look.endpoints.get(fromId);
  const to = look.endpoints.get(toId);
  if (from === undefined || to === undefined) return null;
  const verdict = verdictFor(analysis, fromId, toId);
  const large = verdict.largePacket;
  return {
    from: endpointRef(from),
    to: endpointRef(to),
    reachable: verdict.reachable,
    reason: verdict.reason ?? null,
    pathMtu: verdict.pathMtu,
    pathMtuUpperBound: verdict.pathMtuUpperBound === true,
    grade: gradeOf(verdict),
    largePacket: large
      ? {
          tcp: large.tcp,
          udp: large.udp,
          certain: large.certain,
          explanation: large.explanation,
          fix: large.fix ?? null,
        }
      : null,
    hops: verdict.path.map((_hop, index) => ladderHop(model, look, verdict.path, index)),
  };
}

// ── findings panel ──────────────────────────────────────────────────────────────────────────

export interface FindingFilter {
  severity?: Severity | undefined;
  ruleId?: string | undefined;
  siteId?: string | undefined;
}

export function filterFindings(findings: FindingView[], filter: FindingFilter): FindingView[] {
  return findings.filter(
    (finding) =>
      (!filter.severity || finding.severity === filter.severity) &&
      (!filter.ruleId || finding.ruleId === filter.ruleId) &&
      (!filter.siteId || finding.siteIds.includes(filter.siteId)),
  );
}
