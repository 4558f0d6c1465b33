// The demo network, modelled on the seed article: Windows notebooks with Hyper-V, an OpenWrt
// router VM owning each lab's network, a tinc switch-mode intranet 192.168.0.0/16 joining four
// sites (each ConnectTo the three others), static leases, an uplink with two NATs and a 1492
// PPPoE hop, and a samba passthrough share. It seeds `npm start`, the golden tests and the docs.
import type { NetworkModelInput } from "./schema";
import { networkModelSchema } from "./schema";

type NotebookSpec = {
  key: string;
  owner: string;
  segment: number;
  /** Third and fourth octet of the Hyper-V host's dynamic MAC range (00:15:5d:xx:yy:..). */
  macPrefix: string;
  openwrtVersion: string;
  wanMedium: "ethernet" | "wifi";
  windowsBuild: string;
  vms: { name: string; host: number; cores: number; ramMb: number; os: string }[];
};

const notebooks: NotebookSpec[] = [
  {
    key: "berlin",
    owner: "Anna",
    segment: 10,
    macPrefix: "0a:0a",
    openwrtVersion: "19.07.9",
    wanMedium: "ethernet",
    windowsBuild: "22H2",
    vms: [
      { name: "berlin-ci", host: 20, cores: 2, ramMb: 4096, os: "Debian 12" },
      { name: "berlin-db", host: 21, cores: 1, ramMb: 2048, os: "Debian 12" },
    ],
  },
  {
    key: "munich",
    owner: "Ben",
    segment: 20,
    macPrefix: "0a:14",
    openwrtVersion: "23.05.3",
    wanMedium: "wifi",
    windowsBuild: "23H2",
    vms: [{ name: "munich-files", host: 10, cores: 1, ramMb: 2048, os: "Debian 12" }],
  },
  {
    key: "hamburg",
    owner: "Chloe",
    segment: 30,
    macPrefix: "0a:1e",
    openwrtVersion: "22.03.6",
    wanMedium: "ethernet",
    windowsBuild: "22H2",
    vms: [
      { name: "hamburg-build", host: 20, cores: 4, ramMb: 8192, os: "Ubuntu 24.04" },
      { name: "hamburg-win", host: 30, cores: 2, ramMb: 8192, os: "Windows 11" },
    ],
  },
];

const tincForwards = [
  { proto: "tcp" as const, port: 655 },
  { proto: "udp" as const, port: 655 },
];

function notebook(spec: NotebookSpec): Required<
  Pick<NetworkModelInput, "labs" | "machines" | "vswitches" | "nics">
> & {
  leases: NonNullable<NetworkModelInput["leases"]>;
} {
  const { key, segment } = spec;
  const mac = (last: number) => `00:15:5d:${spec.macPrefix}:${last.toString(16).padStart(2, "0")}`;
  const lanIp = (host: number) => `192.168.${segment}.${host}`;
  const labId = `lab-${key}`;
  return {
    labs: [
      {
        id: labId,
        name: `${key}-notebook`,
        owner: spec.owner,
        cpuCores: 8,
        ramMb: 32768,
        windowsBuild: spec.windowsBuild,
        notes: `${spec.owner}'s notebook lab.`,
      },
    ],
    vswitches: [
      { id: `${key}-lan`, labId, name: "LAN", type: "internal", allowManagementOS: true },
      {
        id: `${key}-wan`,
        labId,
        name: "WAN",
        type: "external",
        adapterName: spec.wanMedium === "wifi" ? "Wi-Fi" : "Ethernet",
        adapterMedium: spec.wanMedium,
        allowManagementOS: false,
      },
    ],
    machines: [
      {
        id: `${key}-host`,
        labId,
        name: `${key}-host`,
        kind: "hyperv-host",
        cpuCores: 8,
        ramMb: 32768,
        os: `Windows 11 Pro ${spec.windowsBuild}`,
      },
      {
        id: `${key}-router`,
        labId,
        name: `${key}-router`,
        kind: "router",
        cpuCores: 1,
        ramMb: 256,
        os: `OpenWrt ${spec.openwrtVersion}`,
        router: {
          openwrtVersion: spec.openwrtVersion,
          wanProto: "dhcp",
          uplink: [],
          sqm: { enabled: true, downloadKbps: 95000, uploadKbps: 4500, linkLayer: "ethernet", overhead: 34 },
        },
      },
      ...spec.vms.map((vm) => ({
        id: vm.name,
        labId,
        name: vm.name,
        kind: "utility-vm" as const,
        cpuCores: vm.cores,
        ramMb: vm.ramMb,
        os: vm.os,
      })),
    ],
    nics: [
      {
        id: `${key}-host-lan`,
        machineId: `${key}-host`,
        vswitchId: `${key}-lan`,
        name: "vEthernet (LAN)",
        mac: mac(1),
        addressing: "static-lease",
      },
      {
        id: `${key}-router-lan`,
        machineId: `${key}-router`,
        vswitchId: `${key}-lan`,
        name: "eth0",
        mac: mac(2),
        macSpoofing: true,
        role: "lan",
        addressing: "static-ip",
        staticIp: lanIp(1),
      },
      {
        id: `${key}-router-wan`,
        machineId: `${key}-router`,
        vswitchId: `${key}-wan`,
        name: "eth1",
        mac: mac(3),
        macSpoofing: true,
        role: "wan",
        addressing: "dynamic",
      },
      ...spec.vms.map((vm, index) => ({
        id: `${vm.name}-eth0`,
        machineId: vm.name,
        vswitchId: `${key}-lan`,
        name: "eth0",
        mac: mac(16 + index),
        addressing: "static-lease" as const,
      })),
    ],
    leases: [
      {
        id: `lease-${key}-host`,
        siteId: `site-${key}`,
        mac: mac(1),
        ip: lanIp(5),
        hostname: `${key}-host`,
        nicId: `${key}-host-lan`,
      },
      ...spec.vms.map((vm, index) => ({
        id: `lease-${vm.name}`,
        siteId: `site-${key}`,
        mac: mac(16 + index),
        ip: lanIp(vm.host),
        hostname: vm.name,
        tags: ["lab"],
        nicId: `${vm.name}-eth0`,
      })),
    ],
  };
}

