// Small, readable scenario models: each lab is a notebook with an OpenWrt router VM, a few VMs
// on its LAN switch, and the chain of uplink hops between the router's WAN and the internet.
import {
  formatIssue,
  type NetworkModel,
  type NetworkModelInput,
  parseNetworkModel,
  type UplinkHop,
} from "@labnet/model";

type RouterInput = NonNullable<NonNullable<NetworkModelInput["machines"]>[number]["router"]>;
export type HopInput = Partial<UplinkHop> & Pick<UplinkHop, "id" | "name" | "kind">;

export interface LabSpec {
  key: string;
  /** The lab's /24: 192.168.<segment>.0 */
  segment: number;
  uplink: HopInput[];
  router?: Partial<RouterInput>;
  /** VMs on the LAN; `host` null: no static lease, the VM gets a pool address. */
  vms: { name: string; host: number | null }[];
  /** tinc ConnectTo, by lab key. */
  connectTo?: string[];
}

export const TINC_FORWARDS = [
  { proto: "tcp" as const, port: 655 },
  { proto: "udp" as const, port: 655 },
];

const mac = (segment: number, last: number) =>
  `52:54:00:00:${segment.toString(16).padStart(2, "0")}:${last.toString(16).padStart(2, "0")}`;

export function scenarioModel(specs: LabSpec[], intranet: { mode?: "switch" | "router" } = {}): NetworkModel {
  const input: Required<
    Pick<NetworkModelInput, "labs" | "machines" | "vswitches" | "nics" | "sites" | "leases">
  > &
    NetworkModelInput = {
    version: 1,
    labs: [],
    machines: [],
    vswitches: [],
    nics: [],
    intranets: [
      {
        id: "intranet",
        name: "lab intranet",
        netname: "labnet",
        cidr: "192.168.0.0/16",
        mode: intranet.mode ?? "switch",
      },
    ],
    sites: [],
    leases: [],
  };
  for (const spec of specs) {
    const { key, segment } = spec;
    const labId = `lab-${key}`;
    const router = `${key}-router`;
    input.labs.push({ id: labId, name: `${key} notebook` });
    input.vswitches.push(
      { id: `${key}-lan`, labId, name: "LAN", type: "internal" },
      { id: `${key}-wan`, labId, name: "WAN", type: "external", adapterMedium: "ethernet" },
    );
    input.machines.push({
      id: router,
      labId,
      name: router,
      kind: "router",
      router: { openwrtVersion: "23.05.3", ...spec.router, uplink: spec.uplink },
    });
    input.nics.push(
      {
        id: `${router}-lan`,
        machineId: router,
        vswitchId: `${key}-lan`,
        name: "eth0",
        mac: mac(segment, 1),
        macSpoofing: true,
        role: "lan",
        addressing: "static-ip",
        staticIp: `192.168.${segment}.1`,
      },
      {
        id: `${router}-wan`,
        machineId: router,
        vswitchId: `${key}-wan`,
        name: "eth1",
        mac: mac(segment, 2),
        macSpoofing: true,
        role: "wan",
      },
    );
    spec.vms.forEach((vm, index) => {
      const nicMac = mac(segment, 16 + index);
      input.machines.push({ id: vm.name, labId, name: vm.name, kind: "utility-vm" });
      input.nics.push({
        id: `${vm.name}-eth0`,
        machineId: vm.name,
        vswitchId: `${key}-lan`,
        name: "eth0",
        mac: nicMac,
        addressing: vm.host === null ? "dynamic" : "static-lease",
      });
      if (vm.host !== null) {
        input.leases.push({
          id: `lease-${vm.name}`,
          siteId: `site-${key}`,
          mac: nicMac,
          ip: `192.168.${segment}.${vm.host}`,
          hostname: vm.name,
          nicId: `${vm.name}-eth0`,
        });
      }
    });
    const behindNat = spec.uplink.some((hop) => hop.nat !== false);
    input.sites.push({
      id: `site-${key}`,
      intranetId: "intranet",
      routerId: router,
      tincName: key,
      segment,
      lanIp: `192.168.${segment}.1`,
      publicAddress: `${key}.vpn.example.net`,
      publicPort: 655,
      behindNat,
      connectTo: (spec.connectTo ?? []).map((peer) => `site-${peer}`),
    });
  }
  return parsed(input);
}

export function parsed(input: unknown): NetworkModel {
  const result = parseNetworkModel(input);
  if (!result.ok) throw new Error(`scenario model is invalid:\n${result.issues.map(formatIssue).join("\n")}`);
  return result.model;
}

/** A copy of `model` with `edit` applied, validated again. */
export function changed(model: NetworkModel, edit: (copy: NetworkModel) => void): NetworkModel {
  const copy = structuredClone(model);
  edit(copy);
  return parsed(copy);
}
