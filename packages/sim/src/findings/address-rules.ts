// Addressing: segments, duplicate MACs and IPs, static leases and the Windows MAC drift.
import { inPool, macFromBigInt, macToBigInt, type Nic, type StaticLease } from "@labnet/model";
import { compareStrings } from "../context";
import { poolText } from "../dhcp";
import type { Finding } from "../types";
import { finding } from "./catalogue";
import type { RuleInput } from "./input";

function groupsOf<T>(items: Iterable<T>, key: (item: T) => string | null): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const value = key(item);
    if (value === null) continue;
    const group = groups.get(value);
    if (group) group.push(item);
    else groups.set(value, [item]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

export function segmentFindings({ context }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const group of groupsOf(context.sites, (site) => {
    const subnet = context.siteSubnet.get(site.id);
    return subnet ? subnet.network : null;
  })) {
    const subnet = context.siteSubnet.get(group[0]!.id)!;
    findings.push(
      finding("address.segment-overlap", {
        explanation: `${group.map((site) => site.tincName).join(", ")} all use ${subnet.network}/24 (segment ${group[0]!.segment}).`,
        objects: group.map((site) => ({ type: "site" as const, id: site.id })),
        fix: `Move all but one of them to a free segment of the intranet.`,
        blocking: true,
      }),
    );
  }
  for (const site of context.sites) {
    const subnet = context.siteSubnet.get(site.id);
    const intranet = context.intranets.get(site.intranetId);
    if (!subnet) {
      findings.push(
        finding("address.segment-invalid", {
          explanation: `${site.tincName}'s segment ${site.segment} lies outside intranet ${intranet?.cidr ?? site.intranetId}.`,
          objects: [{ type: "site", id: site.id }],
          fix: "Pick a segment inside the intranet CIDR.",
          blocking: true,
        }),
      );
      continue;
    }
    const lanNic = (context.nicsByMachine.get(site.routerId) ?? []).find((nic) => nic.role === "lan");
    const cidr = `${subnet.network}/24`;
    const problems: string[] = [];
    if (!site.lanIp.startsWith(subnet.network.slice(0, subnet.network.lastIndexOf(".") + 1))) {
      problems.push(`its LAN address ${site.lanIp} is outside ${cidr}`);
    }
    if (lanNic?.staticIp && lanNic.staticIp !== site.lanIp) {
      problems.push(`the router's LAN NIC has ${lanNic.staticIp} but the site says ${site.lanIp}`);
    }
    if (problems.length > 0) {
      findings.push(
        finding("address.segment-invalid", {
          explanation: `${site.tincName} (segment ${cidr}): ${problems.join("; ")}.`,
          objects: [
            { type: "site", id: site.id },
            ...(lanNic ? [{ type: "nic" as const, id: lanNic.id }] : []),
          ],
          fix: `Give the router's LAN the address ${subnet.network.replace(/\.0$/, ".1")} inside ${cidr} and use it everywhere.`,
          blocking: true,
        }),
      );
    }
    if (intranet?.reservedSegments.includes(site.segment)) {
      findings.push(
        finding("address.segment-reserved", {
          explanation: `${site.tincName} uses segment ${site.segment} (${cidr}), which intranet ${intranet.name} reserves.`,
          objects: [{ type: "site", id: site.id }],
          fix: "Move the site to a segment that is not reserved.",
        }),
      );
    }
  }
  return findings;
}

