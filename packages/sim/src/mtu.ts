// MTU arithmetic: encapsulation overheads, tinc's frame formula and the large-packet verdict
// of a path. Convention: every `mtu` here is the largest IP packet (bytes, IP header included)
// that a link carries after its own encapsulation; a PPPoE hop therefore says 1492 and its
// `encapsulation` explains why.
import type { LargePacketVerdict, TcpOutcome, UdpOutcome } from "./types";

export const IPV4_HEADER = 20;
export const TCP_HEADER = 20;
export const UDP_HEADER = 8;
export const ETHERNET_HEADER = 14;
/** tinc 1.0's MTU constant: 1500 + 14 Ethernet + 4 VLAN tag. */
export const TINC_MAX_FRAME = 1518;

/** Bytes each encapsulation takes from the underlying 1500-byte link (facts.md §2). */
export const encapsulationOverhead = {
  none: 0,
  pppoe: 8,
  "ds-lite": 40,
  vlan: 4,
  gre: 24,
  wireguard: 60,
  l2tp: 40,
  other: 0,
} as const satisfies Record<string, number>;

/** IPv4 TCP MSS for an IP MTU. */
export function mssFor(ipMtu: number): number {
  return ipMtu - IPV4_HEADER - TCP_HEADER;
}

export type TincProtocol = "1.0" | "1.1-sptps";

/**
 * Outer IPv4 packet length for an Ethernet frame of `frame` bytes sent over tinc 1.0 UDP:
 * IP + UDP + CBC(seqno 4 + frame, PKCS#7 padding to 16) + 4-byte truncated HMAC.
 */
export function tincOuterLength(frame: number, protocol: TincProtocol = "1.0"): number {
  if (protocol === "1.1-sptps") return frame + IPV4_HEADER + UDP_HEADER + 21 + 12;
  return IPV4_HEADER + UDP_HEADER + 16 * (Math.floor((frame + 4) / 16) + 1) + 4;
}

/** Encapsulation overhead tinc adds to a frame of `frame` bytes (37..52 for 1.0). */
export function tincFrameOverhead(frame: number, protocol: TincProtocol = "1.0"): number {
  return tincOuterLength(frame, protocol) - frame;
}

/** Largest Ethernet frame tinc can send over UDP on an outer path of `outerMtu` bytes. */
export function tincMaxFrame(outerMtu: number, protocol: TincProtocol = "1.0"): number {
  const fit =
    protocol === "1.1-sptps"
      ? outerMtu - (IPV4_HEADER + UDP_HEADER + 21 + 12)
      : // 16·(⌊(F+4)/16⌋+1) ≤ outer − 32  ⇔  ⌊(F+4)/16⌋ ≤ ⌊(outer − 32)/16⌋ − 1
        16 * (Math.floor((outerMtu - 32) / 16) - 1) + 11;
  return Math.max(0, Math.min(TINC_MAX_FRAME, fit));
}

/** Largest inner IP packet an untagged frame can carry through the tunnel. */
export function tincInnerIpMtu(outerMtu: number, protocol: TincProtocol = "1.0"): number {
  return Math.min(1500, tincMaxFrame(outerMtu, protocol) - ETHERNET_HEADER);
}

export interface MtuLink {
  id: string;
  mtu: number;
}

/** The smallest MTU along a path and the first link that sets it (null for an empty path). */
export function computePathMtu(links: readonly MtuLink[]): { mtu: number; limitedBy: string | null } {
  let mtu = Number.POSITIVE_INFINITY;
  let limitedBy: string | null = null;
  for (const link of links) {
    if (link.mtu < mtu) {
      mtu = link.mtu;
      limitedBy = link.id;
    }
  }
  return limitedBy === null ? { mtu: 1500, limitedBy: null } : { mtu, limitedBy };
}

export type IcmpHandling = "yes" | "no" | "unknown";

