// /etc/config/firewall: lan/wan zones (masq, mtu_fix), a vpn zone for router-mode tinc, the rules.
import { hashComment } from "../bundle";
import type { RouterContext } from "../context";
import { renderUci, type UciSectionSpec } from "../uci/write";
import { effectiveFirewallRules } from "./firewall-rules";

/** OpenWrt's own default rules: labnet always renders them, the importer does not model them. */
export const OPENWRT_DEFAULT_RULES = ["Allow-DHCP-Renew", "Allow-Ping"] as const;

export function renderFirewall(context: RouterContext, revision: number | string): string {
  const { router } = context;
  const routedNets = context.sites.filter(({ intranet }) => intranet.mode === "router");
  const rules = effectiveFirewallRules(context);
  const needsVpnZone =
    routedNets.length > 0 || rules.some((rule) => rule.src === "vpn" || rule.dest === "vpn");
  const sections: UciSectionSpec[] = [
    {
      type: "defaults",
      options: [
        ["syn_flood", true],
        ["input", "ACCEPT"],
        ["output", "ACCEPT"],
        ["forward", "REJECT"],
      ],
    },
    {
      type: "zone",
      options: [
        ["name", "lan"],
        ["network", ["lan"]],
        ["input", "ACCEPT"],
        ["output", "ACCEPT"],
        ["forward", "ACCEPT"],
      ],
    },
    {
      type: "zone",
      options: [
        ["name", "wan"],
        ["network", ["wan"]],
        ["input", router.wanInput],
        ["output", "ACCEPT"],
        ["forward", router.wanInput],
        ["masq", router.wanMasq],
        ["mtu_fix", router.mtuFix],
      ],
    },
    {
      type: "forwarding",
      options: [
        ["src", "lan"],
        ["dest", "wan"],
      ],
    },
  ];
  if (needsVpnZone) {
    sections.push(
      {
        type: "zone",
        options: [
          ["name", "vpn"],
          ["device", routedNets.map(({ intranet }) => intranet.netname)],
          ["input", "ACCEPT"],
          ["output", "ACCEPT"],
          ["forward", "ACCEPT"],
        ],
      },
      {
        type: "forwarding",
        options: [
          ["src", "lan"],
          ["dest", "vpn"],
        ],
      },
      {
        type: "forwarding",
        options: [
          ["src", "vpn"],
          ["dest", "lan"],
        ],
      },
    );
  }
  sections.push(
    {
      type: "rule",
      options: [
        ["name", "Allow-DHCP-Renew"],
        ["src", "wan"],
        ["proto", "udp"],
        ["dest_port", "68"],
        ["target", "ACCEPT"],
        ["family", "ipv4"],
      ],
    },
    {
      type: "rule",
      options: [
        ["name", "Allow-Ping"],
        ["src", "wan"],
        ["proto", "icmp"],
        ["icmp_type", "echo-request"],
        ["family", "ipv4"],
        ["target", "ACCEPT"],
      ],
    },
  );
  for (const rule of rules) {
    sections.push({
      type: "rule",
      options: [
        ["name", rule.name],
        ["src", rule.src],
        ["dest", rule.dest],
        ["proto", rule.proto.length === 1 ? rule.proto[0] : rule.proto],
        ["dest_port", rule.destPort],
        ["target", rule.target],
      ],
    });
  }
  return renderUci(
    hashComment(revision, `firewall of ${context.machine.name}`),
    sections,
    "/etc/config/firewall",
  );
}
