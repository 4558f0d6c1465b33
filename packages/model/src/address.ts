// Address helpers shared by every package. ipaddr.js does the parsing; these functions add the
// notebook-lab vocabulary on top (MAC notations, /24 segments inside an intranet CIDR, DHCP pools).
import ipaddr from "ipaddr.js";

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const HEX12 = /^[0-9a-f]{12}$/;

/**
 * Accepts the MAC notations people paste: `00:15:5d:80:90:01`, `00-15-5D-80-90-01` (Windows),
 * `0015.5d80.9001` (Cisco), `00155d809001`, in any case. Returns the canonical lower-case,
 * colon-separated form labnet stores and renders.
 */
export function parseMac(input: string): Result<string> {
  const raw = input.trim().toLowerCase();
  let hex: string | null = null;
  if (/^([0-9a-f]{1,2}[:-]){5}[0-9a-f]{1,2}$/.test(raw)) {
    // tinc prints MACs without leading zeros (0:1a:2b:...): pad each octet.
    hex = raw
      .split(/[:-]/)
      .map((octet) => octet.padStart(2, "0"))
      .join("");
  } else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(raw)) {
    hex = raw.replaceAll(".", "");
  } else if (HEX12.test(raw)) {
    hex = raw;
  }
  if (hex === null) {
    return {
      ok: false,
      error: `"${input}" is not a MAC address (expected six hex octets, e.g. 00:15:5d:80:90:01)`,
    };
  }
  return { ok: true, value: formatMac(hex) };
}

/**
 * Why a canonical MAC cannot be a NIC's or a lease's own address: all zeros, broadcast, or a
 * multicast/group address (low bit of the first octet). Null for an ordinary unicast MAC.
 */
export function unicastMacProblem(mac: string): string | null {
  if (mac === "00:00:00:00:00:00") return `${mac} is the all-zero MAC, not a NIC's address`;
  if (mac === "ff:ff:ff:ff:ff:ff") return `${mac} is the broadcast MAC, not a NIC's address`;
  if (Number.parseInt(mac.slice(0, 2), 16) & 1) {
    return `${mac} is a multicast MAC (the first octet is odd), not a NIC's address`;
  }
  return null;
}

function formatMac(hex12: string): string {
  return hex12.match(/../g)!.join(":");
}

export function macToBigInt(mac: string): bigint {
  return BigInt(`0x${mac.replaceAll(":", "")}`);
}

export function macFromBigInt(value: bigint): string {
  return formatMac(value.toString(16).padStart(12, "0"));
}

/** True when `b` is `a` with its last octet increased by `step` (the Windows feature-update drift). */
export function isMacIncrementOf(a: string, b: string, maxStep = 3): boolean {
  const diff = macToBigInt(b) - macToBigInt(a);
  return diff >= 1n && diff <= BigInt(maxStep) && a.slice(0, 15) === b.slice(0, 15);
}

/** Windows and tinc spell MACs differently; these give each tool its own spelling. */
export const macNotation = {
  windows: (mac: string) => mac.toUpperCase().replaceAll(":", "-"),
  tinc: (mac: string) =>
    mac
      .split(":")
      .map((octet) => octet.replace(/^0/, ""))
      .join(":"),
};

export function parseIPv4(input: string): Result<string> {
  const raw = input.trim();
  // ipaddr.js accepts legacy forms (octal, "10.1", hex); lab configs only ever use dotted quads.
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(raw) || !ipaddr.IPv4.isValidFourPartDecimal(raw)) {
    return {
      ok: false,
      error: `"${input}" is not an IPv4 address (expected four numbers 0-255, e.g. 192.168.3.10)`,
    };
  }
  return { ok: true, value: ipaddr.IPv4.parse(raw).toString() };
}

