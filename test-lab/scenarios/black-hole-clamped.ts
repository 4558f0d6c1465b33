// The same black hole, but the narrow hop clamps TCP MSS to its own MTU: TCP never sends what
// would need the lost ICMP, so bulk downloads complete.
import { scenarioModel } from "./builder";
import type { Scenario } from "./types";

export const blackHoleClamped: Scenario = {
  name: "black-hole-clamped",
  description:
    "The LTE router at MTU 1420 drops ICMP frag-needed but clamps MSS to 1380: bulk TCP completes.",
  model: scenarioModel([
    {
      key: "clamp",
      segment: 13,
      router: { mtuFix: false },
      uplink: [
        {
          id: "clamp-lte",
          name: "LTE router",
          kind: "home-router",
          nat: true,
          mtu: 1420,
          dropsIcmpFragNeeded: "yes",
          clampsMss: true,
        },
      ],
      vms: [{ name: "clamp-build", host: 20 }],
    },
  ]),
};