function buildDemo(): NetworkModelInput {
  const parts = notebooks.map(notebook);
  const model = {
    version: 1 as const,
    labs: parts.flatMap((part) => part.labs),
    machines: parts.flatMap((part) => part.machines),
    vswitches: parts.flatMap((part) => part.vswitches),
    nics: parts.flatMap((part) => part.nics),
    leases: parts.flatMap((part) => part.leases),
    intranets: [
      {
        id: "intranet-corp",
        name: "Corporate intranet",
        netname: "labnet",
        cidr: "192.168.0.0/16",
        mode: "switch" as const,
        port: 655,
        reservedSegments: [0, 1, 255],
      },
    ],
    sites: [] as NonNullable<NetworkModelInput["sites"]>,
  };

  // The office gateway: a physical OpenWrt box with a public address, the mesh's anchor.
  model.labs.push({
    id: "lab-office",
    name: "office-rack",
    owner: "IT",
    windowsBuild: "",
    notes: "Physical gateway in the office rack; the only site with a fixed public address.",
  });
  model.machines.push({
    id: "office-nas",
    labId: "lab-office",
    name: "office-nas",
    kind: "physical",
    cpuCores: 4,
    ramMb: 8192,
    os: "TrueNAS SCALE",
  });
  model.machines.push({
    id: "office-router",
    labId: "lab-office",
    name: "office-router",
    kind: "router",
    cpuCores: 2,
    ramMb: 512,
    os: "OpenWrt 23.05.3",
    router: {
      openwrtVersion: "23.05.3",
      wanProto: "static",
      wanIp: "203.0.113.10",
      uplink: [
        {
          id: "office-isp",
          name: "fibre ISP",
          kind: "isp",
          nat: false,
          mtu: 1500,
          dropsIcmpFragNeeded: "no",
        },
      ],
    },
  });
  model.vswitches.push({ id: "office-lan", labId: "lab-office", name: "rack LAN", type: "private" });
  model.nics.push(
    {
      id: "office-router-lan",
      machineId: "office-router",
      vswitchId: "office-lan",
      name: "br-lan",
      mac: "00:0d:b9:4a:10:01",
      role: "lan",
      addressing: "static-ip",
      staticIp: "192.168.40.1",
      macSpoofing: true,
    },
    {
      id: "office-nas-lan",
      machineId: "office-nas",
      vswitchId: "office-lan",
      name: "eth0",
      mac: "00:0d:b9:4a:10:02",
      addressing: "static-lease",
    },
  );
  model.leases.push({
    id: "lease-office-nas",
    siteId: "site-office",
    mac: "00:0d:b9:4a:10:02",
    ip: "192.168.40.2",
    hostname: "office-nas",
    nicId: "office-nas-lan",
  });

  const uplinks: Record<
    string,
    NonNullable<NonNullable<NetworkModelInput["machines"]>[number]["router"]>["uplink"]
  > = {
    // Two NATs and a PPPoE hop: the seed article's "one NAT too many".
    berlin: [
      {
        id: "berlin-fritzbox",
        name: "home router",
        kind: "home-router",
        nat: true,
        mtu: 1500,
        dropsIcmpFragNeeded: "no",
        portForwards: tincForwards,
      },
      {
        id: "berlin-dsl",
        name: "DSL modem (PPPoE)",
        kind: "modem",
        nat: true,
        mtu: 1492,
        encapsulation: "pppoe",
        dropsIcmpFragNeeded: "unknown",
        downKbps: 100000,
        upKbps: 5000,
        portForwards: tincForwards,
      },
      { id: "berlin-isp", name: "ISP", kind: "isp", nat: false, mtu: 1500, dropsIcmpFragNeeded: "no" },
    ],
    munich: [
      {
        id: "munich-wifi",
        name: "flat Wi-Fi router",
        kind: "home-router",
        nat: true,
        mtu: 1500,
        dropsIcmpFragNeeded: "no",
        portForwards: tincForwards,
      },
      { id: "munich-isp", name: "cable ISP", kind: "isp", nat: false, mtu: 1500, dropsIcmpFragNeeded: "no" },
    ],
    hamburg: [
      // An LTE router with a narrow link that swallows ICMP frag-needed: a PMTUD black hole.
      {
        id: "hamburg-lte",
        name: "LTE router",
        kind: "home-router",
        nat: true,
        mtu: 1428,
        dropsIcmpFragNeeded: "yes",
        portForwards: tincForwards,
      },
      {
        id: "hamburg-isp",
        name: "mobile ISP",
        kind: "isp",
        nat: false,
        mtu: 1500,
        dropsIcmpFragNeeded: "unknown",
      },
    ],
  };
  for (const machine of model.machines) {
    const key = machine.id.replace(/-router$/, "");
    if (machine.router && uplinks[key]) machine.router.uplink = uplinks[key];
  }

  // Berlin passes the Munich file server through to its WAN side (seed article, section 5).
  const berlinRouter = model.machines.find((machine) => machine.id === "berlin-router")!;
  berlinRouter.router!.shares = [
    {
      id: "share-projects",
      name: "projects",
      remoteUnc: "//192.168.20.10/projects",
      mountPoint: "/mnt/remote_resource_1",
      smbVersion: "2.0",
      wsize: 16384,
      soRcvbuf: 4096,
      users: ["anna"],
      servedInterfaces: ["wan", "loopback"],
      credentialsFile: "/etc/samba/credentials/projects",
    },
  ];
  berlinRouter.router!.rules = [
    { name: "netbios ssession service", src: "wan", proto: ["tcp"], destPort: "139", target: "ACCEPT" },
    { name: "Samba over TCP/IP", src: "wan", proto: ["tcp", "udp"], destPort: "445", target: "ACCEPT" },
  ];

  const sites = [
    { key: "berlin", segment: 10, publicAddress: "berlin.dyn.example.net", behindNat: true },
    { key: "munich", segment: 20, publicAddress: "munich.dyn.example.net", behindNat: true },
    { key: "hamburg", segment: 30, publicAddress: "hamburg.dyn.example.net", behindNat: true },
    { key: "office", segment: 40, publicAddress: "vpn.office.example.net", behindNat: false },
  ];
  model.sites = sites.map((site) => ({
    id: `site-${site.key}`,
    intranetId: "intranet-corp",
    routerId: `${site.key}-router`,
    tincName: site.key,
    segment: site.segment,
    lanIp: `192.168.${site.segment}.1`,
    publicAddress: site.publicAddress,
    publicPort: site.publicAddress ? 655 : null,
    behindNat: site.behindNat,
    connectTo: sites.filter((peer) => peer.key !== site.key).map((peer) => `site-${peer.key}`),
  }));
  return model;
}

/** The demo model as a user would write it (defaults not yet filled in). */
export const demoModelInput: NetworkModelInput = buildDemo();
/** The demo model, parsed: every default filled in. */
export const demoModel = networkModelSchema.parse(demoModelInput);
