// OpenWrt's mtu_fix clamps to the router's own WAN MTU (1500): it cannot see the narrower hop
// further out that drops ICMP frag-needed, so downloads still stall.
import { scenarioModel } from "./builder";
import type { Scenario } from "./types";

export const clampCannotHelp: Scenario = {
  name: "clamp-cannot-help",
  description: "mtu_fix on (clamps to WAN 1500) behind a 1400 hop that drops ICMP: bulk TCP stalls anyway.",
  model: scenarioModel([
    {
      key: "far",
      segment: 14,
      router: { mtuFix: true },
      uplink: [
        { id: "far-home", name: "home router", kind: "home-router", nat: true, dropsIcmpFragNeeded: "no" },
        { id: "far-modem", name: "modem", kind: "modem", nat: false, mtu: 1400, dropsIcmpFragNeeded: "yes" },
      ],
      vms: [{ name: "far-vm", host: 20 }],
    },
  ]),
};
