// diff(before, after): what a change will do — reachability gained and lost (class pairs),
// path-MTU and large-packet changes, published services, findings added and resolved.
import type { NetworkModel } from "@labnet/model";
import { analyze } from "./analyze";
import { compareStrings } from "./context";
import { findingKey } from "./findings";
import { verdictFor } from "./reachability";
import type { Analysis, EndpointClass, Finding } from "./types";

export interface ClassPair {
  /** Class ids, from < to: reachability between classes is symmetric. */
  from: string;
  to: string;
  /** For lost pairs: why they no longer reach each other (after the change). */
  reason?: string;
}

export interface PathChange {
  scope: "internet" | "site-outer";
  /** Class id (internet) or site id (site-outer: the MTU of the site's outward path, which sets its tunnels). */
  id: string;
  before: { pathMtu: number | null; tcp?: string; udp?: string } | null;
  after: { pathMtu: number | null; tcp?: string; udp?: string } | null;
}

export interface ServiceChange {
  id: string;
  before: { fromUpstream: boolean; fromInternet: boolean } | null;
  after: { fromUpstream: boolean; fromInternet: boolean } | null;
}

export interface SimDiff {
  reachability: { gained: ClassPair[]; lost: ClassPair[] };
  paths: PathChange[];
  services: ServiceChange[];
  findings: { added: Finding[]; resolved: Finding[] };
  endpoints: { added: string[]; removed: string[] };
}

/** Classes that reach each other share a group: a mesh component, or their own segment. */
function reachGroups(analysis: Analysis): Map<string, string[]> {
  const sites = new Map(analysis.sites.map((site) => [site.id, site]));
  const intranets = new Map(analysis.intranets.map((intranet) => [intranet.id, intranet]));
  const groupOf = (members: EndpointClass): string | null => {
    if (members.kind === "unattached" || members.kind === "internet") return null;
    const site = members.siteId ? sites.get(members.siteId) : undefined;
    const intranet = site ? intranets.get(site.intranetId) : undefined;
    const blocked = intranet?.mode === "switch" && members.bridgeBlockers.length > 0;
    if (members.kind === "lan" && site && intranet && !blocked) {
      return `mesh:${intranet.id}:${intranet.components[site.component]?.[0] ?? site.id}`;
    }
    return `seg:${members.vswitchId}.${members.vlanId ?? ""}`;
  };
  const groups = new Map<string, string[]>();
  const memberGroup = new Map<string, string[]>();
  for (const members of analysis.classes) {
    const key = groupOf(members);
    if (key === null) continue;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
    }
    group.push(members.id);
    memberGroup.set(members.id, group);
  }
  return memberGroup;
}

function sameMembers(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

function representative(analysis: Analysis, classId: string): string | undefined {
  return analysis.classes.find((members) => members.id === classId)?.endpointIds[0];
}

function reachabilityChanges(before: Analysis, after: Analysis): SimDiff["reachability"] {
  const groupsBefore = reachGroups(before);
  const groupsAfter = reachGroups(after);
  const gained: ClassPair[] = [];
  const lost: ClassPair[] = [];
  const classIds = [...new Set([...groupsBefore.keys(), ...groupsAfter.keys()])].sort(compareStrings);
  for (const id of classIds) {
    const was = groupsBefore.get(id);
    const is = groupsAfter.get(id);
    if (sameMembers(was, is)) continue;
    const wasSet = new Set(was ?? []);
    const isSet = new Set(is ?? []);
    for (const other of isSet) if (other > id && !wasSet.has(other)) gained.push({ from: id, to: other });
    for (const other of wasSet) {
      if (other <= id || isSet.has(other)) continue;
      const fromEndpoint = representative(after, id);
      const toEndpoint = representative(after, other);
      const reason =
        fromEndpoint && toEndpoint
          ? (verdictFor(after, fromEndpoint, toEndpoint).reason ?? "no longer in one reach group")
          : "the class no longer exists";
      lost.push({ from: id, to: other, reason });
    }
  }
  const order = (a: ClassPair, b: ClassPair) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to);
  return { gained: gained.sort(order), lost: lost.sort(order) };
}

