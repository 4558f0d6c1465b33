// The integrity rules of the inventory, as pure functions over the rows they concern. Services
// load the rows and throw what these return; the same functions word the database backstop's
// errors (see unique.ts), so a race produces the message a sequential edit would.
import {
  type Cidr,
  cidrsOverlap,
  dhcpPool,
  formatCidr,
  hostRange,
  inPool,
  intToIpv4,
  ipv4ToInt,
  nextFreeIp,
  parseCidr,
  segmentCount,
  segmentSubnet,
} from "@labnet/model";

/** What the lease and site rules need to know about a site. */
export interface SiteAddressing {
  tincName: string;
  /** The intranet's CIDR, e.g. 192.168.0.0/16 */
  intranetCidr: string;
  segment: number;
  lanIp: string;
  dhcpStart: number;
  dhcpLimit: number;
}

export interface LeaseHolder {
  hostname: string;
  ip: string;
  mac: string;
  siteTincName: string;
}

export function intranetCidr(cidr: string): Cidr {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(`stored intranet CIDR is invalid: ${parsed.error}`);
  return parsed.value;
}

export function siteSubnet(site: Pick<SiteAddressing, "intranetCidr" | "segment">): Cidr {
  return segmentSubnet(intranetCidr(site.intranetCidr), site.segment);
}

/** The site's dynamic pool, or null when the site hands out no dynamic addresses. */
export function sitePool(site: SiteAddressing) {
  return site.dhcpLimit > 0 ? dhcpPool(siteSubnet(site), site.dhcpStart, site.dhcpLimit) : null;
}

/** Where a static lease's address may not be: outside the /24, network, broadcast, router, pool. */
export function leaseIpProblem(site: SiteAddressing, ip: string): string | null {
  const subnet = siteSubnet(site);
  const value = ipv4ToInt(ip);
  const { first, last } = hostRange(subnet);
  const where = `site ${site.tincName} (${formatCidr(subnet)})`;
  if (value < first - 1 || value > last + 1) return `${ip} is outside ${where}`;
  if (value === first - 1) return `${ip} is the network address of ${where}`;
  if (value === last + 1) return `${ip} is the broadcast address of ${where}`;
  if (ip === site.lanIp) return `${ip} is the router's LAN address of site ${site.tincName}`;
  const pool = sitePool(site);
  if (pool && inPool(pool, ip)) {
    return `${ip} is inside the DHCP pool of site ${site.tincName} (${pool.first}–${pool.last}); static leases must be outside it`;
  }
  return null;
}

/** The lowest address a new static lease may take, or null when the site is full. */
export function nextFreeLeaseIp(site: SiteAddressing, usedIps: Iterable<string>): string | null {
  return nextFreeIp(siteSubnet(site), sitePool(site), [...usedIps, site.lanIp]);
}

export function macTaken(mac: string, holder: LeaseHolder): string {
  return `MAC ${mac} is already leased to ${holder.hostname} at site ${holder.siteTincName}`;
}

export function ipTaken(ip: string, holder: LeaseHolder): string {
  return `${ip} is already leased to ${holder.hostname} (${holder.mac}) at site ${holder.siteTincName}`;
}

export function hostnameTaken(hostname: string, holder: LeaseHolder): string {
  return `hostname ${hostname} is already used at site ${holder.siteTincName} (${holder.ip}, ${holder.mac})`;
}

export function nicMacTaken(mac: string, holder: { nicName: string; machineName: string }): string {
  return `MAC ${mac} is already used by ${holder.nicName} of machine ${holder.machineName}`;
}

// ── sites ──────────────────────────────────────────────────────────────────────────────────

export interface IntranetSegments {
  name: string;
  cidr: string;
  reservedSegments: number[];
}

export function segmentProblem(
  intranet: IntranetSegments,
  segment: number,
  usedBy: { tincName: string } | null,
): string | null {
  const cidr = intranetCidr(intranet.cidr);
  const count = segmentCount(cidr);
  if (segment < 0 || segment >= count) {
    return `segment ${segment} is outside ${intranet.cidr} (segments 0–${count - 1})`;
  }
  if (intranet.reservedSegments.includes(segment)) {
    return `segment ${segment} is reserved in intranet ${intranet.name}`;
  }
  if (usedBy) {
    return `segment ${segment} (${formatCidr(segmentSubnet(cidr, segment))}) is already used by site ${usedBy.tincName}`;
  }
  return null;
}

