// The shape of everything sim returns: plain, JSON-serialisable data, sorted by stable keys so
// that golden files, diffs and the emulated-lab comparison stay stable.

export type EndpointKind = "machine-nic" | "host-vnic" | "router-lan" | "router-wan" | "internet";

/** Where an endpoint's address comes from (what a DHCP client would get, for dynamic ones). */
/** no-dhcp-server: a DHCP client on a LAN whose DHCP server (the site's dhcpServerId) cannot answer it. */
export type IpSource = "static-ip" | "static-lease" | "dhcp-pool" | "no-dhcp-server" | "upstream" | "none";

export interface Endpoint {
  /** The NIC id; synthesised ids: `host-vnic:<vswitchId>` and `internet`. */
  id: string;
  kind: EndpointKind;
  name: string;
  labId: string | null;
  siteId: string | null;
  machineId: string | null;
  ip: string | null;
  ipSource: IpSource;
  mac: string | null;
  mtu: number;
  classId: string;
}

export type ClassKind = "lan" | "wan" | "isolated" | "unattached" | "internet";

/** One step of a path, in the order a packet travels. */
export interface Hop {
  kind: "nic" | "vswitch" | "router" | "tinc" | "uplink-hop" | "internet";
  id: string;
  name: string;
  /** The IP MTU this step can carry (after its own encapsulation), when it limits packets. */
  mtu?: number;
  note?: string;
}

export type TcpOutcome = "ok" | "clamped" | "fragmented" | "black-hole";
export type UdpOutcome = "ok" | "fragmented" | "black-hole";

export interface LargePacketVerdict {
  tcp: TcpOutcome;
  /** Full-size UDP datagrams: fragmented when DF is clear, black-holed when DF traffic dies. */
  udp: UdpOutcome;
  /** False when the verdict rests on a hop whose ICMP handling is "unknown". */
  certain: boolean;
  explanation: string;
  /** A concrete fix with numbers, when something is not ok. */
  fix?: string;
}

export interface PathVerdict {
  reachable: boolean;
  path: Hop[];
  reason?: string;
  /** Effective path MTU (IP bytes) or null when not reachable. */
  pathMtu: number | null;
  /**
   * True when `pathMtu` is only the most the path can carry: tinc must find it by probing an
   * outer path that drops ICMP frag-needed, and settles at or below it, slowly.
   */
  pathMtuUpperBound?: boolean;
  largePacket: LargePacketVerdict | null;
}

export interface InternetAccess extends PathVerdict {
  /** Hop id of the narrowest link (null when nothing narrows the sender's MTU). */
  narrowestHopId: string | null;
}

/** Endpoints that share an L2 segment (vSwitch + VLAN): every verdict is the same for them. */
export interface EndpointClass {
  id: string;
  kind: ClassKind;
  labId: string | null;
  vswitchId: string | null;
  vswitchName: string | null;
  vlanId: number | null;
  /** The IP MTU of the NICs in this class. */
  mtu: number;
  /** The site whose router's LAN NIC sits on this segment (the segment's default gateway). */
  siteId: string | null;
  /** Router machine acting as gateway (LAN segments) or whose WAN NIC is here (WAN segments). */
  routerId: string | null;
  routerName: string | null;
  /** Bridged L2 domain: switch-mode sites in one mesh component share one domain. */
  domainId: string;
  endpointIds: string[];
  /** Why frames from other sites cannot arrive on this segment, when they cannot. */
  bridgeBlockers: string[];
  internet: InternetAccess;
}

export interface FailedConnectTo {
  target: string;
  reason: string;
}

export interface SiteFacts {
  id: string;
  tincName: string;
  intranetId: string;
  routerId: string;
  routerName: string;
  /** The machine whose dnsmasq serves the site's DHCP: the router, or the site's dhcpServerId. */
  dhcpServerId: string;
  subnet: string;
  tincVersion: "1.0" | "1.1";
  /** MTU of the router's LAN NIC: frames from other sites leave through it. */
  lanMtu: number;
  online: boolean;
  offlineReason?: string;
  /** Can other sites open a tinc connection to this one? */
  reachableInbound: boolean;
  inboundReason: string;
  connectTo: string[];
  /** ConnectTo entries that cannot work, with the reason. */
  failedConnectTo: FailedConnectTo[];
  /** Neighbours over working meta connections (either side initiated). */
  neighbours: string[];
  degree: number;
  /** Index into the intranet's components. */
  component: number;
  articulation: boolean;
  /** Groups of sites that lose the rest of the mesh when this site goes down. */
  cutsOff: string[][];
  /** IP MTU of this site's outward path (router WAN NIC and uplink hops). */
  outerMtu: number;
  outerMtuLimitedBy: string | null;
  /** What the router itself can see of that path: its WAN interface MTU. */
  localOuterMtu: number;
  /** Worst ICMP frag-needed handling among the uplink hops. */
  uplinkDropsIcmp: "yes" | "no" | "unknown";
  /** The uplink, router side first. */
  uplink: Hop[];
}

export interface IntranetFacts {
  id: string;
  mode: "switch" | "router";
  port: number;
  pmtuDiscovery: boolean;
  clampMss: boolean;
  /** Sorted groups of site ids that reach each other over the mesh. */
  components: string[][];
  connected: boolean;
}

export interface ServicePort {
  proto: "tcp" | "udp";
  port: number;
}

export interface InboundService {
  id: string;
  service: "samba" | "tinc";
  routerId: string;
  siteId: string | null;
  shareId: string | null;
  ports: ServicePort[];
  /** From the network right outside the router's WAN (the home LAN, the office floor). */
  fromUpstream: { reachable: boolean; reason: string };
  /** From the internet, through every NAT hop of the uplink. */
  fromInternet: { reachable: boolean; reason: string; path: Hop[] };
}

export type Severity = "error" | "warning" | "info";

export type FindingObjectType =
  | "site"
  | "lease"
  | "nic"
  | "machine"
  | "vswitch"
  | "intranet"
  | "hop"
  | "share"
  | "class";

export interface FindingObject {
  type: FindingObjectType;
  id: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  explanation: string;
  objects: FindingObject[];
  fix: string;
  /** Partitions the mesh, black-holes a path or makes a lease conflict: push should wait. */
  blocking: boolean;
}

export interface FindingRule {
  id: string;
  severity: Severity;
  title: string;
  mechanism: string;
}

export interface Analysis {
  endpoints: Endpoint[];
  classes: EndpointClass[];
  sites: SiteFacts[];
  intranets: IntranetFacts[];
  services: InboundService[];
  findings: Finding[];
}
