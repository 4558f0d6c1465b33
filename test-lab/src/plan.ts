// The emulation plan: which namespaces, links, addresses, MTUs, routes and hop rules a
// NetworkModel becomes. Pure, so that the layout is unit-tested without root; build.ts realises it.
//
// Layout per lab with a router (n uplink hops):
//   LAN vSwitch  → a switch namespace with bridge br0; every NIC on it is a veth into its machine.
//   WAN vSwitch  → "segment 0": a switch namespace bridging the router's WAN NIC, a probe namespace
//                  (standing in for "a device on the router's WAN side") and hop 1's inner side.
//   hop k        → a namespace; segment k is the link on its outer side, with the hop's MTU.
//   internet     → one namespace routing between every lab's last segment and the server namespace.
import {
  type Cidr,
  intToIpv4,
  ipv4ToInt,
  type Machine,
  type NetworkModel,
  type Nic,
  parseCidr,
  segmentSubnet,
  type UplinkHop,
} from "@labnet/model";

export const SERVER_IP = "198.51.100.10";
export const INTERNET_SERVER_SIDE_IP = "198.51.100.1";
export const BULK_PORT = 8080;

export interface Interface {
  ns: string;
  ifname: string;
  mtu: number;
  mac?: string;
  /** Address with prefix, e.g. 10.1.0.2/24 */
  address?: string;
  /** Bridge in the same namespace this interface is a port of. */
  master?: string;
}

export interface Link {
  a: Interface;
  b: Interface;
}

export interface Route {
  ns: string;
  to: string;
  via: string;
}

export interface MachineNs {
  machineId: string;
  ns: string;
  kind: Machine["kind"];
  nics: { nicId: string; ifname: string; mac: string; mtu: number }[];
}

export interface RouterPlan {
  machineId: string;
  name: string;
  ns: string;
  wanIfname: string;
  /** The address the harness gives the WAN (the model's DHCP or PPPoE upstream is not emulated). */
  wanIp: string;
  wanPrefix: number;
  gateway: string;
  /** The lab's address on the internet: outside its outermost NAT hop (the router's own without NAT). */
  publicIp: string;
  /** The namespace standing in for the network right outside the router's WAN. */
  probeNs: string;
  probeIp: string;
}

export interface HopPlan {
  hopId: string;
  name: string;
  ns: string;
  /** Namespace and interface on the outer end of this hop's (narrow) link. */
  outerEnd: { ns: string; ifname: string };
  nftRules: string;
}

export interface EmulationPlan {
  prefix: string;
  namespaces: { ns: string; label: string; forwards: boolean }[];
  bridges: { ns: string; name: string; mtu: number }[];
  links: Link[];
  routes: Route[];
  machines: MachineNs[];
  routers: RouterPlan[];
  hops: HopPlan[];
  /** Extra nft rulesets per namespace (ICMP filtering on the outer end of a dropping hop). */
  extraNft: { ns: string; rules: string }[];
  internetNs: string;
  serverNs: string;
  /** Things the emulation had to decide that the model leaves open. */
  notes: string[];
}

