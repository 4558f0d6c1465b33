// The client's address, for rate limits and session records. Any client can send X-Forwarded-For,
// and Next.js keeps a client's value instead of the socket's, so labnet's web server rewrites the
// forwarded headers of every request before Next.js sees them: from an address listed in
// LABNET_TRUSTED_PROXIES the proxy's headers are kept (and the proxy appended to the chain);
// from anyone else they are replaced by the socket's address. better-auth then walks the chain
// right to left past the trusted proxies (advanced.ipAddress.trustedProxies).
import ipaddr from "ipaddr.js";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type TrustedProxies = { text: string; range: Range }[];

/** LABNET_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges; a bad entry throws naming it. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  return (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((text) => {
      try {
        if (text.includes("/")) return { text, range: ipaddr.parseCIDR(text) };
        const address = normalize(ipaddr.parse(text));
        return { text, range: [address, address.kind() === "ipv4" ? 32 : 128] as Range };
      } catch {
        throw new Error(
          `LABNET_TRUSTED_PROXIES: "${text}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)`,
        );
      }
    });
}

/** ::ffff:a.b.c.d is the IPv4 address a.b.c.d (a dual-stack socket reports IPv4 peers that way). */
function normalize(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/** The socket peer as a plain address string (IPv4-mapped IPv6 unwrapped), or null. */
export function peerAddress(remoteAddress: string | undefined): string | null {
  if (!remoteAddress || !ipaddr.isValid(remoteAddress)) return null;
  return normalize(ipaddr.parse(remoteAddress)).toString();
}

export function isTrustedProxy(address: string | null, proxies: TrustedProxies): boolean {
  if (!address || proxies.length === 0) return false;
  const parsed = normalize(ipaddr.parse(address));
  return proxies.some(({ range }) => parsed.kind() === range[0].kind() && parsed.match(range));
}

/** Headers only a trusted proxy may set; from anyone else they are dropped. */
const proxyHeaders = ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"];

/**
 * Rewrites the forwarded headers of an incoming request in place (Node's IncomingHttpHeaders), from
 * the socket's address: afterwards X-Forwarded-For ends with the socket peer, and X-Forwarded-Proto
 * and -Host are present only when a trusted proxy sent them.
 */
export function rewriteForwardedHeaders(
  headers: Record<string, string | string[] | undefined>,
  remoteAddress: string | undefined,
  proxies: TrustedProxies,
): void {
  const peer = peerAddress(remoteAddress);
  if (isTrustedProxy(peer, proxies)) {
    const forwarded = [headers["x-forwarded-for"]].flat().filter(Boolean).join(", ");
    headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : (peer ?? undefined);
    return;
  }
  for (const name of proxyHeaders) delete headers[name];
  if (peer) headers["x-forwarded-for"] = peer;
  else delete headers["x-forwarded-for"];
}
