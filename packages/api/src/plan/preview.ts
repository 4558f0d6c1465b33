// A plan's preview: what publishing `after` on top of `before` will do, before it exists anywhere
// but labnet. Pure (no database, no clock): the same two models always give the same preview, so
// it is computed once when a plan is made and stored with it.
import type { Bundle, BundleKind } from "@labnet/config";
import { type NetworkModel, networkModelSchema } from "@labnet/model";
import {
  type Analysis,
  analyze,
  diffAnalyses,
  type Finding,
  type FindingObjectType,
  findingKey,
  type SimDiff,
} from "@labnet/sim";
import { formatPatch, OMIT_HEADERS, structuredPatch } from "diff";
import { renderTeamBundles } from "../render";

/** Both sides render with one label, so file headers do not differ by revision number. */
const previewLabel = "(preview)";
const contextLines = 3;
/**
 * Patch lines kept per file and per preview. A 254-site team's first publish renders ~64,000 new
 * files (32 MB of patches); the preview keeps the first lines and the counts, the revisions keep all.
 */
export const patchLineLimits = { perFile: 1_000, total: 20_000 };
/** A first publish of 254 meshed sites gains 32,000 segment pairs: list some, count all. */
export const maxListedPairs = 200;

export interface FileDiff {
  path: string;
  change: "added" | "removed" | "modified";
  /** Unified diff hunks (`@@` lines, then lines starting with ' ', '+' or '-'); the path names the file. */
  patch: string;
  additions: number;
  deletions: number;
  /** Set when the permission bits change (e.g. a script becomes executable). */
  mode?: { before: number | null; after: number | null };
  /** Patch lines left out to keep the stored preview small (a team's first publish, huge files). */
  omittedLines?: number;
}

export interface MachineDiff {
  machineId: string;
  machineName: string;
  kind: BundleKind;
  change: "added" | "removed" | "modified";
  files: FileDiff[];
  /** What the agent runs once the files are written (from the new bundle). */
  reloadCommands: string[];
  /** What the renderer had to decide on its own for this machine. */
  warnings: string[];
  /** Files changed but not listed (the preview's size limit), with their line counts. */
  omitted?: { files: number; additions: number; deletions: number };
}

export interface NamedObject {
  type: FindingObjectType;
  id: string;
  name: string;
}

export interface PreviewFinding {
  /** rule + objects: what an acknowledgement names. */
  key: string;
  ruleId: string;
  severity: Finding["severity"];
  title: string;
  explanation: string;
  fix: string;
  blocking: boolean;
  objects: NamedObject[];
}

export interface ReachChange {
  from: string;
  to: string;
  fromId: string;
  toId: string;
  /** Why the pair no longer reaches each other (lost pairs). */
  reason?: string;
}

export interface PathMtuChange {
  scope: "internet" | "site-outer";
  id: string;
  name: string;
  before: { pathMtu: number | null; tcp?: string; udp?: string } | null;
  after: { pathMtu: number | null; tcp?: string; udp?: string } | null;
}

export interface ServiceReachChange {
  id: string;
  name: string;
  before: { fromUpstream: boolean; fromInternet: boolean } | null;
  after: { fromUpstream: boolean; fromInternet: boolean } | null;
}

export interface AddressChange {
  endpointId: string;
  name: string;
  before: string | null;
  after: string | null;
  /** Where the new address comes from (static lease, static IP, pool …). */
  source: string;
}

export interface PlanImpact {
  /** Pairs listed up to `maxListedPairs` each; the totals count them all. */
  reachability: { gained: ReachChange[]; lost: ReachChange[]; gainedTotal: number; lostTotal: number };
  paths: PathMtuChange[];
  services: ServiceReachChange[];
  addresses: AddressChange[];
  endpoints: { added: string[]; removed: string[] };
  findings: { added: PreviewFinding[]; resolved: PreviewFinding[] };
}

export interface PlanPreview {
  /** Machines whose files change, by name. */
  machines: MachineDiff[];
  unchangedMachines: number;
  impact: PlanImpact;
  /** Findings the change adds that must be acknowledged by name before it can publish. */
  blocking: PreviewFinding[];
}

export const emptyModel: NetworkModel = networkModelSchema.parse({});

export function previewPlan(before: NetworkModel | null, after: NetworkModel): PlanPreview {
  const machines = diffBundles(
    before ? renderTeamBundles(before, { revision: previewLabel }) : [],
    renderTeamBundles(after, { revision: previewLabel }),
  );
  const analysisBefore = analyze(before ?? emptyModel);
  const analysisAfter = analyze(after);
  const impact = describeImpact(
    diffAnalyses(analysisBefore, analysisAfter),
    new Names(before ?? emptyModel, after, analysisBefore, analysisAfter),
    analysisBefore,
    analysisAfter,
  );
  const machineCount = new Set([...(before?.machines ?? []), ...after.machines].map((m) => m.id)).size;
  return {
    machines: limitPatches(machines.changed),
    unchangedMachines: machineCount - machines.changed.length,
    impact,
    blocking: impact.findings.added.filter((finding) => finding.blocking),
  };
}

