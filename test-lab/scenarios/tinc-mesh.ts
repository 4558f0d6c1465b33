// Three notebooks joined by tinc 1.0 in switch mode: DHCP at each site stays inside it, every
// VM reaches every other across the mesh, and the VPN path MTU follows tinc's CBC arithmetic
// (outer 1500 → inner 1437; the site behind a 1400 hop pins its paths to inner 1341).
import { scenarioModel, TINC_FORWARDS } from "./builder";
import type { Scenario } from "./types";

const homeRouter = (key: string) => ({
  id: `${key}-home`,
  name: `${key} home router`,
  kind: "home-router" as const,
  nat: true,
  dropsIcmpFragNeeded: "no" as const,
  portForwards: TINC_FORWARDS,
});

export const tincMesh: Scenario = {
  name: "tinc-mesh",
  description: "Three tinc switch-mode sites behind NAT with forwards, DHCP at each, one behind a 1400 hop.",
  model: scenarioModel([
    {
      key: "north",
      segment: 21,
      uplink: [homeRouter("north")],
      vms: [
        { name: "north-ci", host: 20 },
        { name: "north-guest", host: null },
      ],
      connectTo: ["east", "south"],
    },
    {
      key: "east",
      segment: 22,
      uplink: [
        homeRouter("east"),
        {
          id: "east-dsl",
          name: "DSL modem",
          kind: "modem",
          nat: true,
          mtu: 1492,
          encapsulation: "pppoe",
          dropsIcmpFragNeeded: "no",
          portForwards: TINC_FORWARDS,
        },
      ],
      vms: [{ name: "east-db", host: 20 }],
      connectTo: ["north", "south"],
    },
    {
      key: "south",
      segment: 23,
      uplink: [
        {
          id: "south-lte",
          name: "LTE router",
          kind: "home-router",
          nat: true,
          mtu: 1400,
          dropsIcmpFragNeeded: "no",
          portForwards: TINC_FORWARDS,
        },
      ],
      vms: [{ name: "south-files", host: 20 }],
      connectTo: ["north", "east"],
    },
  ]),
};
