// The firewall rules a router really gets: the model's own, then the ones labnet adds so that
// published services work (tinc's port when the site is published, samba's 139/445 when a share
// is served on wan). config renders exactly this list and sim judges by it, so the preview and
// the files can never disagree about an open port. fw4 applies rules in order, first match wins.
import type { FirewallRule, RouterSettings } from "./schema";

/** A tinc daemon this router runs for a published site (others dial in on `port`). */
export interface TincListener {
  netname: string;
  port: number;
}

export const sambaWanPorts = [
  { proto: "tcp", port: 139 },
  { proto: "tcp", port: 445 },
  { proto: "udp", port: 445 },
] as const;

export function portInRange(range: string | null, port: number): boolean {
  if (range === null) return true;
  const [low, high = low] = range.split("-").map(Number);
  return port >= low! && port <= high!;
}

/** Does an ACCEPT rule of the model already let `proto/port` from wan into the router? */
function accepted(rules: FirewallRule[], proto: "tcp" | "udp", port: number): boolean {
  return rules.some(
    (rule) =>
      rule.src === "wan" &&
      rule.dest === null &&
      rule.target === "ACCEPT" &&
      rule.proto.includes(proto) &&
      rule.destPort !== null &&
      portInRange(rule.destPort, port),
  );
}

export function effectiveFirewallRules(
  router: Pick<RouterSettings, "rules"> & { shares: { servedInterfaces: readonly string[] }[] },
  tincListeners: TincListener[],
): FirewallRule[] {
  const rules = [...router.rules];
  for (const listener of tincListeners) {
    if (!accepted(rules, "tcp", listener.port) || !accepted(rules, "udp", listener.port)) {
      rules.push({
        name: `Allow-tinc-${listener.netname}`,
        src: "wan",
        dest: null,
        proto: ["tcp", "udp"],
        destPort: String(listener.port),
        target: "ACCEPT",
      });
    }
  }
  const sharesOnWan = router.shares.some((share) => share.servedInterfaces.includes("wan"));
  if (sharesOnWan && !accepted(rules, "tcp", 139)) {
    rules.push({
      name: "netbios ssession service",
      src: "wan",
      dest: null,
      proto: ["tcp"],
      destPort: "139",
      target: "ACCEPT",
    });
  }
  if (sharesOnWan && (!accepted(rules, "tcp", 445) || !accepted(rules, "udp", 445))) {
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

/** The first rule that decides `proto/port` from wan to the router, or null: the zone policy decides. */
export function wanInputRule(
  rules: FirewallRule[],
  proto: "tcp" | "udp" | "icmp",
  port: number,
): FirewallRule | null {
  return (
    rules.find(
      (rule) =>
        rule.src === "wan" &&
        rule.dest === null &&
        rule.proto.includes(proto) &&
        portInRange(rule.destPort, port),
    ) ?? null
  );
}
