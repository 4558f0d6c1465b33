// Each class's way to the internet: LAN → gateway router (masquerade on WAN) → uplink hops, or
// straight out for WAN segments, with the path MTU and what happens to full-size packets.
import type { Machine } from "@labnet/model";
import { type ModelContext, routerNics } from "./context";
import { assessLargePackets, mssFor, type PathElement } from "./mtu";
import type { ClassMembers } from "./topology";
import type { Hop, InternetAccess } from "./types";
import {
  hopElement,
  internetHop,
  lanToWanBlock,
  localOuterMtu,
  outwardElements,
  uplinkHops,
  wanState,
} from "./uplink";

function unreachable(path: Hop[], reason: string): InternetAccess {
  return { reachable: false, path, reason, pathMtu: null, largePacket: null, narrowestHopId: null };
}

export function vswitchHop(context: ModelContext, vswitchId: string): Hop {
  const vswitch = context.vswitches.get(vswitchId);
  return { kind: "vswitch", id: vswitchId, name: vswitch ? `${vswitch.name} (${vswitch.type})` : vswitchId };
}

function access(
  path: Hop[],
  senderMtu: number,
  elements: PathElement[],
  fix: (pathMtu: number) => string,
): InternetAccess {
  const assessment = assessLargePackets(senderMtu, elements);
  const { pathMtu, narrowest, ...largePacket } = assessment;
  if (largePacket.fix !== undefined) largePacket.fix = fix(pathMtu);
  return { reachable: true, path, pathMtu, largePacket, narrowestHopId: narrowest?.id ?? null };
}

function viaRouter(context: ModelContext, members: ClassMembers, router: Machine): InternetAccess {
  const segment = members.segment!;
  const start: Hop[] = [vswitchHop(context, segment.vswitch.id)];
  const wan = wanState(context, router);
  const settings = router.router!;
  const routerHop: Hop = {
    kind: "router",
    id: router.id,
    name: router.name,
    note: `${settings.wanMasq ? "NAT (masquerade) on WAN" : "routes to WAN without masquerade"}${settings.mtuFix ? ", mtu_fix" : ""}`,
  };
  if (!wan.online) return unreachable([...start, routerHop], wan.reason);
  const block = lanToWanBlock(router);
  if (block)
    return unreachable(
      [...start, routerHop],
      `firewall rule "${block.name}" on ${router.name} ${block.target === "DROP" ? "drops" : "rejects"} lan→wan`,
    );
  const lanNic = routerNics(context, router.id, "lan")[0];
  const wanMtu = localOuterMtu(router, wan.wanNic);
  const elements: PathElement[] = [];
  if (lanNic) {
    elements.push({
      id: lanNic.id,
      name: `${router.name} LAN ${lanNic.name}`,
      mtu: lanNic.mtu,
      dropsIcmpFragNeeded: "yes",
      l2: true,
    });
  }
  if (settings.mtuFix) {
    elements.push({
      id: `${router.id}:mtu_fix`,
      name: `${router.name}'s mtu_fix`,
      mtu: 65535,
      dropsIcmpFragNeeded: "no",
      clampTo: wanMtu,
      clampNote: `it clamps to its own WAN interface MTU ${wanMtu}`,
    });
  }
  elements.push(...outwardElements(router, wan.wanNic));
  const path = [
    ...start,
    routerHop,
    ...(wan.wanNic?.vswitchId ? [vswitchHop(context, wan.wanNic.vswitchId)] : []),
    ...uplinkHops(router),
    internetHop,
  ];
  return access(
    path,
    members.mtu,
    elements,
    (pathMtu) =>
      `On ${router.name}, clamp TCP MSS to ${mssFor(pathMtu)} (nftables: tcp flags & (syn|rst) == syn tcp option maxseg size set ${mssFor(pathMtu)}, or set the WAN device MTU to ${pathMtu} so mtu_fix clamps to ${mssFor(pathMtu)}), and set the LAN MTU to ${pathMtu} (DHCP option 26) for UDP.`,
  );
}

export function classInternetAccess(context: ModelContext, members: ClassMembers): InternetAccess {
  const segment = members.segment;
  if (members.id === "internet")
    return { reachable: true, path: [], pathMtu: 1500, largePacket: null, narrowestHopId: null };
  if (segment === null) return unreachable([], "the NIC is not attached to any vSwitch");
  if (segment.kind === "lan" && segment.router) return viaRouter(context, members, segment.router);
  if (segment.kind === "isolated") {
    return unreachable(
      [vswitchHop(context, segment.vswitch.id)],
      `${segment.vswitch.type} switch "${segment.vswitch.name}" has no router on it and no way out`,
    );
  }
  const start = [vswitchHop(context, segment.vswitch.id)];
  if (segment.router) {
    const router = segment.router;
    return access(
      [...start, ...uplinkHops(router), internetHop],
      members.mtu,
      (router.router?.uplink ?? []).map(hopElement),
      (pathMtu) =>
        `Set the MTU of the NICs on "${segment.vswitch.name}" to ${pathMtu}, or have a hop clamp TCP MSS to ${mssFor(pathMtu)}.`,
    );
  }
  const note =
    segment.vswitch.type === "default"
      ? "Hyper-V Default Switch: NAT through the host (ICS)"
      : "the network beyond this external switch is not modelled";
  return {
    reachable: true,
    path: [...start, { ...internetHop, note }],
    pathMtu: members.mtu,
    largePacket: {
      tcp: "ok",
      udp: "ok",
      certain: false,
      explanation: `No uplink hops are modelled for "${segment.vswitch.name}": ${note}. The path MTU cannot be judged.`,
    },
    narrowestHopId: null,
  };
}