export function ipv4ToInt(ip: string): number {
  const bytes = ipaddr.IPv4.parse(ip).toByteArray();
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

export interface Cidr {
  /** The network address, e.g. 192.168.0.0 */
  network: string;
  prefix: number;
}

/** Parses `a.b.c.d/n` and insists the address is the network address (no host bits set). */
export function parseCidr(input: string): Result<Cidr> {
  const raw = input.trim();
  const [address, prefixText, ...rest] = raw.split("/");
  if (rest.length > 0 || address === undefined || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) {
    return {
      ok: false,
      error: `"${input}" is not a CIDR block (expected address/prefix, e.g. 192.168.0.0/16)`,
    };
  }
  const ip = parseIPv4(address);
  if (!ip.ok) return ip;
  const prefix = Number(prefixText);
  if (prefix > 32) return { ok: false, error: `prefix /${prefix} is larger than 32` };
  const network = intToIpv4(ipv4ToInt(ip.value) & prefixMask(prefix));
  if (network !== ip.value) {
    return { ok: false, error: `"${input}" has host bits set: the network address is ${network}/${prefix}` };
  }
  return { ok: true, value: { network, prefix } };
}

/** Address blocks that cannot carry an intranet's sites (ipaddr.js names each range). */
const nonIntranetRanges: [string, string][] = [
  ["0.0.0.0/8", "'this network' (0.0.0.0/8)"],
  ["127.0.0.0/8", "loopback (127.0.0.0/8)"],
  ["169.254.0.0/16", "link-local (169.254.0.0/16)"],
  ["224.0.0.0/4", "multicast (224.0.0.0/4)"],
  ["240.0.0.0/4", "reserved and broadcast (240.0.0.0/4)"],
];

/** Why a CIDR cannot be an intranet: it overlaps loopback, link-local, multicast, … Null when fine. */
export function intranetCidrProblem(cidr: Cidr): string | null {
  const block = ipaddr.IPv4.parseCIDR(formatCidr(cidr));
  for (const [range, label] of nonIntranetRanges) {
    const special = ipaddr.IPv4.parseCIDR(range);
    // Two CIDR blocks overlap exactly when one contains the other's network address.
    if (block[0].match(special) || special[0].match(block)) {
      return `${formatCidr(cidr)} overlaps ${label}: an intranet needs unicast addresses (e.g. 10.0.0.0/8, 192.168.0.0/16)`;
    }
  }
  return null;
}

export function formatCidr(cidr: Cidr): string {
  return `${cidr.network}/${cidr.prefix}`;
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function netmaskOf(prefix: number): string {
  return intToIpv4(prefixMask(prefix));
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  return (ipv4ToInt(ip) & prefixMask(cidr.prefix)) >>> 0 === ipv4ToInt(cidr.network);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = prefixMask(prefix);
  return (ipv4ToInt(a.network) & mask) >>> 0 === (ipv4ToInt(b.network) & mask) >>> 0;
}

/** Number of /24 segments an intranet CIDR holds (256 for a /16, 1 for a /24). */
export function segmentCount(intranet: Cidr): number {
  return intranet.prefix >= 24 ? 1 : 2 ** (24 - intranet.prefix);
}

/** The /24 of segment `n` inside the intranet: 192.168.0.0/16 segment 7 → 192.168.7.0/24. */
export function segmentSubnet(intranet: Cidr, segment: number): Cidr {
  if (!Number.isInteger(segment) || segment < 0 || segment >= segmentCount(intranet)) {
    throw new RangeError(`segment ${segment} is outside ${formatCidr(intranet)}`);
  }
  return { network: intToIpv4(ipv4ToInt(intranet.network) + segment * 256), prefix: 24 };
}

/** Which segment of the intranet an address falls in, or null when it is outside the intranet. */
export function segmentOf(intranet: Cidr, ip: string): number | null {
  if (!cidrContains(intranet, ip)) return null;
  return Math.floor((ipv4ToInt(ip) - ipv4ToInt(intranet.network)) / 256);
}

/**
 * The next free /24 segment: skips used and reserved ones. Segment 0 and the last segment are
 * skipped unless nothing else is left, because 192.168.0.x and 192.168.255.x collide with the
 * defaults of too many consumer routers.
 */
export function nextFreeSegment(
  intranet: Cidr,
  used: Iterable<number>,
  reserved: Iterable<number> = [],
): number | null {
  const taken = new Set<number>([...used, ...reserved]);
  const count = segmentCount(intranet);
  const preferred = count > 2 ? range(1, count - 1) : range(0, count);
  const fallback = count > 2 ? [0, count - 1] : [];
  for (const segment of [...preferred, ...fallback]) {
    if (!taken.has(segment)) return segment;
  }
  return null;
}

export interface DhcpPool {
  /** First address of the dynamic pool */
  first: string;
  /** Last address of the dynamic pool */
  last: string;
}

/** OpenWrt semantics: `start` is an offset from the network address, `limit` the pool size. */
export function dhcpPool(subnet: Cidr, start: number, limit: number): DhcpPool {
  const base = ipv4ToInt(subnet.network);
  return { first: intToIpv4(base + start), last: intToIpv4(base + start + limit - 1) };
}

export function inPool(pool: DhcpPool, ip: string): boolean {
  const value = ipv4ToInt(ip);
  return value >= ipv4ToInt(pool.first) && value <= ipv4ToInt(pool.last);
}

/** Usable host addresses of a subnet (network and broadcast excluded). */
export function hostRange(subnet: Cidr): { first: number; last: number } {
  const base = ipv4ToInt(subnet.network);
  const size = 2 ** (32 - subnet.prefix);
  return { first: base + 1, last: base + size - 2 };
}

/** Lowest free host address outside the dynamic pool, or null when the subnet is full. */
export function nextFreeIp(subnet: Cidr, pool: DhcpPool | null, used: Iterable<string>): string | null {
  const taken = new Set<number>([...used].map(ipv4ToInt));
  const { first, last } = hostRange(subnet);
  for (let value = first; value <= last; value++) {
    if (taken.has(value)) continue;
    const ip = intToIpv4(value);
    if (pool && inPool(pool, ip)) continue;
    return ip;
  }
  return null;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
