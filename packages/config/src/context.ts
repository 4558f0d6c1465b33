// Lookups every renderer needs: which sites a router serves, its LAN addressing, its leases.
import {
  type Cidr,
  type Intranet,
  ipv4ToInt,
  type Machine,
  type NetworkModel,
  type Nic,
  netmaskOf,
  parseCidr,
  type RouterSettings,
  type Site,
  type StaticLease,
  segmentSubnet,
} from "@labnet/model";

export interface SiteContext {
  site: Site;
  intranet: Intranet;
  intranetCidr: Cidr;
  segment: Cidr;
  /** Every site of the intranet, this one included, sorted by tinc name */
  members: Site[];
  /** Static leases of this site, sorted by address */
  leases: StaticLease[];
}

export interface LanAddressing {
  ipaddr: string;
  prefix: number;
  netmask: string;
  /** OpenWrt `start`: an offset from the LAN's network address, not from the /24 segment */
  dhcpStart: number;
  dhcpLimit: number;
  leaseTime: string;
}

export interface RouterContext {
  machine: Machine;
  router: RouterSettings;
  lanNic: Nic | undefined;
  wanNic: Nic | undefined;
  /** Sites this router serves, sorted by netname then tinc name */
  sites: SiteContext[];
  /** The site whose segment is this router's LAN */
  primary: SiteContext | undefined;
  lan: LanAddressing;
  warnings: string[];
}

export class ModelIndex {
  readonly machines: Map<string, Machine>;
  readonly intranets: Map<string, Intranet>;
  readonly sitesByRouter = new Map<string, Site[]>();
  readonly sitesByIntranet = new Map<string, Site[]>();
  readonly sitesByDhcpServer = new Map<string, Site[]>();
  readonly leasesBySite = new Map<string, StaticLease[]>();
  readonly nicsByMachine = new Map<string, Nic[]>();
  private readonly cidrs = new Map<string, Cidr>();
  private readonly memos = new Map<string, unknown>();

  constructor(readonly model: NetworkModel) {
    this.machines = new Map(model.machines.map((machine) => [machine.id, machine]));
    this.intranets = new Map(model.intranets.map((intranet) => [intranet.id, intranet]));
    for (const site of model.sites) {
      push(this.sitesByRouter, site.routerId, site);
      push(this.sitesByIntranet, site.intranetId, site);
      if (site.dhcpServerId !== null) push(this.sitesByDhcpServer, site.dhcpServerId, site);
    }
    for (const lease of model.leases) push(this.leasesBySite, lease.siteId, lease);
    for (const nic of model.nics) push(this.nicsByMachine, nic.machineId, nic);
    for (const list of this.sitesByIntranet.values()) list.sort(byTincName);
    for (const list of this.leasesBySite.values()) list.sort((a, b) => ipv4ToInt(a.ip) - ipv4ToInt(b.ip));
  }

  /** Output shared by many bundles (every router has every member's tinc hosts file) is made once. */
  memo<T>(key: string, make: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
  }

  intranetCidr(intranet: Intranet): Cidr {
    let cidr = this.cidrs.get(intranet.id);
    if (!cidr) {
      const parsed = parseCidr(intranet.cidr);
      if (!parsed.ok) throw new Error(`intranet ${intranet.name}: ${parsed.error}`);
      cidr = parsed.value;
      this.cidrs.set(intranet.id, cidr);
    }
    return cidr;
  }

  siteContext(site: Site): SiteContext {
    const intranet = this.intranets.get(site.intranetId);
    if (!intranet) throw new Error(`site ${site.tincName}: unknown intranet "${site.intranetId}"`);
    const intranetCidr = this.intranetCidr(intranet);
    return {
      site,
      intranet,
      intranetCidr,
      segment: segmentSubnet(intranetCidr, site.segment),
      members: this.sitesByIntranet.get(intranet.id) ?? [],
      leases: this.leasesBySite.get(site.id) ?? [],
    };
  }

  routerContext(machine: Machine): RouterContext {
    if (!machine.router) throw new Error(`machine ${machine.name} is not a router`);
    const warnings: string[] = [];
    const nics = this.nicsByMachine.get(machine.id) ?? [];
    const lanNic = nics.find((nic) => nic.role === "lan");
    const wanNic = nics.find((nic) => nic.role === "wan");
    const sites = (this.sitesByRouter.get(machine.id) ?? []).map((site) => this.siteContext(site));
    sites.sort((a, b) => compareText(a.intranet.netname, b.intranet.netname) || byTincName(a.site, b.site));
    const primary = sites[0];
    if (sites.length > 1) {
      warnings.push(
        `${machine.name} serves ${sites.length} sites: its LAN is the segment of ${primary!.site.tincName}`,
      );
    }
    const lan = lanAddressing(primary, lanNic);
    if (primary && lanNic?.staticIp && lanNic.staticIp !== primary.site.lanIp) {
      warnings.push(
        `${machine.name}: LAN NIC address ${lanNic.staticIp} differs from site ${primary.site.tincName}'s ${primary.site.lanIp}; using the site's`,
      );
    }
    return { machine, router: machine.router, lanNic, wanNic, sites, primary, lan, warnings };
  }
}

/**
 * In tinc switch mode the whole intranet is one Ethernet segment, so the router's LAN uses the
 * intranet prefix (every 192.168.x.y on-link) while DHCP hands out only this site's /24 pool.
 */
function lanAddressing(primary: SiteContext | undefined, lanNic: Nic | undefined): LanAddressing {
  if (!primary) {
    return {
      ipaddr: lanNic?.staticIp ?? "192.168.1.1",
      prefix: 24,
      netmask: netmaskOf(24),
      dhcpStart: 100,
      dhcpLimit: 150,
      leaseTime: "12h",
    };
  }
  const { site, intranet, intranetCidr, segment } = primary;
  const prefix = intranet.mode === "switch" ? Math.min(intranetCidr.prefix, 24) : 24;
  const lanNetwork = prefix === 24 ? segment.network : intranetCidr.network;
  return {
    ipaddr: site.lanIp,
    prefix,
    netmask: netmaskOf(prefix),
    dhcpStart: ipv4ToInt(segment.network) - ipv4ToInt(lanNetwork) + site.dhcpStart,
    dhcpLimit: site.dhcpLimit,
    leaseTime: site.leaseTime,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byTincName(a: Site, b: Site): number {
  return compareText(a.tincName, b.tincName);
}
