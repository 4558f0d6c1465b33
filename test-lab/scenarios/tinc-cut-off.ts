// A site nobody connects to and that connects to nobody: tinc never learns about it, so its LAN
// is cut off from the intranet while the other two sites reach each other.
import { scenarioModel, TINC_FORWARDS } from "./builder";
import type { Scenario } from "./types";

const uplink = (key: string) => [
  {
    id: `${key}-home`,
    name: `${key} home router`,
    kind: "home-router" as const,
    nat: true,
    dropsIcmpFragNeeded: "no" as const,
    portForwards: TINC_FORWARDS,
  },
];

export const tincCutOff: Scenario = {
  name: "tinc-cut-off",
  description: "Sites west and centre ConnectTo each other; island has no ConnectTo and nobody names it.",
  model: scenarioModel([
    {
      key: "west",
      segment: 31,
      uplink: uplink("west"),
      vms: [{ name: "west-vm", host: 20 }],
      connectTo: ["centre"],
    },
    {
      key: "centre",
      segment: 32,
      uplink: uplink("centre"),
      vms: [{ name: "centre-vm", host: 20 }],
      connectTo: ["west"],
    },
    {
      key: "island",
      segment: 33,
      uplink: uplink("island"),
      vms: [{ name: "island-vm", host: 20 }],
      connectTo: [],
    },
  ]),
};