/** True when publishing would change no file and nothing the simulation sees. */
export function isEmptyPreview(preview: PlanPreview): boolean {
  const { impact } = preview;
  return (
    preview.machines.length === 0 &&
    impact.reachability.gained.length === 0 &&
    impact.reachability.lost.length === 0 &&
    impact.paths.length === 0 &&
    impact.services.length === 0 &&
    impact.addresses.length === 0 &&
    impact.endpoints.added.length === 0 &&
    impact.endpoints.removed.length === 0 &&
    impact.findings.added.length === 0 &&
    impact.findings.resolved.length === 0
  );
}

// ── files ──────────────────────────────────────────────────────────────────────────────────

type BundleLike = Pick<
  Bundle,
  "machineId" | "machineName" | "kind" | "files" | "reloadCommands" | "warnings"
>;

/** Per machine, file by file. Also used to compare two stored revisions of one machine. */
export function diffBundles(before: BundleLike[], after: BundleLike[]) {
  const was = new Map(before.map((bundle) => [bundle.machineId, bundle]));
  const is = new Map(after.map((bundle) => [bundle.machineId, bundle]));
  const ids = [...new Set([...was.keys(), ...is.keys()])];
  const changed: MachineDiff[] = [];
  for (const id of ids) {
    const a = was.get(id);
    const b = is.get(id);
    const files = diffFiles(a?.files ?? [], b?.files ?? []);
    if (a && b && files.length === 0) continue;
    const shown = (b ?? a)!;
    changed.push({
      machineId: id,
      machineName: shown.machineName,
      kind: shown.kind,
      change: !a ? "added" : !b ? "removed" : "modified",
      files,
      reloadCommands: b?.reloadCommands ?? [],
      warnings: b?.warnings ?? [],
    });
  }
  changed.sort((x, y) => compare(x.machineName, y.machineName) || compare(x.machineId, y.machineId));
  return { changed };
}

/**
 * Cuts patches beyond the line limits, counting what was left out; once the preview's budget is
 * spent, further files are only counted on their machine.
 */
function limitPatches(machines: MachineDiff[], limits = patchLineLimits): MachineDiff[] {
  let budget = limits.total;
  for (const machine of machines) {
    const kept: FileDiff[] = [];
    for (const file of machine.files) {
      if (budget <= 0) {
        machine.omitted ??= { files: 0, additions: 0, deletions: 0 };
        machine.omitted.files++;
        machine.omitted.additions += file.additions;
        machine.omitted.deletions += file.deletions;
        continue;
      }
      kept.push(file);
      const lines = file.patch.split("\n");
      if (lines.at(-1) === "") lines.pop();
      const keep = Math.min(lines.length, limits.perFile, budget);
      budget -= keep;
      if (keep === lines.length) continue;
      file.patch = `${lines.slice(0, keep).join("\n")}\n`;
      file.omittedLines = lines.length - keep;
    }
    machine.files = kept;
  }
  return machines;
}

type FileLike = { path: string; content: string; mode: number };

export function diffFiles(before: FileLike[], after: FileLike[]): FileDiff[] {
  const was = new Map(before.map((file) => [file.path, file]));
  const is = new Map(after.map((file) => [file.path, file]));
  const paths = [...new Set([...was.keys(), ...is.keys()])].sort(compare);
  const diffs: FileDiff[] = [];
  for (const path of paths) {
    const a = was.get(path);
    const b = is.get(path);
    if (a && b && a.content === b.content && a.mode === b.mode) continue;
    const patch = structuredPatch(
      a ? path : "/dev/null",
      b ? path : "/dev/null",
      a?.content ?? "",
      b?.content ?? "",
      undefined,
      undefined,
      { context: contextLines },
    );
    let additions = 0;
    let deletions = 0;
    for (const hunk of patch.hunks) {
      for (const line of hunk.lines) {
        if (line.startsWith("+")) additions++;
        else if (line.startsWith("-")) deletions++;
      }
    }
    diffs.push({
      path,
      change: !a ? "added" : !b ? "removed" : "modified",
      patch: formatPatch(patch, OMIT_HEADERS),
      additions,
      deletions,
      ...(a && b && a.mode !== b.mode ? { mode: { before: a.mode, after: b.mode } } : {}),
    });
  }
  return diffs;
}

// ── simulation impact, with names instead of ids ───────────────────────────────────────────

