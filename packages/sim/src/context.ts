// Lookup tables over a NetworkModel, built once per analysis so every later step is O(1) per
// object. Collections are sorted by id first: results never depend on the input order.
import {
  type Cidr,
  type Intranet,
  type Machine,
  type NetworkModel,
  type Nic,
  parseCidr,
  type Site,
  type StaticLease,
  segmentCount,
  segmentSubnet,
  type VSwitch,
} from "@labnet/model";

export interface ModelContext {
  model: NetworkModel;
  machines: Map<string, Machine>;
  vswitches: Map<string, VSwitch>;
  nics: Nic[];
  nicsByMachine: Map<string, Nic[]>;
  intranets: Map<string, Intranet>;
  intranetCidr: Map<string, Cidr>;
  sites: Site[];
  siteById: Map<string, Site>;
  siteByRouter: Map<string, Site>;
  /** The site's /24, or null when the segment lies outside its intranet. */
  siteSubnet: Map<string, Cidr | null>;
  leases: StaticLease[];
  leasesBySite: Map<string, StaticLease[]>;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

export function buildContext(model: NetworkModel): ModelContext {
  const nics = [...model.nics].sort(byId);
  const sites = [...model.sites].sort(byId);
  const leases = [...model.leases].sort(byId);
  const intranetCidr = new Map<string, Cidr>();
  for (const intranet of model.intranets) {
    const parsed = parseCidr(intranet.cidr);
    if (parsed.ok) intranetCidr.set(intranet.id, parsed.value);
  }
  const siteSubnet = new Map<string, Cidr | null>();
  for (const site of sites) {
    const cidr = intranetCidr.get(site.intranetId);
    siteSubnet.set(
      site.id,
      cidr && site.segment < segmentCount(cidr) ? segmentSubnet(cidr, site.segment) : null,
    );
  }
  return {
    model,
    machines: new Map([...model.machines].sort(byId).map((machine) => [machine.id, machine])),
    vswitches: new Map([...model.vswitches].sort(byId).map((vswitch) => [vswitch.id, vswitch])),
    nics,
    nicsByMachine: groupBy(nics, (nic) => nic.machineId),
    intranets: new Map([...model.intranets].sort(byId).map((intranet) => [intranet.id, intranet])),
    intranetCidr,
    sites,
    siteById: new Map(sites.map((site) => [site.id, site])),
    siteByRouter: new Map(sites.map((site) => [site.routerId, site])),
    siteSubnet,
    leases,
    leasesBySite: groupBy(leases, (lease) => lease.siteId),
  };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function routerNics(context: ModelContext, routerId: string, role: "lan" | "wan"): Nic[] {
  return (context.nicsByMachine.get(routerId) ?? []).filter((nic) => nic.role === role);
}
