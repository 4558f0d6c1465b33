// A DSL modem with PPPoE (MTU 1492) behind the home router: path MTU 1492, PMTUD works.
import { scenarioModel } from "./builder";
import type { Scenario } from "./types";

export const pppoe: Scenario = {
  name: "pppoe",
  description: "Home router NAT, then a PPPoE DSL modem at 1492 passing ICMP: path MTU 1492.",
  model: scenarioModel([
    {
      key: "dsl",
      segment: 15,
      uplink: [
        { id: "dsl-home", name: "home router", kind: "home-router", nat: true, dropsIcmpFragNeeded: "no" },
        {
          id: "dsl-modem",
          name: "DSL modem",
          kind: "modem",
          nat: true,
          mtu: 1492,
          encapsulation: "pppoe",
          dropsIcmpFragNeeded: "no",
        },
      ],
      vms: [{ name: "dsl-vm", host: 20 }],
    },
  ]),
};
