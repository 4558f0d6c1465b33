// A synthetic intranet for benchmarks and property tests: N notebook sites, each a Hyper-V host
// with a router VM, utility VMs and static leases, joined by a tinc switch-mode mesh in which
// every site connects to the next three (site 0 is the office with a public address).
import { type NetworkModel, type NetworkModelInput, networkModelSchema } from "@labnet/model";

export interface SyntheticOptions {
  sites: number;
  /** NICs per site, counting the router's LAN and WAN NICs and the host vNIC (minimum 3). */
  endpointsPerSite: number;
}

const hex = (value: number) => value.toString(16).padStart(2, "0");

export function syntheticModelInput({ sites, endpointsPerSite }: SyntheticOptions): NetworkModelInput {
  const model: Required<
    Pick<NetworkModelInput, "labs" | "machines" | "vswitches" | "nics" | "sites" | "leases">
  > = {
    labs: [],
    machines: [],
    vswitches: [],
    nics: [],
    sites: [],
    leases: [],
  };
  const vms = Math.max(0, endpointsPerSite - 3);
  for (let index = 0; index < sites; index++) {
    const key = `s${index}`;
    const segment = index + 1;
    const mac = (last: number) => `00:15:5d:${hex(segment >> 8)}:${hex(segment & 255)}:${hex(last)}`;
    const labId = `lab-${key}`;
    const forwards = [
      { proto: "tcp" as const, port: 655 },
      { proto: "udp" as const, port: 655 },
    ];
    model.labs.push({ id: labId, name: `${key}-notebook` });
    model.vswitches.push(
      { id: `${key}-lan`, labId, name: "LAN", type: "internal", allowManagementOS: true },
      {
        id: `${key}-wan`,
        labId,
        name: "WAN",
        type: "external",
        adapterName: "Ethernet",
        adapterMedium: "ethernet",
      },
    );
    model.machines.push(
      { id: `${key}-host`, labId, name: `${key}-host`, kind: "hyperv-host" },
      {
        id: `${key}-router`,
        labId,
        name: `${key}-router`,
        kind: "router",
        router: {
          openwrtVersion: "23.05.3",
          uplink:
            index === 0
              ? [{ id: `${key}-isp`, name: "ISP", kind: "isp", nat: false, dropsIcmpFragNeeded: "no" }]
              : [
                  {
                    id: `${key}-home`,
                    name: "home router",
                    kind: "home-router",
                    dropsIcmpFragNeeded: "no",
                    portForwards: forwards,
                  },
                  {
                    id: `${key}-isp`,
                    name: "ISP",
                    kind: "isp",
                    nat: false,
                    mtu: index % 7 === 3 ? 1492 : 1500,
                  },
                ],
        },
      },
    );
    model.nics.push(
      {
        id: `${key}-router-lan`,
        machineId: `${key}-router`,
        vswitchId: `${key}-lan`,
        name: "eth0",
        mac: mac(2),
        macSpoofing: true,
        role: "lan",
        addressing: "static-ip",
        staticIp: `10.0.${segment}.1`,
      },
      {
        id: `${key}-router-wan`,
        machineId: `${key}-router`,
        vswitchId: `${key}-wan`,
        name: "eth1",
        mac: mac(3),
        macSpoofing: true,
        role: "wan",
      },
      {
        id: `${key}-host-lan`,
        machineId: `${key}-host`,
        vswitchId: `${key}-lan`,
        name: "vEthernet (LAN)",
        mac: mac(1),
        addressing: "static-lease",
      },
    );
    model.leases.push({
      id: `lease-${key}-host`,
      siteId: `site-${key}`,
      mac: mac(1),
      ip: `10.0.${segment}.5`,
      hostname: `${key}-host`,
    });
    for (let vm = 0; vm < vms; vm++) {
      const id = `${key}-vm${vm}`;
      model.machines.push({ id, labId, name: id, kind: "utility-vm" });
      model.nics.push({
        id: `${id}-eth0`,
        machineId: id,
        vswitchId: `${key}-lan`,
        name: "eth0",
        mac: mac(16 + vm),
        addressing: "static-lease",
      });
      model.leases.push({
        id: `lease-${id}`,
        siteId: `site-${key}`,
        mac: mac(16 + vm),
        ip: `10.0.${segment}.${10 + vm}`,
        hostname: id,
      });
    }
    model.sites.push({
      id: `site-${key}`,
      intranetId: "intranet-synthetic",
      routerId: `${key}-router`,
      tincName: key,
      segment,
      lanIp: `10.0.${segment}.1`,
      publicAddress: `${key}.example.net`,
      publicPort: 655,
      behindNat: index !== 0,
      connectTo: [1, 2, 3]
        .map((step) => (index + step) % sites)
        .filter((peer) => peer !== index)
        .map((peer) => `site-s${peer}`),
    });
  }
  return {
    version: 1,
    ...model,
    intranets: [
      { id: "intranet-synthetic", name: "Synthetic intranet", netname: "synth", cidr: "10.0.0.0/16" },
    ],
  };
}

export function syntheticModel(options: SyntheticOptions): NetworkModel {
  return networkModelSchema.parse(syntheticModelInput(options));
}
