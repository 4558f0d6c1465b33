// L2 topology: segments (one vSwitch + VLAN), what sits on them, the endpoints with the address
// each will have, and the equivalence classes (segment + MTU) that every verdict is computed for.
import type { Machine, Nic, Site, VSwitch } from "@labnet/model";
import { compareStrings, type ModelContext } from "./context";
import { type SiteDhcp, siteDhcp } from "./dhcp";
import type { ClassKind, Endpoint, EndpointKind, IpSource } from "./types";

export interface Segment {
  key: string;
  vswitch: VSwitch;
  vlanId: number | null;
  kind: Exclude<ClassKind, "unattached" | "internet">;
  nics: Nic[];
  /** Site whose router's LAN NIC is on this segment. */
  gatewaySite: Site | null;
  /** Router with a LAN NIC here (the default gateway), or with its WAN NIC here (WAN segments). */
  router: Machine | null;
}

export interface ClassMembers {
  id: string;
  segment: Segment | null;
  mtu: number;
  endpointIds: string[];
}

export interface Topology {
  segments: Map<string, Segment>;
  endpoints: Endpoint[];
  classes: Map<string, ClassMembers>;
  dhcp: Map<string, SiteDhcp>;
  /** The LAN segment of each site (where its router's LAN NIC is). */
  siteSegment: Map<string, Segment>;
}

export const UNATTACHED_CLASS = "unattached";
export const INTERNET_CLASS = "internet";

export function segmentKey(vswitchId: string, vlanId: number | null): string {
  return vlanId === null ? vswitchId : `${vswitchId}.v${vlanId}`;
}

export function classIdFor(segment: string, mtu: number): string {
  return mtu === 1500 ? `seg:${segment}` : `seg:${segment}@${mtu}`;
}

function endpointKind(machine: Machine | undefined, nic: Nic): EndpointKind {
  if (machine?.kind === "hyperv-host") return "host-vnic";
  if (machine?.kind === "router" && nic.role === "wan") return "router-wan";
  if (machine?.kind === "router") return "router-lan";
  return "machine-nic";
}

function buildSegments(context: ModelContext): Map<string, Segment> {
  const segments = new Map<string, Segment>();
  for (const nic of context.nics) {
    if (nic.vswitchId === null) continue;
    const vswitch = context.vswitches.get(nic.vswitchId);
    if (vswitch === undefined) continue;
    const key = segmentKey(nic.vswitchId, nic.vlanId);
    let segment = segments.get(key);
    if (segment === undefined) {
      segment = {
        key,
        vswitch,
        vlanId: nic.vlanId,
        kind: "isolated",
        nics: [],
        gatewaySite: null,
        router: null,
      };
      segments.set(key, segment);
    }
    segment.nics.push(nic);
  }
  for (const segment of segments.values()) {
    const routerNic = (role: "lan" | "wan") =>
      segment.nics.find((nic) => nic.role === role && context.machines.get(nic.machineId)?.kind === "router");
    const lanNic = routerNic("lan");
    const wanNic = routerNic("wan");
    if (lanNic) {
      segment.kind = "lan";
      segment.router = context.machines.get(lanNic.machineId)!;
      // Several routers on one LAN: the one serving a site wins, lowest site id first.
      const routers = segment.nics.filter((nic) => nic.role === "lan").map((nic) => nic.machineId);
      const sites = routers
        .map((routerId) => context.siteByRouter.get(routerId))
        .filter((site): site is Site => site !== undefined)
        .sort((a, b) => compareStrings(a.id, b.id));
      segment.gatewaySite = sites[0] ?? null;
      if (segment.gatewaySite) segment.router = context.machines.get(segment.gatewaySite.routerId)!;
    } else if (wanNic) {
      segment.kind = "wan";
      segment.router = context.machines.get(wanNic.machineId)!;
    } else if (segment.vswitch.type === "external" || segment.vswitch.type === "default") {
      segment.kind = "wan";
    }
  }
  return segments;
}

