// A narrow hop that swallows ICMP frag-needed, and nothing clamps the MSS: the handshake works,
// bulk downloads stall (RFC 2923).
import { scenarioModel } from "./builder";
import type { Scenario } from "./types";

export const icmpBlackHole: Scenario = {
  name: "icmp-black-hole",
  description: "An LTE router at MTU 1420 dropping ICMP frag-needed, mtu_fix off: bulk TCP stalls.",
  model: scenarioModel([
    {
      key: "lte",
      segment: 12,
      router: { mtuFix: false },
      uplink: [
        {
          id: "lte-router",
          name: "LTE router",
          kind: "home-router",
          nat: true,
          mtu: 1420,
          dropsIcmpFragNeeded: "yes",
        },
      ],
      vms: [{ name: "lte-build", host: 20 }],
    },
  ]),
};
