// Whole-model export and import: the JSON file the command-line tools read (docs/network-model.md)
// goes out of and into a team. An import only ever adds: it is refused as a whole when any of its
// objects would collide with what the team already holds, so a half-merged network never exists.
import { formatIssue, type ModelIssue, type NetworkModel, parseNetworkModel } from "@labnet/model";
import type { TRPCError } from "@trpc/server";
import type { AuditContext } from "../audit";
import type { Database } from "../db";
import { invalidFields } from "../errors";
import { insertModel, loadTeamModel } from "./mapper";

/** What one import may hold: a file of this size imports in seconds on both databases. */
export const importLimits = { bytes: 20_000_000, labs: 300, sites: 1_000, nics: 20_000, leases: 10_000 };

/** A row import can write for a big model; the default 5 s transaction timeout is too short. */
const importTimeoutMs = 120_000;

export interface ModelCounts {
  labs: number;
  machines: number;
  vswitches: number;
  nics: number;
  intranets: number;
  sites: number;
  leases: number;
}

export interface ImportCheck {
  /** Counts of what the file holds (zero when it could not be read). */
  counts: ModelCounts;
  /** Field errors, limits and collisions, each with the JSON path of the offending field. */
  problems: ModelIssue[];
}

export function exportModel(db: Database, teamId: string): Promise<NetworkModel> {
  return loadTeamModel(db, teamId);
}

function countsOf(model: Partial<Record<keyof ModelCounts, unknown>>): ModelCounts {
  const length = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  return {
    labs: length(model.labs),
    machines: length(model.machines),
    vswitches: length(model.vswitches),
    nics: length(model.nics),
    intranets: length(model.intranets),
    sites: length(model.sites),
    leases: length(model.leases),
  };
}

const emptyCounts = countsOf({});

/** Reads the file's text into a model, or the problems that stop it, without touching the team. */
function readModel(source: string): { model: NetworkModel | null; check: ImportCheck } {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      model: null,
      check: {
        counts: emptyCounts,
        problems: [
          { path: [], message: `not valid JSON (${reason}): export the model again or fix the file` },
        ],
      },
    };
  }
  const counts = countsOf(typeof json === "object" && json !== null ? json : {});
  const overLimit: ModelIssue[] = [];
  for (const key of ["labs", "sites", "nics", "leases"] as const) {
    if (counts[key] > importLimits[key]) {
      overLimit.push({
        path: [key],
        message: `${counts[key]} ${key} is more than one import takes (${importLimits[key]}): split the file`,
      });
    }
  }
  if (overLimit.length > 0) return { model: null, check: { counts, problems: overLimit } };
  const parsed = parseNetworkModel(json);
  if (!parsed.ok) return { model: null, check: { counts, problems: parsed.issues } };
  return { model: parsed.model, check: { counts, problems: [] } };
}

