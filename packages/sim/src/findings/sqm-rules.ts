// SQM (sqm-scripts on the router's WAN): link-layer overhead against the uplink's encapsulation,
// and shaper rates against the slowest hop's line rate.
import type { Machine, Sqm, UplinkHop } from "@labnet/model";
import type { Finding, FindingObject } from "../types";
import { finding } from "./catalogue";
import type { RuleInput } from "./input";

/** The share of the line rate to shape to: the shaper must be the bottleneck to own the queue. */
export const SQM_RATE_SHARE = 0.9;
/** Above this share of the line rate the modem's buffer, not cake, holds the queue. */
const SQM_RATE_LIMIT = 0.95;

interface OverheadAdvice {
  linkLayer: "ethernet" | "atm";
  overhead: number;
  why: string;
}

/** The overhead sqm-scripts should add for the router's uplink, or null for a plain Ethernet uplink. */
function overheadAdvice(router: Machine, sqm: Sqm): OverheadAdvice | null {
  if (sqm.linkLayer === "atm") {
    return { linkLayer: "atm", overhead: 44, why: "an ATM (ADSL) link with PPPoA or PPPoE LLC" };
  }
  const pppoeHop = router.router?.uplink.find((hop) => hop.encapsulation === "pppoe");
  if (router.router?.wanProto === "pppoe" || pppoeHop) {
    return {
      linkLayer: "ethernet",
      overhead: 34,
      why: pppoeHop ? `PPPoE on ${pppoeHop.name}` : `${router.name}'s own PPPoE WAN`,
    };
  }
  return null;
}

function slowest(uplink: readonly UplinkHop[], rate: "downKbps" | "upKbps"): UplinkHop | null {
  return uplink.reduce<UplinkHop | null>(
    (low, hop) => (hop[rate] !== null && (low === null || hop[rate]! < low[rate]!) ? hop : low),
    null,
  );
}

export function sqmFindings({ context }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const router of context.machines.values()) {
    const sqm = router.router?.sqm;
    if (!sqm?.enabled) continue;
    const machine: FindingObject = { type: "machine", id: router.id };
    const advice = overheadAdvice(router, sqm);
    if (advice && (sqm.linkLayer !== advice.linkLayer || sqm.overhead < advice.overhead)) {
      findings.push(
        finding("sqm.overhead", {
          explanation: `${router.name} shapes with ${sqm.qdisc} at linklayer ${sqm.linkLayer}, overhead ${sqm.overhead}, but its uplink is ${advice.why}: every packet is ${advice.overhead} bytes larger on the wire than ${sqm.qdisc} counts${advice.linkLayer === "atm" ? " (plus ATM's 53-byte cells per 48 bytes)" : ""}, so small-packet traffic overfills the link and the modem's buffer, not ${sqm.qdisc}, holds the queue.`,
          objects: [machine],
          fix: `In /etc/config/sqm set option linklayer '${advice.linkLayer}' and option overhead '${advice.overhead}'.`,
        }),
      );
    }
    const uplink = router.router?.uplink ?? [];
    for (const [direction, shaped, rate] of [
      ["download", sqm.downloadKbps, "downKbps"],
      ["upload", sqm.uploadKbps, "upKbps"],
    ] as const) {
      const hop = slowest(uplink, rate);
      // 0 kbit/s leaves that direction unshaped in sqm-scripts: nothing to compare.
      if (hop === null || shaped === 0 || shaped <= hop[rate]! * SQM_RATE_LIMIT) continue;
      findings.push(
        finding("sqm.rate-above-link", {
          explanation: `${router.name} shapes ${direction} to ${shaped} kbit/s, but ${hop.name} carries only ${hop[rate]} kbit/s: the queue builds in ${hop.name}'s buffer before ${sqm.qdisc} ever drops or marks, so shaping does nothing against bufferbloat.`,
          objects: [machine, { type: "hop", id: hop.id }],
          fix: `Set option ${direction} '${Math.floor(hop[rate]! * SQM_RATE_SHARE)}' (90 % of ${hop[rate]} kbit/s) in /etc/config/sqm, then tune between 90 and 95 % with a bufferbloat test.`,
        }),
      );
    }
  }
  return findings;
}