export function duplicateFindings({ context, topology, classes }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  const domainOf = new Map(classes.map((members) => [members.id, members.domainId]));
  const endpointById = new Map(topology.endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const macScope = (nic: Nic) => {
    const endpoint = endpointById.get(nic.id);
    return endpoint ? (domainOf.get(endpoint.classId) ?? endpoint.classId) : nic.id;
  };
  for (const group of groupsOf(context.nics, (nic) => nic.mac)) {
    const scopes = new Set(group.map(macScope));
    const labs = new Set(group.map((nic) => context.machines.get(nic.machineId)?.labId));
    if (scopes.size === group.length && labs.size === group.length) continue;
    findings.push(
      finding("address.duplicate-mac", {
        explanation: `${group.map((nic) => `${context.machines.get(nic.machineId)?.name ?? nic.machineId} ${nic.name}`).join(" and ")} share MAC ${group[0]!.mac} in one lab or bridged domain.`,
        objects: group.map((nic) => ({ type: "nic" as const, id: nic.id })),
        fix: "Give each NIC its own MAC (Hyper-V: Set-VMNetworkAdapter -StaticMacAddress, or let the host's dynamic pool assign one).",
        blocking: true,
      }),
    );
  }
  const withIp = topology.endpoints.filter(
    (endpoint) => endpoint.ip !== null && endpoint.kind !== "internet",
  );
  for (const group of groupsOf(
    withIp,
    (endpoint) => `${domainOf.get(endpoint.classId) ?? endpoint.classId}|${endpoint.ip}`,
  )) {
    findings.push(
      finding("address.duplicate-ip", {
        explanation: `${group.map((endpoint) => `${endpoint.name} (${endpoint.ipSource})`).join(" and ")} all claim ${group[0]!.ip} in one L2 domain.`,
        objects: group.map((endpoint) => ({ type: "nic" as const, id: endpoint.id })),
        fix: "Give each host its own address: change the static IP or the lease.",
        blocking: true,
      }),
    );
  }
  for (const [siteId, dhcp] of topology.dhcp) {
    for (const problem of dhcp.problems) {
      const objects = [
        { type: "lease" as const, id: problem.leaseId },
        { type: "site" as const, id: siteId },
      ];
      findings.push(
        problem.kind === "taken"
          ? finding("address.duplicate-ip", {
              explanation: `Lease ${problem.leaseId}: ${problem.reason}.`,
              objects,
              fix: `Give the lease a free address outside the pool ${poolText(dhcp.pool)}.`,
              blocking: true,
            })
          : finding("dhcp.lease-outside-subnet", {
              explanation: `Lease ${problem.leaseId}: ${problem.reason}; dnsmasq ignores it and the client gets a pool address (${poolText(dhcp.pool)}).`,
              objects,
              fix: `Use an address inside ${context.siteSubnet.get(siteId)?.network ?? "the site's"}/24, outside the pool.`,
              blocking: true,
            }),
      );
    }
  }
  return findings;
}

export function leaseFindings({ context, topology }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  const nicsByMac = new Map<string, Nic[]>();
  for (const nic of context.nics) nicsByMac.set(nic.mac, [...(nicsByMac.get(nic.mac) ?? []), nic]);
  const drifted = new Set<string>();
  for (const site of context.sites) {
    const dhcp = topology.dhcp.get(site.id)!;
    for (const lease of context.leasesBySite.get(site.id) ?? []) {
      if (dhcp.pool && dhcp.usableByMac.get(lease.mac) === lease && inPool(dhcp.pool, lease.ip)) {
        findings.push(
          finding("dhcp.lease-in-pool", {
            explanation: `${lease.hostname}'s reserved ${lease.ip} lies inside ${site.tincName}'s dynamic pool ${poolText(dhcp.pool)}.`,
            objects: [{ type: "lease", id: lease.id }],
            fix: `Move the lease below .${site.dhcpStart} or shrink the pool (start ${site.dhcpStart}, limit ${site.dhcpLimit}).`,
          }),
        );
      }
      if (nicsByMac.has(lease.mac)) continue;
      const drift = findDrift(lease, nicsByMac);
      if (drift) {
        drifted.add(drift.nic.id);
        findings.push(
          finding("dhcp.mac-drift", {
            explanation: `Lease ${lease.hostname} (${lease.ip}) names ${lease.mac}, which no NIC has; ${context.machines.get(drift.nic.machineId)?.name ?? drift.nic.machineId} ${drift.nic.name} has ${drift.nic.mac} = +${drift.step} in the last octet, the drift seen after Windows feature updates. It will not get ${lease.ip}.`,
            objects: [
              { type: "lease", id: lease.id },
              { type: "nic", id: drift.nic.id },
            ],
            fix: `Update the lease to ${drift.nic.mac}, or restore the old MAC (registry NetworkAddress ${lease.mac.replaceAll(":", "").toUpperCase()}), or give the host vNIC a static IP.`,
          }),
        );
      }
    }
  }
  for (const [siteId, segment] of topology.siteSegment) {
    const dhcp = topology.dhcp.get(siteId)!;
    for (const nic of segment.nics) {
      if (nic.addressing !== "static-lease" || drifted.has(nic.id) || dhcp.usableByMac.has(nic.mac)) continue;
      findings.push(
        finding("dhcp.static-lease-missing", {
          explanation: `${context.machines.get(nic.machineId)?.name ?? nic.machineId} ${nic.name} (${nic.mac}) expects a static lease at ${context.siteById.get(siteId)?.tincName ?? siteId}, but no usable lease names its MAC: it gets a pool address (${poolText(dhcp.pool)}).`,
          objects: [{ type: "nic", id: nic.id }],
          fix: "Add a static lease for this MAC outside the pool, or switch the NIC to dynamic addressing.",
        }),
      );
    }
  }
  return findings;
}

function findDrift(lease: StaticLease, nicsByMac: Map<string, Nic[]>): { nic: Nic; step: number } | null {
  const base = macToBigInt(lease.mac);
  for (let step = 1; step <= 3; step++) {
    const candidate = macFromBigInt(base + BigInt(step));
    if (candidate.slice(0, 15) !== lease.mac.slice(0, 15)) break;
    const nic = nicsByMac.get(candidate)?.sort((a, b) => compareStrings(a.id, b.id))[0];
    if (nic) return { nic, step };
  }
  return null;
}

export function bridgedDhcpFindings({ context, mesh }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const intranet of mesh.intranets) {
    if (intranet.mode !== "switch") continue;
    const bridged = intranet.components.filter((component) => component.length > 1);
    if (bridged.length === 0) continue;
    const sites = bridged.flat();
    findings.push(
      finding("dhcp.bridged-servers", {
        explanation: `In ${context.intranets.get(intranet.id)?.name ?? intranet.id} (switch mode) the DHCP servers of ${sites.map((id) => mesh.siteFacts.get(id)!.tincName).join(", ")} share one broadcast domain: a client's DISCOVER reaches all of them.`,
        objects: [{ type: "intranet", id: intranet.id }],
        fix: "Keep DHCP local: drop udp 67/68 on the tinc interface (nft bridge filter or ebtables in tinc-up), and make dnsmasq answer only its own segment.",
      }),
    );
  }
  return findings;
}
