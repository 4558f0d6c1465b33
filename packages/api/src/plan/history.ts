// A machine's published revisions, newest first, and the file diff between any two of them.
import type { StoredBundle } from "../agent/revisions";
import type { Database } from "../db";
import { invalidField, notFound } from "../errors";
import type { MachineRevisionsInput, RevisionDiffInput } from "../router/plan/plan.schema";
import { diffFiles } from "./preview";

export async function machineRevisions(db: Database, teamId: string, input: MachineRevisionsInput) {
  const machine = await db.machine.findFirst({
    where: { id: input.machineId, organizationId: teamId },
    select: { id: true, name: true },
  });
  if (!machine) throw notFound("Machine");
  const where = { machineId: machine.id, organizationId: teamId };
  const [total, rows] = await Promise.all([
    db.machineRevision.count({ where }),
    db.machineRevision.findMany({
      where,
      orderBy: { number: "desc" },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: { number: true, sha256: true, createdAt: true, createdBy: true, planId: true },
    }),
  ]);
  const planIds = [...new Set(rows.flatMap((row) => (row.planId ? [row.planId] : [])))];
  const plans = new Map(
    (
      await db.plan.findMany({
        where: { id: { in: planIds }, organizationId: teamId },
        select: { id: true, number: true, title: true },
      })
    ).map((plan) => [plan.id, plan]),
  );
  return {
    machine,
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: rows.map((row) => ({ ...row, plan: row.planId ? (plans.get(row.planId) ?? null) : null })),
  };
}

export async function revisionDiff(db: Database, teamId: string, input: RevisionDiffInput) {
  const machine = await db.machine.findFirst({
    where: { id: input.machineId, organizationId: teamId },
    select: { id: true, name: true },
  });
  if (!machine) throw notFound("Machine");
  const revisions = await db.machineRevision.findMany({
    where: { machineId: machine.id, number: { in: [input.from, input.to] } },
    select: { number: true, bundle: true, createdAt: true },
  });
  const find = (number: number, field: "from" | "to") => {
    const revision = revisions.find((row) => row.number === number);
    if (!revision) throw invalidField(field, `${machine.name} has no revision ${number}`);
    return { number, createdAt: revision.createdAt, bundle: revision.bundle as unknown as StoredBundle };
  };
  const from = find(input.from, "from");
  const to = find(input.to, "to");
  return {
    machine,
    from: { number: from.number, createdAt: from.createdAt },
    to: { number: to.number, createdAt: to.createdAt },
    files: diffFiles(from.bundle.files, to.bundle.files),
  };
}