/** The host's own vNIC when a switch is shared with the management OS but the model names no host NIC on it. */
function implicitHostVnics(context: ModelContext, segments: Map<string, Segment>): Nic[] {
  const implicit: Nic[] = [];
  const hostByLab = new Map<string, Machine>();
  for (const machine of context.machines.values()) {
    if (machine.kind === "hyperv-host" && !hostByLab.has(machine.labId))
      hostByLab.set(machine.labId, machine);
  }
  for (const vswitch of context.vswitches.values()) {
    if (!vswitch.allowManagementOS) continue;
    const segment = segments.get(segmentKey(vswitch.id, null));
    const host = hostByLab.get(vswitch.labId);
    const named = segment?.nics.some((nic) => context.machines.get(nic.machineId)?.kind === "hyperv-host");
    if (named) continue;
    const nic: Nic = {
      id: `host-vnic:${vswitch.id}`,
      machineId: host?.id ?? `host:${vswitch.labId}`,
      vswitchId: vswitch.id,
      name: `vEthernet (${vswitch.name})`,
      mac: "00:00:00:00:00:00",
      macSpoofing: false,
      vlanId: null,
      mtu: 1500,
      role: null,
      addressing: "dynamic",
      staticIp: null,
    };
    implicit.push(nic);
    if (segment) segment.nics.push(nic);
    else {
      const kind = vswitch.type === "external" || vswitch.type === "default" ? "wan" : "isolated";
      segments.set(vswitch.id, {
        key: vswitch.id,
        vswitch,
        vlanId: null,
        kind,
        nics: [nic],
        gatewaySite: null,
        router: null,
      });
    }
  }
  return implicit;
}

function address(
  context: ModelContext,
  nic: Nic,
  kind: EndpointKind,
  segment: Segment | null,
  dhcp: SiteDhcp | null,
): { ip: string | null; ipSource: IpSource } {
  if (nic.addressing === "none") return { ip: null, ipSource: "none" };
  if (nic.addressing === "static-ip") return { ip: nic.staticIp, ipSource: "static-ip" };
  if (kind === "router-wan") {
    const wanIp = context.machines.get(nic.machineId)?.router?.wanIp ?? null;
    return { ip: wanIp, ipSource: wanIp ? "static-ip" : "upstream" };
  }
  if (segment === null) return { ip: null, ipSource: "none" };
  if (dhcp !== null) {
    if (!dhcp.serverOnLan || nic.machineId === dhcp.serverId) return { ip: null, ipSource: "no-dhcp-server" };
    const lease = dhcp.usableByMac.get(nic.mac);
    return lease ? { ip: lease.ip, ipSource: "static-lease" } : { ip: null, ipSource: "dhcp-pool" };
  }
  return segment.kind === "wan" ? { ip: null, ipSource: "upstream" } : { ip: null, ipSource: "none" };
}

export function buildTopology(context: ModelContext): Topology {
  const segments = buildSegments(context);
  const implicit = implicitHostVnics(context, segments);
  const siteSegment = new Map<string, Segment>();
  for (const segment of segments.values()) {
    if (segment.gatewaySite && !siteSegment.has(segment.gatewaySite.id))
      siteSegment.set(segment.gatewaySite.id, segment);
  }
  const dhcp = new Map<string, SiteDhcp>();
  for (const site of context.sites) {
    dhcp.set(site.id, siteDhcp(context, site, siteSegment.get(site.id)?.nics ?? []));
  }

  const endpoints: Endpoint[] = [];
  const classes = new Map<string, ClassMembers>();
  for (const nic of [...context.nics, ...implicit]) {
    const machine = context.machines.get(nic.machineId);
    const kind = endpointKind(machine, nic);
    const segment =
      nic.vswitchId === null ? null : (segments.get(segmentKey(nic.vswitchId, nic.vlanId)) ?? null);
    const site = segment?.gatewaySite ?? null;
    const siteDhcpInfo = segment?.kind === "lan" && site ? (dhcp.get(site.id) ?? null) : null;
    const classId = segment === null ? UNATTACHED_CLASS : classIdFor(segment.key, nic.mtu);
    const members = classes.get(classId);
    if (members) members.endpointIds.push(nic.id);
    else classes.set(classId, { id: classId, segment, mtu: nic.mtu, endpointIds: [nic.id] });
    endpoints.push({
      id: nic.id,
      kind,
      name: `${machine?.name ?? nic.machineId} ${nic.name}`,
      labId: machine?.labId ?? null,
      siteId:
        kind === "router-lan" || kind === "router-wan"
          ? (context.siteByRouter.get(nic.machineId)?.id ?? null)
          : (site?.id ?? null),
      machineId: machine?.id ?? null,
      ...address(context, nic, kind, segment, siteDhcpInfo),
      mac: nic.id.startsWith("host-vnic:") ? null : nic.mac,
      mtu: nic.mtu,
      classId,
    });
  }
  endpoints.push({
    id: "internet",
    kind: "internet",
    name: "the internet",
    labId: null,
    siteId: null,
    machineId: null,
    ip: null,
    ipSource: "none",
    mac: null,
    mtu: 1500,
    classId: INTERNET_CLASS,
  });
  classes.set(INTERNET_CLASS, { id: INTERNET_CLASS, segment: null, mtu: 1500, endpointIds: ["internet"] });
  endpoints.sort((a, b) => compareStrings(a.id, b.id));
  for (const members of classes.values()) members.endpointIds.sort(compareStrings);
  return { segments, endpoints, classes, dhcp, siteSegment };
}
