// Thin handlers: the team's cached analysis in, one view out. The team is always the caller's.
import { findingRules } from "@labnet/sim";
import { TRPCError } from "@trpc/server";
import type { Database } from "../../db";
import { FieldErrors, notFound } from "../../errors";
import { teamInsight } from "./cache";
import type { InsightFindingsInput } from "./insight.schema";
import { filterFindings, findingViews, labView, matrixView, meshView, pathView } from "./views";

interface Scope {
  db: Database;
  teamId: string;
}

export async function getMesh(scope: Scope) {
  return meshView(await teamInsight(scope.db, scope.teamId));
}

export async function getLab(scope: Scope, labId: string) {
  const view = labView(await teamInsight(scope.db, scope.teamId), labId);
  if (view === null) throw notFound("Lab");
  return view;
}

export async function getMatrix(scope: Scope) {
  return matrixView(await teamInsight(scope.db, scope.teamId));
}

export async function getPath(scope: Scope, from: string, to: string) {
  const insight = await teamInsight(scope.db, scope.teamId);
  const view = pathView(insight, from, to);
  if (view === null) {
    const known = new Set(insight.analysis.endpoints.map((endpoint) => endpoint.id));
    const fields: Record<string, string> = {};
    for (const [field, id] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (!known.has(id)) fields[field] = "no such endpoint in this team (it may have been deleted)";
    }
    throw new TRPCError({
      code: "NOT_FOUND",
      message: "Endpoint not found",
      cause: new FieldErrors(fields),
    });
  }
  return view;
}

export async function getFindings(scope: Scope, input: InsightFindingsInput) {
  const insight = await teamInsight(scope.db, scope.teamId);
  const all = findingViews(insight.model, insight.analysis);
  const matching = filterFindings(all, input);
  const start = (input.page - 1) * input.pageSize;
  const counted = (key: (finding: (typeof all)[number]) => string[]) => {
    const counts = new Map<string, number>();
    for (const finding of all)
      for (const value of key(finding)) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  };
  const bySeverity = counted((finding) => [finding.severity]);
  const byRule = counted((finding) => [finding.ruleId]);
  const bySite = counted((finding) => finding.siteIds);
  return {
    items: matching.slice(start, start + input.pageSize),
    total: matching.length,
    page: input.page,
    pageSize: input.pageSize,
    /** What the filters can choose from, with how many findings each would show. */
    facets: {
      severities: (["error", "warning", "info"] as const).map((severity) => ({
        severity,
        count: bySeverity.get(severity) ?? 0,
      })),
      rules: findingRules
        .filter((rule) => byRule.has(rule.id))
        .map((rule) => ({ id: rule.id, title: rule.title, count: byRule.get(rule.id)! })),
      sites: insight.model.sites
        .filter((site) => bySite.has(site.id))
        .map((site) => ({ id: site.id, tincName: site.tincName, count: bySite.get(site.id)! }))
        .sort((a, b) => (a.tincName < b.tincName ? -1 : 1)),
    },
  };
}
