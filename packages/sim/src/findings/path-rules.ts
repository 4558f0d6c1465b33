// Paths: black holes and fragmentation on the way out, and the tinc tunnel's inner MTU.
import { mssFor, tincInnerIpMtu, tincMaxFrame } from "../mtu";
import type { Finding, FindingObject } from "../types";
import { finding } from "./catalogue";
import type { RuleInput } from "./input";

export function internetPathFindings({ classes }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const members of classes) {
    const internet = members.internet;
    const verdict = internet.largePacket;
    if (members.kind !== "lan" || !internet.reachable || verdict === null) continue;
    const objects: FindingObject[] = [
      { type: "class", id: members.id },
      ...(members.siteId ? [{ type: "site" as const, id: members.siteId }] : []),
      ...(internet.narrowestHopId ? [{ type: "hop" as const, id: internet.narrowestHopId }] : []),
    ];
    const where = `From ${members.vswitchName ?? members.id}${members.routerName ? ` via ${members.routerName}` : ""} to the internet:`;
    const fix =
      verdict.fix ??
      `Clamp TCP MSS to ${mssFor(internet.pathMtu!)} or set the LAN MTU to ${internet.pathMtu}.`;
    if (verdict.tcp === "black-hole" || verdict.udp === "black-hole") {
      findings.push(
        finding("path.black-hole", {
          explanation: `${where} ${verdict.explanation}`,
          objects,
          fix,
          blocking: verdict.tcp === "black-hole",
        }),
      );
    } else if (!verdict.certain) {
      findings.push(
        finding("path.black-hole-possible", { explanation: `${where} ${verdict.explanation}`, objects, fix }),
      );
    } else if (verdict.udp === "fragmented") {
      findings.push(
        finding("path.fragmentation", { explanation: `${where} ${verdict.explanation}`, objects, fix }),
      );
    }
  }
  return findings;
}

export function tunnelFindings({ mesh }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const intranet of mesh.intranets) {
    const sites = intranet.components
      .filter((component) => component.length > 1)
      .flat()
      .map((id) => mesh.siteFacts.get(id)!);
    if (sites.length === 0) continue;
    const worst = sites.reduce((low, site) => (site.outerMtu < low.outerMtu ? site : low));
    const inner = tincInnerIpMtu(worst.outerMtu);
    const above = sites.filter((site) => site.lanMtu > inner);
    if (above.length > 0) {
      const perSite = sites
        .map((site) => `${site.tincName} ${site.outerMtu}→${tincInnerIpMtu(site.outerMtu)}`)
        .join(", ");
      findings.push(
        finding("path.tunnel-mtu", {
          explanation: `LAN MTU ${above[0]!.lanMtu} on ${above.map((site) => site.tincName).join(", ")} is above what tinc 1.0 carries in one UDP packet. Outer→inner IP MTU per site: ${perSite}. The narrowest pair involves ${worst.tincName}: frame ≤ ${tincMaxFrame(worst.outerMtu)}, inner IP MTU ${inner}, MSS ${mssFor(inner)}.${intranet.clampMss ? " ClampMSS keeps TCP working;" : " ClampMSS is off: TCP depends on tinc's forged ICMP;"} UDP without DF is fragmented by tinc.`,
          objects: [
            { type: "intranet", id: intranet.id },
            ...above.map((site) => ({ type: "site" as const, id: site.id })),
          ],
          fix: `Set the LAN MTU to ${inner} (DHCP option 26, 'option mtu' on the LAN device) or keep ClampMSS on; tinc PMTU = ${tincMaxFrame(worst.outerMtu)} pins the frame size.`,
        }),
      );
    }
    if (!intranet.pmtuDiscovery) {
      for (const site of sites) {
        if (site.uplinkDropsIcmp === "no" || site.outerMtu >= site.localOuterMtu) continue;
        findings.push(
          finding("path.tunnel-black-hole", {
            explanation: `PMTUDiscovery is off and ${site.tincName}'s uplink narrows to ${site.outerMtu} at ${site.outerMtuLimitedBy} beyond its ${site.localOuterMtu}-byte WAN, where ICMP frag-needed ${site.uplinkDropsIcmp === "yes" ? "is dropped" : "may be dropped"}: tinc UDP packets above ${site.outerMtu} bytes (inner frames above ${tincMaxFrame(site.outerMtu)}) vanish.`,
            objects: [
              { type: "site", id: site.id },
              ...(site.outerMtuLimitedBy ? [{ type: "hop" as const, id: site.outerMtuLimitedBy }] : []),
            ],
            fix: `Turn PMTUDiscovery on (it probes and survives ICMP black holes), or set PMTU = ${tincMaxFrame(site.outerMtu)} in ${site.tincName}'s host file.`,
            severity: site.uplinkDropsIcmp === "yes" ? "error" : "warning",
            blocking: site.uplinkDropsIcmp === "yes",
          }),
        );
      }
    }
  }
  return findings;
}