/** One element a packet crosses after leaving the sender, in travel order. */
export interface PathElement {
  id: string;
  name: string;
  /** Largest IP packet this element passes on. */
  mtu: number;
  /**
   * Does this element drop ICMP frag-needed — both its own (when it is the narrow point) and
   * those coming back from further along?
   */
  dropsIcmpFragNeeded: IcmpHandling;
  /**
   * A NAT's translation of ICMP errors back to the inner address (RFC 5508 §7; absent: yes).
   * One that does not translate loses the frag-needed sent from further along — like a drop —
   * while its own frag-needed, sent before translation, still arrives.
   */
  translatesIcmpErrors?: IcmpHandling;
  /** An L2 segment: too-big frames die silently here, but ICMP passing back is untouched. */
  l2?: boolean;
  /** TCP MSS clamp of this element, expressed as the IP MTU it clamps to (MSS + 40). */
  clampTo?: number;
  /** Why the clamp has the value it has (e.g. "mtu_fix clamps to the WAN interface MTU"). */
  clampNote?: string;
}

export interface PathAssessment extends LargePacketVerdict {
  pathMtu: number;
  /** Element that first narrows the path below the sender's MTU, if any. */
  narrowest: PathElement | null;
}

const lossRank: Record<IcmpHandling, number> = { no: 0, unknown: 1, yes: 2 };

/** Where and why ICMP frag-needed from a narrowing does not get back to the sender. */
interface IcmpLoss {
  element: PathElement;
  handling: "yes" | "unknown";
  /** Lost because a NAT does not translate it back, not because something drops it. */
  untranslated: boolean;
}

function worse(current: IcmpLoss | null, candidate: IcmpLoss | null): IcmpLoss | null {
  if (candidate === null) return current;
  return current === null || lossRank[candidate.handling] > lossRank[current.handling] ? candidate : current;
}

function lossAt(
  element: PathElement,
  handling: IcmpHandling | undefined,
  untranslated: boolean,
): IcmpLoss | null {
  return handling === "yes" || handling === "unknown" ? { element, handling, untranslated } : null;
}

/**
 * What happens to full-size packets from a sender with MTU `senderMtu`: PMTUD needs an ICMP
 * frag-needed from every narrowing point back to the sender; an element that drops it (at the
 * narrowing point or on the way back, i.e. inward of it) turns the narrowing into a black hole.
 * An MSS clamp rescues TCP only when it clamps to at most the real path MTU.
 */