export function tincNameTaken(tincName: string, intranetName: string): string {
  return `tinc name ${tincName} is already used in intranet ${intranetName}`;
}

/** The router's LAN address: a host address of the segment, outside the DHCP pool. */
export function lanIpProblem(site: SiteAddressing): string | null {
  const subnet = siteSubnet(site);
  const value = ipv4ToInt(site.lanIp);
  const { first, last } = hostRange(subnet);
  if (value < first || value > last) {
    return `LAN address ${site.lanIp} must be a host address of ${formatCidr(subnet)} (${intToIpv4(first)}–${intToIpv4(last)})`;
  }
  const pool = sitePool(site);
  if (pool && inPool(pool, site.lanIp)) {
    return `LAN address ${site.lanIp} is inside the DHCP pool ${pool.first}–${pool.last}`;
  }
  return null;
}

/** OpenWrt's start/limit must keep the pool inside .1–.254. */
export function dhcpPoolProblem(dhcpStart: number, dhcpLimit: number): string | null {
  if (dhcpLimit > 0 && dhcpStart + dhcpLimit - 1 > 254) {
    return `the DHCP pool .${dhcpStart}–.${dhcpStart + dhcpLimit - 1} runs past .254: lower the start or the limit`;
  }
  return null;
}

export interface PeerSite {
  id: string;
  intranetId: string;
  tincName: string;
}

/** tinc ConnectTo: only other sites of the same intranet, each once. */
export function connectToProblem(
  site: { id: string | null; intranetId: string },
  requested: string[],
  peers: PeerSite[],
): string | null {
  const byId = new Map(peers.map((peer) => [peer.id, peer]));
  const seen = new Set<string>();
  for (const peerId of requested) {
    if (peerId === site.id) return "a site cannot ConnectTo itself";
    const peer = byId.get(peerId);
    if (!peer) return "ConnectTo names a site that does not exist";
    if (peer.intranetId !== site.intranetId) {
      return `site ${peer.tincName} is in another intranet: ConnectTo only joins sites of the same intranet`;
    }
    if (seen.has(peerId)) return `site ${peer.tincName} is listed twice`;
    seen.add(peerId);
  }
  return null;
}

/**
 * Intranets of a team may not overlap: a router in two of them (or a host routing between them)
 * could not tell which site an address belongs to.
 */
export function intranetOverlapProblem(
  cidr: string,
  others: { name: string; cidr: string }[],
): string | null {
  const mine = intranetCidr(cidr);
  const other = others.find((candidate) => cidrsOverlap(mine, intranetCidr(candidate.cidr)));
  return other ? `${cidr} overlaps intranet ${other.name} (${other.cidr})` : null;
}

/** An intranet is carved into /24 segments, so it must hold at least one. */
export function intranetCidrProblem(cidr: string): string | null {
  const parsed = intranetCidr(cidr);
  if (parsed.prefix > 24) return `${cidr} is smaller than a /24: an intranet holds /24 site segments`;
  if (parsed.prefix < 8) return `${cidr} is larger than a /8: pick a private range such as 192.168.0.0/16`;
  return null;
}

// ── optimistic concurrency ─────────────────────────────────────────────────────────────────

/** "hostname is now berlin-db" for every field whose current value differs from the base. */
export function describeChanges(
  base: Record<string, unknown>,
  current: Record<string, unknown>,
  fields: readonly string[],
): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const field of fields) {
    if (JSON.stringify(blankAsNull(base[field])) !== JSON.stringify(blankAsNull(current[field]))) {
      changes[field] = `${field} is now ${formatValue(current[field])}`;
    }
  }
  return changes;
}

/** null, undefined and "" all read as "empty" to the user: not a change between them. */
function blankAsNull(value: unknown): unknown {
  return value === undefined || value === "" ? null : value;
}

/** List items by name where they have one (hops, shares), else as text. */
function formatItem(item: unknown): string {
  if (typeof item === "object" && item !== null) {
    return "name" in item ? String(item.name) : JSON.stringify(item);
  }
  return String(item);
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "empty";
  if (Array.isArray(value)) return value.length === 0 ? "empty" : value.map(formatItem).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
