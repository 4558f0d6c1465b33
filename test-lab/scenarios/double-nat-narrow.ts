// The seed's "one NAT too many": two NATs, the outer link narrower. ICMP frag-needed comes back,
// so PMTUD shrinks the packets and bulk downloads complete.
import { scenarioModel } from "./builder";
import type { Scenario } from "./types";

export const doubleNatNarrow: Scenario = {
  name: "double-nat-narrow",
  description: "Two NAT hops, the outer one at MTU 1400 and passing ICMP: path MTU 1400, PMTUD works.",
  model: scenarioModel([
    {
      key: "flat",
      segment: 11,
      uplink: [
        {
          id: "flat-wifi",
          name: "flat Wi-Fi router",
          kind: "home-router",
          nat: true,
          dropsIcmpFragNeeded: "no",
        },
        {
          id: "flat-cgnat",
          name: "carrier NAT",
          kind: "cgnat",
          nat: true,
          mtu: 1400,
          dropsIcmpFragNeeded: "no",
        },
      ],
      vms: [{ name: "flat-dev", host: 30 }],
    },
  ]),
};
