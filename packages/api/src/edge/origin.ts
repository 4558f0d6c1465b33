// Which browser origins may change state in labnet (sign-in, sign-up, tRPC mutations). A team
// dashboard is opened at localhost, 127.0.0.1, the notebook's LAN address or a host name; with
// LABNET_URL unset every one of them works because a page is trusted by the server it came from
// (Origin equals the request's own scheme://host). With LABNET_URL set, only that address and the
// LABNET_TRUSTED_ORIGINS list are trusted. Cross-origin pages are refused either way.
import { z } from "zod";

export interface OriginPolicy {
  /** LABNET_URL's origin, or null when unset (then each request's own origin is trusted). */
  canonical: string | null;
  /** LABNET_TRUSTED_ORIGINS: further origins trusted besides the canonical one. */
  extra: string[];
}

const httpOrigin = (variable: string) =>
  z
    .url({ protocol: /^https?$/, error: `${variable}: must be an http:// or https:// URL` })
    .transform((value) => new URL(value).origin);

/** Reads LABNET_URL and LABNET_TRUSTED_ORIGINS; a bad value throws a message naming the variable. */
export function originPolicyFromEnv(env: Record<string, string | undefined>): OriginPolicy {
  const url = env.LABNET_URL?.trim();
  const canonical = url ? parseOrThrow(httpOrigin("LABNET_URL"), url) : null;
  const extra = (env.LABNET_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => parseOrThrow(httpOrigin("LABNET_TRUSTED_ORIGINS"), entry));
  return { canonical, extra };
}

function parseOrThrow<T>(schema: z.ZodType<T, string>, value: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${result.error.issues[0]?.message} (got "${value}")`);
  return result.data;
}

/**
 * scheme://host the browser used to reach this server. The web server (apps/web/server.ts) drops
 * X-Forwarded-Proto/-Host unless they come from a LABNET_TRUSTED_PROXIES address, so here they are
 * either a trusted proxy's or absent.
 */
export function requestOwnOrigin(headers: Headers): string | null {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/** The origins trusted for this request. */
export function trustedOriginsFor(policy: OriginPolicy, headers: Headers): string[] {
  if (policy.canonical) return [policy.canonical, ...policy.extra];
  const own = requestOwnOrigin(headers);
  return own ? [own, ...policy.extra] : [...policy.extra];
}

/**
 * Why a state-changing request from `origin` is refused, in words a person can act on; null when it
 * is trusted. The message names where the page was opened and what labnet is configured for.
 */
export function originRefusal(policy: OriginPolicy, headers: Headers, origin: string): string | null {
  if (trustedOriginsFor(policy, headers).includes(origin)) return null;
  if (origin === "null") {
    return "labnet refused a request from a page without an origin (a sandboxed frame or a file): open labnet in its own tab.";
  }
  if (policy.canonical) {
    return `labnet was opened at ${origin}, but it is configured for ${policy.canonical}: open ${policy.canonical}, or set LABNET_URL=${origin} (or add it to LABNET_TRUSTED_ORIGINS) and restart labnet.`;
  }
  const own = requestOwnOrigin(headers) ?? "this server";
  return `labnet at ${own} refused a request from a page at ${origin}: only labnet's own pages may change data. Set LABNET_TRUSTED_ORIGINS=${origin} if that page is yours.`;
}

/**
 * The same-origin rule for state-changing requests: an Origin header must be trusted; without one
 * (older browsers omit it on some same-origin requests) Sec-Fetch-Site must say same-origin or
 * none (typed by the user). A request with neither is refused: every current browser sends one.
 * Returns the refusal message, or null when the request may proceed.
 */
export function sameOriginRefusal(policy: OriginPolicy, headers: Headers): string | null {
  const origin = headers.get("origin");
  if (origin !== null) return originRefusal(policy, headers, origin);
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin" || site === "none") return null;
  return site
    ? `labnet refused a ${site} request: only labnet's own pages may change data.`
    : "labnet refused a request without Origin or Sec-Fetch-Site: send the request from labnet's pages, or use an API token (Authorization: Bearer lnt_…).";
}