function describeImpact(change: SimDiff, names: Names, before: Analysis, after: Analysis): PlanImpact {
  const pair = (from: string, to: string, reason?: string): ReachChange => ({
    from: names.of("class", from),
    to: names.of("class", to),
    fromId: from,
    toId: to,
    ...(reason ? { reason } : {}),
  });
  return {
    reachability: {
      gained: change.reachability.gained.slice(0, maxListedPairs).map((p) => pair(p.from, p.to)),
      lost: change.reachability.lost.slice(0, maxListedPairs).map((p) => pair(p.from, p.to, p.reason)),
      gainedTotal: change.reachability.gained.length,
      lostTotal: change.reachability.lost.length,
    },
    paths: change.paths.map((path) => ({
      ...path,
      name: path.scope === "internet" ? names.of("class", path.id) : names.of("site", path.id),
    })),
    services: change.services.map((service) => ({ ...service, name: names.service(service.id) })),
    addresses: addressChanges(before, after),
    endpoints: {
      added: change.endpoints.added.map((id) => names.endpoint(id)),
      removed: change.endpoints.removed.map((id) => names.endpoint(id)),
    },
    findings: {
      added: change.findings.added.map((finding) => names.finding(finding)),
      resolved: change.findings.resolved.map((finding) => names.finding(finding)),
    },
  };
}

/** Endpoints present on both sides whose address changes (a lease moved, a static IP edited). */
function addressChanges(before: Analysis, after: Analysis): AddressChange[] {
  const was = new Map(before.endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const changes: AddressChange[] = [];
  for (const endpoint of after.endpoints) {
    const old = was.get(endpoint.id);
    if (!old || old.ip === endpoint.ip) continue;
    changes.push({
      endpointId: endpoint.id,
      name: endpoint.name,
      before: old.ip,
      after: endpoint.ip,
      source: endpoint.ipSource,
    });
  }
  return changes.sort((a, b) => compare(a.name, b.name) || compare(a.endpointId, b.endpointId));
}

/** Names for the ids sim reports, looked up on the side where the object exists (after first). */
class Names {
  private readonly byType = new Map<string, string>();
  private readonly endpoints = new Map<string, string>();
  private readonly services = new Map<string, string>();

  constructor(before: NetworkModel, after: NetworkModel, ...analyses: [Analysis, Analysis]) {
    // Later entries win: index `before` first, then `after`.
    for (const model of [before, after]) {
      const machines = new Map(model.machines.map((machine) => [machine.id, machine]));
      const labs = new Map(model.labs.map((lab) => [lab.id, lab.name]));
      const set = (type: FindingObjectType, id: string, name: string) =>
        this.byType.set(`${type}:${id}`, name);
      for (const machine of model.machines) {
        set("machine", machine.id, machine.name);
        for (const hop of machine.router?.uplink ?? [])
          set("hop", hop.id, `${machine.name} uplink ${hop.name}`);
        for (const share of machine.router?.shares ?? [])
          set("share", share.id, `${machine.name} share ${share.name}`);
      }
      for (const lab of model.labs) this.byType.set(`lab:${lab.id}`, lab.name);
      for (const vswitch of model.vswitches) {
        set("vswitch", vswitch.id, `${labs.get(vswitch.labId) ?? "?"} ${vswitch.name}`);
      }
      for (const nic of model.nics)
        set("nic", nic.id, `${machines.get(nic.machineId)?.name ?? "?"} ${nic.name}`);
      for (const intranet of model.intranets) set("intranet", intranet.id, intranet.name);
      for (const site of model.sites) set("site", site.id, `site ${site.tincName}`);
      for (const lease of model.leases)
        set("lease", lease.id, `lease ${lease.hostname} (${lease.ip ?? lease.mac})`);
    }
    for (const analysis of analyses) {
      const sites = new Map(analysis.sites.map((site) => [site.id, site.tincName]));
      for (const members of analysis.classes) {
        const segment = `${members.vswitchName ?? members.kind}${members.vlanId === null ? "" : ` VLAN ${members.vlanId}`}`;
        const lab = members.labId ? this.byType.get(`lab:${members.labId}`) : undefined;
        const site = members.siteId ? sites.get(members.siteId) : undefined;
        const label =
          members.kind === "internet"
            ? "internet"
            : `${members.routerName ? `${members.routerName} ` : ""}${members.kind} ${segment}${site ? ` (site ${site})` : ""}${lab ? ` in ${lab}` : ""}`;
        this.byType.set(`class:${members.id}`, label);
      }
      for (const endpoint of analysis.endpoints) this.endpoints.set(endpoint.id, endpoint.name);
      for (const service of analysis.services) {
        const router = this.byType.get(`machine:${service.routerId}`) ?? service.routerId;
        this.services.set(service.id, `${service.service} on ${router}`);
      }
    }
  }

  of(type: FindingObjectType, id: string): string {
    return this.byType.get(`${type}:${id}`) ?? id;
  }

  endpoint(id: string): string {
    return this.endpoints.get(id) ?? id;
  }

  service(id: string): string {
    return this.services.get(id) ?? id;
  }

  finding(finding: Finding): PreviewFinding {
    return {
      key: findingKey(finding),
      ruleId: finding.ruleId,
      severity: finding.severity,
      title: finding.title,
      explanation: finding.explanation,
      fix: finding.fix,
      blocking: finding.blocking,
      objects: finding.objects.map((object) => ({ ...object, name: this.of(object.type, object.id) })),
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