function pathChanges(before: Analysis, after: Analysis): PathChange[] {
  const changes: PathChange[] = [];
  const internetOf = (analysis: Analysis) =>
    new Map(
      analysis.classes.map((members) => [
        members.id,
        {
          pathMtu: members.internet.pathMtu,
          ...(members.internet.largePacket
            ? { tcp: members.internet.largePacket.tcp, udp: members.internet.largePacket.udp }
            : {}),
        },
      ]),
    );
  const was = internetOf(before);
  const is = internetOf(after);
  for (const id of [...new Set([...was.keys(), ...is.keys()])].sort(compareStrings)) {
    const a = was.get(id) ?? null;
    const b = is.get(id) ?? null;
    if (a && b && a.pathMtu === b.pathMtu && a.tcp === b.tcp && a.udp === b.udp) continue;
    changes.push({ scope: "internet", id, before: a, after: b });
  }
  const outer = (analysis: Analysis) => new Map(analysis.sites.map((site) => [site.id, site.outerMtu]));
  const outerBefore = outer(before);
  const outerAfter = outer(after);
  for (const id of [...new Set([...outerBefore.keys(), ...outerAfter.keys()])].sort(compareStrings)) {
    const a = outerBefore.get(id);
    const b = outerAfter.get(id);
    if (a === b) continue;
    changes.push({
      scope: "site-outer",
      id,
      before: a === undefined ? null : { pathMtu: a },
      after: b === undefined ? null : { pathMtu: b },
    });
  }
  return changes;
}

function serviceChanges(before: Analysis, after: Analysis): ServiceChange[] {
  const summary = (analysis: Analysis) =>
    new Map(
      analysis.services.map((service) => [
        service.id,
        { fromUpstream: service.fromUpstream.reachable, fromInternet: service.fromInternet.reachable },
      ]),
    );
  const was = summary(before);
  const is = summary(after);
  const changes: ServiceChange[] = [];
  for (const id of [...new Set([...was.keys(), ...is.keys()])].sort(compareStrings)) {
    const a = was.get(id) ?? null;
    const b = is.get(id) ?? null;
    if (a && b && a.fromUpstream === b.fromUpstream && a.fromInternet === b.fromInternet) continue;
    changes.push({ id, before: a, after: b });
  }
  return changes;
}

function findingChanges(before: Analysis, after: Analysis): SimDiff["findings"] {
  const keys = (analysis: Analysis) => new Set(analysis.findings.map(findingKey));
  const was = keys(before);
  const is = keys(after);
  return {
    added: after.findings.filter((finding) => !was.has(findingKey(finding))),
    resolved: before.findings.filter((finding) => !is.has(findingKey(finding))),
  };
}

/** Compares two analyses; use it directly when the "before" analysis is already at hand. */
export function diffAnalyses(before: Analysis, after: Analysis): SimDiff {
  const ids = (analysis: Analysis) => new Set(analysis.endpoints.map((endpoint) => endpoint.id));
  const was = ids(before);
  const is = ids(after);
  return {
    reachability: reachabilityChanges(before, after),
    paths: pathChanges(before, after),
    services: serviceChanges(before, after),
    findings: findingChanges(before, after),
    endpoints: {
      added: [...is].filter((id) => !was.has(id)).sort(compareStrings),
      removed: [...was].filter((id) => !is.has(id)).sort(compareStrings),
    },
  };
}

export function diff(before: NetworkModel, after: NetworkModel): SimDiff {
  return diffAnalyses(analyze(before), analyze(after));
}

export function isEmptyDiff(change: SimDiff): boolean {
  return (
    change.reachability.gained.length === 0 &&
    change.reachability.lost.length === 0 &&
    change.paths.length === 0 &&
    change.services.length === 0 &&
    change.findings.added.length === 0 &&
    change.findings.resolved.length === 0 &&
    change.endpoints.added.length === 0 &&
    change.endpoints.removed.length === 0
  );
}
