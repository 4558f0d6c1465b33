// Where to go after sign-in or sign-up. `?next=` comes from a link anyone can craft, so only a path
// on this site is followed: "//other-host/x", "/\other-host", "https://…" and "javascript:…" all
// resolve elsewhere (browsers read "\" as "/"), and fall back to the labs page.
import { codePointProblem } from "@labnet/model";

const fallback = "/labs";
const probe = "http://labnet.invalid";

export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  // Control characters (tab, newline) are dropped by URL parsing and could join "/" and "/" again.
  if (codePointProblem(next) !== null) return fallback;
  let url: URL;
  try {
    url = new URL(next, probe);
  } catch {
    return fallback;
  }
  if (url.origin !== probe) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
