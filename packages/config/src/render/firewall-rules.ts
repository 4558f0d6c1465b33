// Rules the router needs beyond the model's own: inbound tinc and the seed's samba-on-WAN rules.
import type { FirewallRule } from "@labnet/model";
import type { RouterContext } from "../context";

function covers(rules: FirewallRule[], proto: "tcp" | "udp", port: number): boolean {
  return rules.some((rule) => {
    if (rule.src !== "wan" || rule.dest !== null || rule.target !== "ACCEPT") return false;
    if (!rule.proto.includes(proto) || rule.destPort === null) return false;
    const [low, high = low] = rule.destPort.split("-").map(Number);
    return port >= low! && port <= high!;
  });
}

/** The model's rules plus the derived ones it does not already cover, in a stable order. */
export function effectiveFirewallRules(context: RouterContext): FirewallRule[] {
  const rules = [...context.router.rules];
  for (const { site, intranet } of context.sites) {
    if (site.publicAddress === null) continue;
    const port = intranet.port;
    if (!covers(rules, "tcp", port) || !covers(rules, "udp", port)) {
      rules.push({
        name: `Allow-tinc-${intranet.netname}`,
        src: "wan",
        dest: null,
        proto: ["tcp", "udp"],
        destPort: String(port),
        target: "ACCEPT",
      });
    }
  }
  const sharesOnWan = context.router.shares.some((share) => share.servedInterfaces.includes("wan"));
  if (sharesOnWan && !covers(rules, "tcp", 139)) {
    rules.push({
      name: "netbios ssession service",
      src: "wan",
      dest: null,
      proto: ["tcp"],
      destPort: "139",
      target: "ACCEPT",
    });
  }
  if (sharesOnWan && (!covers(rules, "tcp", 445) || !covers(rules, "udp", 445))) {
    rules.push({
      name: "Samba over TCP/IP",
      src: "wan",
      dest: null,
      proto: ["tcp", "udp"],
      destPort: "445",
      target: "ACCEPT",
    });
  }
  return rules;
}
