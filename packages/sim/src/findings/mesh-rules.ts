// Mesh health: ConnectTo count, ConnectTo that cannot work, partitions and articulation sites.
import type { Finding } from "../types";
import { finding } from "./catalogue";
import type { RuleInput } from "./input";

const MIN_CONNECT_TO = 3;

export function meshFindings({ context, mesh }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  const name = (siteId: string) => mesh.siteFacts.get(siteId)?.tincName ?? siteId;
  for (const site of mesh.sites) {
    if (site.connectTo.length < MIN_CONNECT_TO) {
      findings.push(
        finding("mesh.few-connect-to", {
          explanation: `${site.tincName} has ${site.connectTo.length} ConnectTo (${site.connectTo.map(name).join(", ") || "none"}); the intranet's rule is at least ${MIN_CONNECT_TO}, so that losing one or two peers does not cut it off.`,
          objects: [{ type: "site", id: site.id }],
          fix: `Add ConnectTo entries on ${site.tincName} to reachable sites until it has ${MIN_CONNECT_TO}.`,
        }),
      );
    }
    for (const failed of site.failedConnectTo) {
      findings.push(
        finding("mesh.connect-to-fails", {
          explanation: `${site.tincName} → ${name(failed.target)}: ${failed.reason}.`,
          objects: [
            { type: "site", id: site.id },
            { type: "site", id: failed.target },
          ],
          fix: `Give ${name(failed.target)} a public address with tcp+udp port forwards on every NAT hop, or point ${site.tincName}'s ConnectTo at a reachable site.`,
        }),
      );
    }
    if (site.articulation) {
      const pieces = site.cutsOff.map((piece) => piece.map(name).join(", "));
      findings.push(
        finding("mesh.articulation-site", {
          explanation: `If ${site.tincName} goes down, ${pieces.join(" and ")} ${site.cutsOff.length === 1 && site.cutsOff[0]!.length === 1 ? "is" : "are"} cut off from the rest of the intranet.`,
          objects: [
            { type: "site", id: site.id },
            ...site.cutsOff.flat().map((id) => ({ type: "site" as const, id })),
          ],
          fix: `Add ConnectTo entries between ${pieces.join(" / ")} and sites beyond ${site.tincName}.`,
        }),
      );
    }
  }
  for (const intranet of mesh.intranets) {
    if (intranet.connected) continue;
    const groups = intranet.components.map((component) => `{${component.map(name).join(", ")}}`);
    const lonely = intranet.components
      .flat()
      .map((id) => mesh.siteFacts.get(id)!)
      .filter((site) => site.degree === 0)
      .map(
        (site) =>
          `${site.tincName}: ${site.offlineReason ?? (site.failedConnectTo.map((failed) => failed.reason).join("; ") || "no ConnectTo and nobody connects to it")}`,
      );
    findings.push(
      finding("mesh.partitioned", {
        explanation: `Intranet ${context.intranets.get(intranet.id)?.name ?? intranet.id} falls apart into ${intranet.components.length} groups that cannot reach each other: ${groups.join(" ")}.${lonely.length > 0 ? ` Cut off: ${lonely.join("; ")}.` : ""}`,
        objects: [
          { type: "intranet", id: intranet.id },
          ...intranet.components.flat().map((id) => ({ type: "site" as const, id })),
        ],
        fix: "Add a working ConnectTo between the groups (to a site with a public address and forwarded tinc port).",
        blocking: true,
      }),
    );
  }
  return findings;
}
