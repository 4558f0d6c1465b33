// One notebook behind one home router doing NAT: everything fits, PMTUD is never needed.
import { scenarioModel } from "./builder";
import type { Scenario } from "./types";

export const singleNat: Scenario = {
  name: "single-nat",
  description: "One router VM behind a NAT home router; a static lease and a pool client.",
  model: scenarioModel([
    {
      key: "home",
      segment: 10,
      uplink: [
        {
          id: "home-fritzbox",
          name: "home router",
          kind: "home-router",
          nat: true,
          dropsIcmpFragNeeded: "no",
        },
      ],
      vms: [
        { name: "home-ci", host: 20 },
        { name: "home-guest", host: null },
      ],
    },
  ]),
};
