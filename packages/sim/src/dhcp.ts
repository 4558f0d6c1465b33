// What dnsmasq on a site's router (or its Linux DHCP server) will hand out: which static leases can be honoured, and the
// address each DHCP client ends up with (its static lease, or one from the dynamic pool).
import {
  cidrContains,
  type DhcpPool,
  dhcpPool,
  hostRange,
  ipv4ToInt,
  type Nic,
  type Site,
  type StaticLease,
} from "@labnet/model";
import type { ModelContext } from "./context";

export interface LeaseProblem {
  leaseId: string;
  /** outside: not a usable host address of the subnet; taken: the address or MAC is already in use. */
  kind: "outside" | "taken";
  reason: string;
}

export interface SiteDhcp {
  /** The machine whose dnsmasq answers: the router, or the Linux machine named as dhcpServerId. */
  serverId: string;
  /**
   * Whether that server can answer on the LAN: a Linux server needs a static address on the
   * router's LAN segment (dnsmasq serves only subnets it has an address in), and never answers
   * its own DHCP requests.
   */
  serverOnLan: boolean;
  pool: DhcpPool | null;
  /** Leases dnsmasq will honour, by MAC. */
  usableByMac: Map<string, StaticLease>;
  /** Leases that cannot be honoured, with the reason (outside the subnet, address taken, …). */
  problems: LeaseProblem[];
}

/** Addresses fixed outside DHCP in a site: the router's LAN IP and static-ip NICs on its LAN. */
function fixedAddresses(site: Site, lanNics: readonly Nic[]): Map<string, string> {
  const fixed = new Map<string, string>([[site.lanIp, `the router's LAN address`]]);
  for (const nic of lanNics) {
    if (nic.addressing === "static-ip" && nic.staticIp !== null && !fixed.has(nic.staticIp)) {
      fixed.set(nic.staticIp, `static address of NIC ${nic.id}`);
    }
  }
  return fixed;
}

export function siteDhcp(context: ModelContext, site: Site, lanNics: readonly Nic[]): SiteDhcp {
  const subnet = context.siteSubnet.get(site.id) ?? null;
  const pool = subnet && site.dhcpLimit > 0 ? dhcpPool(subnet, site.dhcpStart, site.dhcpLimit) : null;
  const fixed = fixedAddresses(site, lanNics);
  const usableByMac = new Map<string, StaticLease>();
  const problems: LeaseProblem[] = [];
  const ipOwner = new Map<string, StaticLease>();
  for (const lease of context.leasesBySite.get(site.id) ?? []) {
    let reason: string | null = null;
    let kind: LeaseProblem["kind"] = "outside";
    if (subnet === null) reason = `site ${site.tincName} has no valid subnet`;
    else if (!cidrContains(subnet, lease.ip))
      reason = `${lease.ip} is outside ${subnet.network}/${subnet.prefix}`;
    else {
      const { first, last } = hostRange(subnet);
      const value = ipv4ToInt(lease.ip);
      kind = "taken";
      if (value < first || value > last) {
        kind = "outside";
        reason = `${lease.ip} is the network or broadcast address`;
      } else if (fixed.has(lease.ip)) reason = `${lease.ip} is already ${fixed.get(lease.ip)}`;
      else if (ipOwner.has(lease.ip)) {
        reason = `${lease.ip} is also leased to ${ipOwner.get(lease.ip)!.mac} (lease ${ipOwner.get(lease.ip)!.id}); dnsmasq serves it to whichever asks first`;
      } else if (usableByMac.has(lease.mac)) {
        reason = `MAC ${lease.mac} already has lease ${usableByMac.get(lease.mac)!.id}`;
      }
    }
    if (reason !== null) {
      problems.push({ leaseId: lease.id, kind, reason });
      continue;
    }
    ipOwner.set(lease.ip, lease);
    usableByMac.set(lease.mac, lease);
  }
  const serverId = site.dhcpServerId ?? site.routerId;
  const serverOnLan =
    site.dhcpServerId === null ||
    lanNics.some((nic) => nic.machineId === site.dhcpServerId && nic.addressing === "static-ip");
  return { serverId, serverOnLan, pool, usableByMac, problems };
}

export function poolText(pool: DhcpPool | null): string {
  return pool ? `${pool.first}-${pool.last}` : "no dynamic pool";
}
