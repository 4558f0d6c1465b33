// The path explorer's ladder as display rows: one per hop, with the MTU the packet meets there,
// what the hop adds (encapsulation), whether it NATs, what it does with ICMP frag-needed and how it
// clamps TCP; the narrowest hop and the point where a blocked path stops are marked.
import type { LadderHop, PathView } from "./types";

export interface LadderRow {
  key: string;
  step: number;
  kind: string;
  name: string;
  detail: string;
  mtu: string;
  /** This hop sets the effective path MTU. */
  narrowest: boolean;
  /** The path ends here without reaching the destination. */
  stops: boolean;
  overhead: string;
  nat: string;
  icmp: string;
  clamp: string;
  note: string;
}

const kindLabel: Record<LadderHop["kind"], string> = {
  nic: "NIC",
  vswitch: "vSwitch",
  router: "router",
  tinc: "tinc tunnel",
  "uplink-hop": "uplink",
  internet: "internet",
};

const icmpLabel = {
  passes: "passes",
  drops: "DROPS frag-needed",
  unknown: "unknown",
  forges: "tinc forges frag-needed",
} as const;

export function ladderRows(path: PathView): LadderRow[] {
  const narrowestIndex =
    path.reachable && path.pathMtu !== null
      ? path.hops.findIndex(
          (hop, index) =>
            index > 0 && hop.mtu === path.pathMtu && path.pathMtu! < (path.hops[0]?.mtu ?? Infinity),
        )
      : -1;
  return path.hops.map((hop, index) => ({
    key: `${index}:${hop.id}`,
    step: index + 1,
    kind: kindLabel[hop.kind],
    name: hop.name,
    detail: hop.detail ?? "",
    mtu: hop.mtu === null ? "" : String(hop.mtu),
    narrowest: index === narrowestIndex,
    stops: !path.reachable && index === path.hops.length - 1,
    overhead: hop.overhead ? `+${hop.overhead.bytes} B ${hop.overhead.what}` : "",
    nat: hop.nat === null ? "" : hop.nat ? "NAT" : "no NAT",
    icmp: hop.icmp === null ? "" : icmpLabel[hop.icmp],
    clamp: hop.clamp ?? "",
    note: hop.note ?? "",
  }));
}

const tcpWords: Record<string, string> = {
  ok: "gets through (fits, or PMTUD finds the size)",
  clamped: "MSS is clamped to fit: bulk transfers work",
  fragmented: "segments are fragmented",
  "black-hole": "BLACK HOLE: the handshake works, bulk transfers stall",
};
const udpWords: Record<string, string> = {
  ok: "full-size datagrams arrive",
  fragmented: "full-size datagrams are fragmented (DF clear) or rejected with ICMP (DF set)",
  "black-hole": "BLACK HOLE: full-size DF datagrams vanish",
};

export interface LadderVerdict {
  headline: string;
  pathMtu: string;
  tcp: string;
  udp: string;
  certain: boolean;
}

export function ladderVerdict(path: PathView): LadderVerdict {
  if (!path.reachable) {
    return {
      headline: `No path: ${path.reason ?? "blocked"}`,
      pathMtu: "—",
      tcp: "—",
      udp: "—",
      certain: true,
    };
  }
  const large = path.largePacket;
  return {
    headline:
      path.grade === "ok"
        ? "Reachable; full-size packets pass"
        : path.grade === "degraded"
          ? "Reachable; large packets are clamped or fragmented"
          : path.grade === "uncertain"
            ? "Reachable; large packets depend on a hop whose ICMP handling is unknown"
            : "Reachable, but large packets die in a black hole",
    pathMtu:
      path.pathMtu === null
        ? "—"
        : path.pathMtuUpperBound
          ? `≤ ${path.pathMtu} bytes (tinc probes without ICMP on its outer path and settles at or a little below this)`
          : `${path.pathMtu} bytes`,
    tcp: large ? (tcpWords[large.tcp] ?? large.tcp) : "full-size segments arrive",
    udp: large ? (udpWords[large.udp] ?? large.udp) : udpWords.ok!,
    certain: large?.certain ?? true,
  };
}