export class UnsupportedModel extends Error {
  constructor(readonly problems: string[]) {
    super(`the emulated lab cannot build this model:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** The interface name a NIC gets inside its machine's namespace. */
export function ifnameFor(machine: Machine, nic: Nic, index: number): string {
  // config renders a LAN NIC named like a bridge as port eth0 (see lanPort in packages/config).
  if (machine.kind === "router" && nic.role === "lan" && nic.name.startsWith("br-")) return "eth0";
  return IFNAME.test(nic.name) && nic.name !== "lo" ? nic.name : `eth${index}`;
}

/** Router-side MTU of the WAN link: what the router itself sees (PPPoE takes 8 bytes). */
function wanLinkMtu(router: Machine, nicMtu: number): number {
  return router.router?.wanProto === "pppoe" ? nicMtu - 8 : nicMtu;
}

interface Segment {
  cidr: Cidr;
  inner: string;
  outer: string;
  probe: string;
}

/** Addresses of segment `j` of lab `labIndex`; the last one (towards the internet) is "public". */
function segmentAddresses(labIndex: number, j: number, last: boolean): Segment {
  if (last) {
    const base = ipv4ToInt("203.0.113.0") + 8 * labIndex;
    return {
      cidr: { network: intToIpv4(base), prefix: 29 },
      outer: intToIpv4(base + 1),
      inner: intToIpv4(base + 2),
      probe: intToIpv4(base + 3),
    };
  }
  const network = `10.${labIndex + 1}.${j}.0`;
  return {
    cidr: { network, prefix: 24 },
    outer: `10.${labIndex + 1}.${j}.1`,
    inner: `10.${labIndex + 1}.${j}.2`,
    probe: `10.${labIndex + 1}.${j}.3`,
  };
}

function hopNft(hop: UplinkHop, inIf: string, outIf: string, dnatTarget: string): string {
  const forward: string[] = [];
  const output: string[] = [];
  if (hop.dropsIcmpFragNeeded === "yes") {
    forward.push("icmp type destination-unreachable icmp code 4 drop");
    output.push("icmp type destination-unreachable icmp code 4 drop");
  }
  if (hop.clampsMss) {
    const mss = hop.mtu - 40;
    forward.push(
      `tcp flags & (syn | rst) == syn tcp option maxseg size > ${mss} tcp option maxseg size set ${mss}`,
    );
  }
  const prerouting = hop.nat
    ? hop.portForwards.map(
        (forward) => `iifname "${outIf}" ${forward.proto} dport ${forward.port} dnat to ${dnatTarget}`,
      )
    : [];
  const postrouting = hop.nat ? [`oifname "${outIf}" masquerade`] : [];
  const chain = (name: string, hook: string, priority: string, rules: string[]) =>
    `\tchain ${name} {\n\t\ttype ${hook} priority ${priority}; policy accept;\n${rules.map((rule) => `\t\t${rule}\n`).join("")}\t}\n`;
  return (
    `table ip labnet_hop {\n` +
    chain("forward", "filter hook forward", "filter", forward) +
    chain("output", "filter hook output", "filter", output) +
    chain("prerouting", "nat hook prerouting", "dstnat", prerouting) +
    chain("postrouting", "nat hook postrouting", "srcnat", postrouting) +
    `}\n# inner side ${inIf}\n`
  );
}

/**
 * The frag-needed a dropping hop's link would cause for downloads is sent by the box on the link's
 * outer end, away from the hop: drop exactly those.
 */
function outerEndNft(towardsHop: string): string {
  return `table ip labnet_icmp {\n\tchain output {\n\t\ttype filter hook output priority filter; policy accept;\n\t\toifname != "${towardsHop}" icmp type destination-unreachable icmp code 4 drop\n\t}\n}\n`;
}

export function planEmulation(model: NetworkModel, prefix: string): EmulationPlan {
  const problems: string[] = [];
  const notes: string[] = [];
  const plan: EmulationPlan = {
    prefix,
    namespaces: [],
    bridges: [],
    links: [],
    routes: [],
    machines: [],
    routers: [],
    hops: [],
    extraNft: [],
    internetNs: `${prefix}inet`,
    serverNs: `${prefix}srv`,
    notes,
  };
  const addNs = (ns: string, label: string, forwards = false) =>
    plan.namespaces.push({ ns, label, forwards });
  addNs(plan.internetNs, "internet", true);
  addNs(plan.serverNs, "bulk download server");
  plan.links.push({
    a: { ns: plan.internetNs, ifname: "srv0", mtu: 1500, address: `${INTERNET_SERVER_SIDE_IP}/24` },
    b: { ns: plan.serverNs, ifname: "eth0", mtu: 1500, address: `${SERVER_IP}/24` },
  });
  plan.routes.push({ ns: plan.serverNs, to: "default", via: INTERNET_SERVER_SIDE_IP });

  const machines = new Map(model.machines.map((machine) => [machine.id, machine]));
  const vswitches = new Map(model.vswitches.map((vswitch) => [vswitch.id, vswitch]));
  const nicsByMachine = new Map<string, Nic[]>();
  for (const nic of model.nics) {
    if (nic.vswitchId === null) continue;
    nicsByMachine.set(nic.machineId, [...(nicsByMachine.get(nic.machineId) ?? []), nic]);
  }

  // One namespace per machine with an attached NIC.
  const machineNs = new Map<string, MachineNs>();
  model.machines.forEach((machine, index) => {
    const nics = nicsByMachine.get(machine.id) ?? [];
    if (nics.length === 0) return;
    const ns = `${prefix}m${index}`;
    addNs(ns, machine.name, machine.kind === "router");
    const entry: MachineNs = {
      machineId: machine.id,
      ns,
      kind: machine.kind,
      nics: nics.map((nic, nicIndex) => ({
        nicId: nic.id,
        ifname: ifnameFor(machine, nic, nicIndex),
        mac: nic.mac,
        mtu: nic.mtu,
      })),
    };
    const names = entry.nics.map((nic) => nic.ifname);
    if (new Set(names).size !== names.length)
      problems.push(`machine ${machine.name}: two NICs map to one interface name (${names.join(", ")})`);
    machineNs.set(machine.id, entry);
    plan.machines.push(entry);
  });

  // LAN-side switches: one bridge per vSwitch + VLAN.
  const wanNicIds = new Set(
    model.nics
      .filter((nic) => nic.role === "wan" && machines.get(nic.machineId)?.kind === "router")
      .map((nic) => nic.id),
  );
  const switchNs = new Map<string, string>();
  let switchIndex = 0;
  for (const nic of model.nics) {
    if (nic.vswitchId === null || wanNicIds.has(nic.id)) continue;
    const vswitch = vswitches.get(nic.vswitchId)!;
    if (vswitch.type === "external" || vswitch.type === "default") {
      problems.push(
        `NIC ${nic.id} is on ${vswitch.type} switch "${vswitch.name}": only a router's WAN NIC may sit on an outward switch in the emulation`,
      );
      continue;
    }
    const key = nic.vlanId === null ? vswitch.id : `${vswitch.id}.v${nic.vlanId}`;
    let ns = switchNs.get(key);
    if (ns === undefined) {
      ns = `${prefix}s${switchIndex++}`;
      switchNs.set(key, ns);
      addNs(ns, `vSwitch ${vswitch.name}${nic.vlanId === null ? "" : ` VLAN ${nic.vlanId}`}`);
      plan.bridges.push({ ns, name: "br0", mtu: 1500 });
    }
    const owner = machineNs.get(nic.machineId)!;
    const port = owner.nics.find((entry) => entry.nicId === nic.id)!;
    plan.links.push({
      a: { ns: owner.ns, ifname: port.ifname, mtu: nic.mtu, mac: nic.mac },
      b: { ns, ifname: `p${plan.links.length}`, mtu: nic.mtu, master: "br0" },
    });
  }

  // Each router's way out.
  const routerMachines = model.machines.filter((machine) => machine.kind === "router" && machine.router);
  routerMachines.forEach((router, labIndex) => {
    const owner = machineNs.get(router.id);
    const wanNic = (nicsByMachine.get(router.id) ?? []).find((nic) => nic.role === "wan");
    if (owner === undefined) {
      problems.push(`router ${router.name} has no NIC attached to a vSwitch`);
      return;
    }
    // A physical router without a modelled WAN NIC: config renders its WAN port as eth1.
    const wanVswitch = wanNic ? vswitches.get(wanNic.vswitchId!)! : null;
    if (wanVswitch && wanVswitch.type !== "external" && wanVswitch.type !== "default")
      notes.push(
        `${router.name}: WAN NIC is on ${wanVswitch.type} switch "${wanVswitch.name}": it gets no uplink`,
      );
    if (router.router!.wanProto !== "dhcp")
      notes.push(`${router.name}: WAN proto ${router.router!.wanProto} is emulated as a static address`);
    const uplink = router.router!.uplink;
    const n = uplink.length;
    const hopNs = uplink.map((_, k) => `${prefix}h${labIndex}x${k + 1}`);
    const segments = Array.from({ length: n + 1 }, (_, j) => segmentAddresses(labIndex, j, j === n));
    const seg0 = segments[0]!;
    const seg0Ns = `${prefix}w${labIndex}`;
    const probeNs = `${prefix}p${labIndex}`;
    const wanMtu = wanLinkMtu(router, wanNic?.mtu ?? 1500);
    addNs(seg0Ns, `${router.name} WAN switch`);
    addNs(probeNs, `${router.name} WAN-side probe`);
    plan.bridges.push({ ns: seg0Ns, name: "br0", mtu: wanMtu });
    const wanIfname = wanNic ? owner.nics.find((entry) => entry.nicId === wanNic.id)!.ifname : "eth1";
    if (!wanNic && owner.nics.some((entry) => entry.ifname === wanIfname))
      problems.push(
        `router ${router.name}: a LAN NIC is named ${wanIfname}, the name its unmodelled WAN port gets`,
      );
    const wanReachable =
      wanVswitch === null || wanVswitch.type === "external" || wanVswitch.type === "default";
    plan.links.push({
      a: {
        ns: owner.ns,
        ifname: wanIfname,
        mtu: wanMtu,
        ...(wanNic ? { mac: wanNic.mac } : {}),
        address: `${seg0.inner}/${seg0.cidr.prefix}`,
      },
      b: { ns: seg0Ns, ifname: "router", mtu: wanMtu, master: "br0" },
    });
    plan.links.push({
      a: { ns: probeNs, ifname: "eth0", mtu: wanMtu, address: `${seg0.probe}/${seg0.cidr.prefix}` },
      b: { ns: seg0Ns, ifname: "probe", mtu: wanMtu, master: "br0" },
    });
    plan.routes.push(
      { ns: owner.ns, to: "default", via: seg0.outer },
      { ns: probeNs, to: "default", via: seg0.outer },
    );

    // The outer side of segment j: hop j+1's inner interface, or the internet.
    const outerNs = (j: number) => (j < n ? hopNs[j]! : plan.internetNs);
    const outerIf = (j: number) => (j < n ? "in0" : `lab${labIndex}`);
    if (wanReachable) {
      plan.links.push({
        a: { ns: outerNs(0), ifname: outerIf(0), mtu: wanMtu, address: `${seg0.outer}/${seg0.cidr.prefix}` },
        b: { ns: seg0Ns, ifname: "up", mtu: wanMtu, master: "br0" },
      });
    }
    uplink.forEach((hop, k) => {
      const ns = hopNs[k]!;
      addNs(ns, `${router.name} uplink: ${hop.name}`, true);
      const seg = segments[k + 1]!;
      plan.links.push({
        a: { ns, ifname: "out0", mtu: hop.mtu, address: `${seg.inner}/${seg.cidr.prefix}` },
        b: {
          ns: outerNs(k + 1),
          ifname: outerIf(k + 1),
          mtu: hop.mtu,
          address: `${seg.outer}/${seg.cidr.prefix}`,
        },
      });
      plan.routes.push({ ns, to: "default", via: seg.outer });
      const inward = segments[k]!.inner;
      plan.hops.push({
        hopId: hop.id,
        name: hop.name,
        ns,
        outerEnd: { ns: outerNs(k + 1), ifname: outerIf(k + 1) },
        nftRules: hopNft(hop, "in0", "out0", inward),
      });
      if (hop.dropsIcmpFragNeeded === "yes")
        plan.extraNft.push({ ns: outerNs(k + 1), rules: outerEndNft(outerIf(k + 1)) });
      if (hop.dropsIcmpFragNeeded === "unknown")
        notes.push(`${hop.name}: ICMP handling "unknown" is emulated as passing frag-needed`);
    });

    // Return routes: a box sees what lies inward of it up to the first NAT.
    const lanPrefixes = lanPrefixesOf(model, router);
    const viewFrom = (position: number): string[] => {
      // position p sits on the outer side of segment p-1 (p = 1..n+1; n+1 = internet).
      const visible: string[] = [];
      let open = true;
      for (let j = position - 2; j >= 0 && open; j--) {
        const hopBetween = uplink[j]!;
        if (hopBetween.nat) open = false;
        else visible.push(formatCidr(segments[j]!.cidr));
      }
      const allOpen = uplink.slice(0, position - 1).every((hop) => !hop.nat);
      if (allOpen && !router.router!.wanMasq) visible.push(...lanPrefixes);
      return visible;
    };
    for (let position = 1; position <= n + 1; position++) {
      const ns = outerNs(position - 1);
      const via = segments[position - 1]!.inner;
      for (const to of viewFrom(position)) plan.routes.push({ ns, to, via });
    }
    plan.routers.push({
      machineId: router.id,
      name: router.name,
      ns: owner.ns,
      wanIfname,
      wanIp: seg0.inner,
      wanPrefix: seg0.cidr.prefix,
      gateway: seg0.outer,
      publicIp: segments[lastNat(uplink)]!.inner,
      probeNs,
      probeIp: seg0.probe,
    });
  });
  if (routerMachines.length > 31) problems.push("the emulation addresses at most 31 routers");
  if (problems.length > 0) throw new UnsupportedModel(problems);
  return plan;
}

/** 1-based index of the outermost NAT hop (0: none); the address right outside it is public. */
function lastNat(uplink: UplinkHop[]): number {
  let last = 0;
  uplink.forEach((hop, index) => {
    if (hop.nat) last = index + 1;
  });
  return last;
}

function formatCidr(cidr: Cidr): string {
  return `${cidr.network}/${cidr.prefix}`;
}

/** The LAN subnets behind a router (its sites' /24s), for return routes when it does not masquerade. */
function lanPrefixesOf(model: NetworkModel, router: Machine): string[] {
  const prefixes: string[] = [];
  for (const site of model.sites.filter((candidate) => candidate.routerId === router.id)) {
    const intranet = model.intranets.find((candidate) => candidate.id === site.intranetId);
    const cidr = intranet ? parseCidr(intranet.cidr) : null;
    if (cidr?.ok) prefixes.push(formatCidr(segmentSubnet(cidr.value, site.segment)));
  }
  return prefixes;
}