/** Objects of the file that the team already holds under a team-wide unique name or MAC. */
async function collisions(
  db: Pick<Database, "lab" | "intranet" | "nic" | "staticLease">,
  teamId: string,
  model: NetworkModel,
) {
  const where = { organizationId: teamId };
  const [labs, intranets, nicMacs, leaseMacs] = await Promise.all([
    db.lab.findMany({
      where: { ...where, name: { in: model.labs.map((lab) => lab.name) } },
      select: { name: true },
    }),
    db.intranet.findMany({
      where: {
        ...where,
        OR: [
          { name: { in: model.intranets.map((intranet) => intranet.name) } },
          { netname: { in: model.intranets.map((intranet) => intranet.netname) } },
        ],
      },
      select: { name: true, netname: true },
    }),
    db.nic.findMany({
      where: { ...where, mac: { in: model.nics.map((nic) => nic.mac) } },
      select: { mac: true },
    }),
    db.staticLease.findMany({
      where: { ...where, mac: { in: model.leases.map((lease) => lease.mac) } },
      select: { mac: true },
    }),
  ]);
  const issues: ModelIssue[] = [];
  const takenLabs = new Set(labs.map((lab) => lab.name));
  model.labs.forEach((lab, index) => {
    if (takenLabs.has(lab.name))
      issues.push({
        path: ["labs", index, "name"],
        message: `the team already has a lab named "${lab.name}"`,
      });
  });
  const takenIntranetNames = new Set(intranets.map((intranet) => intranet.name));
  const takenNetnames = new Set(intranets.map((intranet) => intranet.netname));
  model.intranets.forEach((intranet, index) => {
    if (takenIntranetNames.has(intranet.name))
      issues.push({
        path: ["intranets", index, "name"],
        message: `the team already has an intranet named "${intranet.name}"`,
      });
    if (takenNetnames.has(intranet.netname))
      issues.push({
        path: ["intranets", index, "netname"],
        message: `the team already has an intranet with netname "${intranet.netname}"`,
      });
  });
  const takenNicMacs = new Set(nicMacs.map((nic) => nic.mac));
  model.nics.forEach((nic, index) => {
    if (takenNicMacs.has(nic.mac))
      issues.push({
        path: ["nics", index, "mac"],
        message: `the team already has a NIC with MAC ${nic.mac}`,
      });
  });
  const takenLeaseMacs = new Set(leaseMacs.map((lease) => lease.mac));
  model.leases.forEach((lease, index) => {
    if (takenLeaseMacs.has(lease.mac))
      issues.push({
        path: ["leases", index, "mac"],
        message: `the team already has a static lease for MAC ${lease.mac}`,
      });
  });
  return issues;
}

/** What importing this file would add, and every reason it would be refused; writes nothing. */
export async function checkImport(db: Database, teamId: string, source: string): Promise<ImportCheck> {
  const { model, check } = readModel(source);
  if (!model) return check;
  return { counts: check.counts, problems: await collisions(db, teamId, model) };
}

/** The problems as field errors keyed by JSON path, so the dialog and an API client see each one. */
function refusal(problems: ModelIssue[], code: "BAD_REQUEST" | "CONFLICT"): TRPCError {
  const fields: Record<string, string> = {};
  for (const problem of problems) {
    const key = problem.path.length > 0 ? problem.path.join(".") : "source";
    fields[key] = fields[key] ? `${fields[key]}; ${problem.message}` : problem.message;
  }
  const error = invalidFields(fields, code);
  error.message = `${problems.length} problem(s): ${problems.slice(0, 5).map(formatIssue).join("; ")}${
    problems.length > 5 ? "; …" : ""
  }`;
  return error;
}

/** Adds the whole file to the team in one audited transaction, or nothing when anything is wrong. */
export async function importModel(ctx: AuditContext, source: string): Promise<{ counts: ModelCounts }> {
  const { model, check } = readModel(source);
  if (!model) throw refusal(check.problems, "BAD_REQUEST");
  // Not auditedTransaction: a 254-site file writes thousands of rows, longer than its default
  // 5 s transaction timeout. The summary event is written in the same transaction all the same.
  return ctx.db.$transaction(
    async (tx) => {
      // Checked inside the transaction; the unique indexes catch a concurrent writer of the same name.
      const taken = await collisions(tx, ctx.teamId, model);
      if (taken.length > 0) throw refusal(taken, "CONFLICT");
      await insertModel(tx, ctx.teamId, model);
      await tx.auditEvent.create({
        data: {
          organizationId: ctx.teamId,
          actorType: ctx.caller.actor.type,
          actorId: ctx.caller.actor.id,
          actorLabel: ctx.caller.actor.label,
          action: "model.import",
          entityType: "team",
          entityId: ctx.teamId,
          after: { ...check.counts },
          requestId: ctx.requestId,
        },
      });
      return { counts: check.counts };
    },
    { timeout: importTimeoutMs, maxWait: 10_000 },
  );
}