export function assessLargePackets(senderMtu: number, elements: readonly PathElement[]): PathAssessment {
  let running = senderMtu;
  // The worst ICMP loss met so far: it swallows frag-needed from any narrowing further along.
  let worstSoFar: IcmpLoss | null = null;
  const narrowings: { element: PathElement; from: number; lostAt: IcmpLoss | null }[] = [];
  for (const element of elements) {
    if (!element.l2) worstSoFar = worse(worstSoFar, lossAt(element, element.dropsIcmpFragNeeded, false));
    if (element.mtu < running) {
      const lostAt: IcmpLoss | null = element.l2
        ? { element, handling: "yes", untranslated: false }
        : worstSoFar;
      narrowings.push({ element, from: running, lostAt });
      running = element.mtu;
    }
    // Untranslated errors are lost only for narrowings beyond this NAT, so this comes after.
    const translates = element.translatesIcmpErrors ?? "yes";
    worstSoFar = worse(
      worstSoFar,
      lossAt(element, translates === "no" ? "yes" : translates === "yes" ? "no" : "unknown", true),
    );
  }
  const pathMtu = running;
  const first = narrowings[0];
  if (first === undefined) {
    return {
      pathMtu,
      narrowest: null,
      tcp: "ok",
      udp: "ok",
      certain: true,
      explanation: `Packets of the sender's full ${senderMtu} bytes fit every hop.`,
    };
  }
  const narrowest = narrowings.find((narrowing) => narrowing.element.mtu === pathMtu)!.element;
  const clamp = elements
    .filter((element) => element.clampTo !== undefined)
    .reduce<PathElement | null>(
      (best, element) => (best && best.clampTo! <= element.clampTo! ? best : element),
      null,
    );
  const tcpSize = Math.min(senderMtu, clamp?.clampTo ?? senderMtu);
  const describe = (element: PathElement) => `${element.name} (MTU ${element.mtu})`;
  const lossText = ({ element, handling, untranslated }: IcmpLoss) =>
    element.l2
      ? `frames above ${element.mtu} bytes are dropped on ${element.name}'s L2 segment, where nothing sends ICMP`
      : untranslated
        ? handling === "yes"
          ? `${element.name} does NAT without translating ICMP errors back to the inner address (RFC 5508), so the frag-needed never reaches the sender`
          : `nobody knows whether ${element.name}'s NAT translates ICMP errors back to the inner address (RFC 5508)`
        : handling === "yes"
          ? `${element.name} drops the ICMP frag-needed`
          : `nobody knows whether ${element.name} passes ICMP frag-needed`;
  const parts = [
    `Path MTU is ${pathMtu}, set by ${describe(narrowest)}; the sender uses ${senderMtu}-byte packets.`,
  ];

  let tcp: TcpOutcome;
  const tcpNarrowings = narrowings.filter((narrowing) => narrowing.element.mtu < tcpSize);
  const tcpHole = tcpNarrowings.find((narrowing) => narrowing.lostAt?.handling === "yes");
  const tcpUnknown = tcpNarrowings.find((narrowing) => narrowing.lostAt !== null);
  if (tcpNarrowings.length === 0 && clamp !== null && clamp.clampTo! < senderMtu) {
    tcp = "clamped";
    parts.push(
      `TCP is clamped by ${clamp.name} to MSS ${mssFor(clamp.clampTo!)}${clamp.clampNote ? ` (${clamp.clampNote})` : ""}, which fits.`,
    );
  } else if (tcpHole) {
    tcp = "black-hole";
    const clampText =
      clamp !== null
        ? ` ${clamp.name} clamps MSS to ${mssFor(clamp.clampTo!)}${clamp.clampNote ? ` (${clamp.clampNote})` : ""}, but it cannot know about the narrower ${describe(tcpHole.element)} further along.`
        : " Nothing clamps the TCP MSS.";
    parts.push(
      `TCP segments of ${tcpSize} bytes carry DF and exceed ${describe(tcpHole.element)}; ${lossText(tcpHole.lostAt!)}, so PMTUD never learns the smaller size: the handshake works, bulk transfers stall (RFC 2923).${clampText}`,
    );
  } else if (tcpNarrowings.length > 0) {
    tcp = "ok";
    parts.push(
      tcpUnknown
        ? `TCP relies on PMTUD: it works only if the ICMP frag-needed from ${describe(tcpUnknown.element)} gets back; ${lossText(tcpUnknown.lostAt!)}.`
        : `TCP relies on PMTUD, and the ICMP frag-needed from ${describe(tcpNarrowings[0]!.element)} gets back to the sender.`,
    );
  } else {
    tcp = "ok";
  }

  let udp: UdpOutcome;
  const udpHole = narrowings.find((narrowing) => narrowing.lostAt?.handling === "yes");
  const udpUnknown = narrowings.find((narrowing) => narrowing.lostAt !== null);
  const fragments = Math.ceil((first.from - IPV4_HEADER) / ((first.element.mtu - IPV4_HEADER) & ~7));
  if (udpHole) {
    udp = "black-hole";
    parts.push(
      `Full-size UDP with DF (QUIC, tinc, VPNs) dies at ${describe(udpHole.element)} because ${lossText(udpHole.lostAt!)}; UDP without DF is fragmented there into ${fragments} pieces.`,
    );
  } else {
    udp = "fragmented";
    parts.push(
      `Full-size UDP without DF is fragmented at ${describe(first.element)} into ${fragments} pieces (extra headers, more CPU on that box, one lost piece loses the datagram); with DF the sender gets ICMP frag-needed${udpUnknown ? " if it gets through" : ""}.`,
    );
  }
  const certain = !(tcp === "ok" && tcpUnknown) && !(udp !== "black-hole" && udpUnknown);
  const needsFix = tcp === "black-hole" || udp === "black-hole" || !certain;
  return {
    pathMtu,
    narrowest,
    tcp,
    udp,
    certain,
    explanation: parts.join(" "),
    ...(needsFix
      ? {
          fix: `Clamp TCP MSS to ${mssFor(pathMtu)} (path MTU ${pathMtu} − 40) where the path leaves the lab, or set the LAN MTU to ${pathMtu}; UDP needs the lower MTU or PLPMTUD.`,
        }
      : {}),
  };
}
