// Plans: editors draft a change (a frozen target model, previewed against what is published),
// admins approve and publish it. Publishing runs under the team's head row lock and only on top of
// the head the plan was previewed against, so two plans never publish over each other.
import type { Prisma } from "@labnet/db";
import type { NetworkModel } from "@labnet/model";
import { TRPCError } from "@trpc/server";
import { type AuditContext, auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { FieldErrors, invalidField, notFound } from "../errors";
import { loadTeamModel } from "../inventory/mapper";
import type {
  PlanCreateInput,
  PlanListInput,
  PlanPublishInput,
  PlanStatus,
  PlanUpdateInput,
  PlanVersionInput,
} from "../router/plan/plan.schema";
import { isEmptyPreview, type PlanPreview, previewPlan } from "./preview";
import { writePlanRevisions } from "./revisions";
import { loadSnapshot, lockHead, nextPlanNumber, readHead, type Snapshot, storeSnapshot } from "./snapshots";

type Scope = AuditContext;
type Reader = Database | Transaction;

/** Statuses a plan can still be changed, approved or published from. */
const openStatuses: PlanStatus[] = ["draft", "approved", "stale"];

const listColumns = {
  id: true,
  number: true,
  title: true,
  status: true,
  machinesAffected: true,
  blockingCount: true,
  staged: true,
  rollbackOfPlanId: true,
  staleReason: true,
  createdBy: true,
  createdAt: true,
  approvedBy: true,
  approvedAt: true,
  publishedBy: true,
  publishedAt: true,
} as const;

// ── reading ────────────────────────────────────────────────────────────────────────────────

export async function listPlans(db: Database, teamId: string, input: PlanListInput) {
  const where = { organizationId: teamId, ...(input.status ? { status: input.status } : {}) };
  const [total, items, head] = await Promise.all([
    db.plan.count({ where }),
    db.plan.findMany({
      where,
      orderBy: { number: "desc" },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: listColumns,
    }),
    readHead(db, teamId),
  ]);
  return { items, total, page: input.page, pageSize: input.pageSize, head };
}

export async function planDetail(db: Database, teamId: string, id: string) {
  const plan = await db.plan.findFirst({
    where: { id, organizationId: teamId },
    select: {
      ...listColumns,
      description: true,
      version: true,
      preview: true,
      acknowledgements: true,
      canaryMachineId: true,
      releasedAt: true,
      releaseCancelled: true,
      baseSnapshotId: true,
      targetSnapshotId: true,
      updatedAt: true,
    },
  });
  if (!plan) throw notFound("Plan");
  const [head, history, rollbackOf] = await Promise.all([
    readHead(db, teamId),
    db.auditEvent.findMany({
      where: { organizationId: teamId, entityType: "plan", entityId: id },
      orderBy: { createdAt: "asc" },
      take: 100,
      select: { id: true, action: true, actorLabel: true, createdAt: true, after: true, requestId: true },
    }),
    plan.rollbackOfPlanId
      ? db.plan.findFirst({ where: { id: plan.rollbackOfPlanId }, select: { id: true, number: true } })
      : null,
  ]);
  return {
    ...plan,
    preview: plan.preview as unknown as PlanPreview,
    acknowledgements: plan.acknowledgements as unknown as Acknowledgement[],
    /** True while nothing was published since the plan was made. */
    baseIsHead: plan.baseSnapshotId === head.snapshotId,
    head,
    rollbackOf,
    history,
  };
}

/** What publishing the current inventory would do now, without drafting a plan. */
export async function previewCurrentInventory(db: Database, teamId: string) {
  const head = await readHead(db, teamId);
  const [base, current] = await Promise.all([
    head.snapshotId ? loadSnapshot(db, teamId, head.snapshotId) : null,
    loadTeamModel(db, teamId),
  ]);
  const preview = previewPlan(base?.model ?? null, current);
  return { head, preview, empty: isEmptyPreview(preview) };
}

// ── drafting ───────────────────────────────────────────────────────────────────────────────

interface Draft {
  base: Snapshot | null;
  target: NetworkModel;
  preview: PlanPreview;
}

/** Base = what is published now; the preview is computed outside any transaction (it is CPU work). */
async function draftAgainstHead(db: Database, teamId: string, target: NetworkModel): Promise<Draft> {
  const head = await readHead(db, teamId);
  const base = head.snapshotId ? await loadSnapshot(db, teamId, head.snapshotId) : null;
  const preview = previewPlan(base?.model ?? null, target);
  if (isEmptyPreview(preview)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: head.planNumber
        ? `Nothing to publish: this network is exactly what plan #${head.planNumber} published. Edit the inventory first.`
        : "Nothing to publish: the inventory is empty. Add labs, machines and sites first.",
    });
  }
  return { base, target, preview };
}

function checkCanary(preview: PlanPreview, input: { staged: boolean; canaryMachineId?: string | null }) {
  if (!input.staged) return;
  const candidates = preview.machines.filter((machine) => machine.change !== "removed");
  if (!candidates.some((machine) => machine.machineId === input.canaryMachineId)) {
    const names = candidates.map((machine) => machine.machineName).join(", ");
    throw invalidField(
      "canaryMachineId",
      candidates.length > 0
        ? `the canary must be a machine this plan changes: one of ${names}`
        : "this plan changes no machine's files: publish it without staging",
    );
  }
}

function previewColumns(preview: PlanPreview) {
  return {
    preview: preview as unknown as Prisma.InputJsonValue,
    machinesAffected: preview.machines.length,
    blockingCount: preview.blocking.length,
  };
}

export async function createPlan(scope: Scope, input: PlanCreateInput) {
  const draft = await draftAgainstHead(scope.db, scope.teamId, await loadTeamModel(scope.db, scope.teamId));
  checkCanary(draft.preview, input);
  return createPlanFrom(scope, draft, {
    title: input.title,
    description: input.description,
    staged: input.staged,
    canaryMachineId: input.staged ? (input.canaryMachineId ?? null) : null,
    rollbackOfPlanId: null,
  });
}

async function createPlanFrom(
  scope: Scope,
  draft: Draft,
  fields: {
    title: string;
    description: string;
    staged: boolean;
    canaryMachineId: string | null;
    rollbackOfPlanId: string | null;
  },
) {
  return auditedTransaction(scope, async (tx, record) => {
    const target = await storeSnapshot(tx, scope.teamId, draft.target);
    const number = await nextPlanNumber(tx, scope.teamId);
    const plan = await tx.plan.create({
      data: {
        organizationId: scope.teamId,
        number,
        ...fields,
        baseSnapshotId: draft.base?.id ?? null,
        targetSnapshotId: target.id,
        ...previewColumns(draft.preview),
        createdById: scope.caller.userId,
        createdBy: scope.caller.actor.label,
      },
      select: { id: true, number: true, version: true },
    });
    record({
      action: fields.rollbackOfPlanId ? "plan.rollback" : "plan.create",
      entityType: "plan",
      entityId: plan.id,
      after: {
        number,
        title: fields.title,
        version: plan.version,
        machines: draft.preview.machines.length,
        blocking: draft.preview.blocking.length,
        ...(fields.rollbackOfPlanId ? { rollbackOf: fields.rollbackOfPlanId } : {}),
      },
    });
    return plan;
  });
}

/** "Re-publish plan #N": a new plan whose target is that plan's network, previewed like any plan. */
export async function createRollbackPlan(scope: Scope, planId: string) {
  const old = await scope.db.plan.findFirst({
    where: { id: planId, organizationId: scope.teamId },
    select: { id: true, number: true, status: true, targetSnapshotId: true },
  });
  if (!old) throw notFound("Plan");
  if (old.status !== "published") {
    throw invalidField(
      "planId",
      `plan #${old.number} was never published (it is ${old.status}): only a published network can be restored`,
    );
  }
  const snapshot = await loadSnapshot(scope.db, scope.teamId, old.targetSnapshotId);
  if (!snapshot) throw notFound("Plan snapshot");
  const draft = await draftAgainstHead(scope.db, scope.teamId, snapshot.model);
  return createPlanFrom(scope, draft, {
    title: `Roll back to plan #${old.number}`,
    description: `Publishes the network exactly as plan #${old.number} published it.`,
    staged: false,
    canaryMachineId: null,
    rollbackOfPlanId: old.id,
  });
}

// ── changing a plan ────────────────────────────────────────────────────────────────────────

interface PlanRow {
  id: string;
  number: number;
  status: string;
  version: number;
  title: string;
  baseSnapshotId: string | null;
  targetSnapshotId: string;
  rollbackOfPlanId: string | null;
  staged: boolean;
  canaryMachineId: string | null;
  preview: Prisma.JsonValue;
}

const rowColumns = {
  id: true,
  number: true,
  status: true,
  version: true,
  title: true,
  baseSnapshotId: true,
  targetSnapshotId: true,
  rollbackOfPlanId: true,
  staged: true,
  canaryMachineId: true,
  preview: true,
} as const;

async function loadPlan(db: Reader, teamId: string, id: string): Promise<PlanRow> {
  const plan = await db.plan.findFirst({ where: { id, organizationId: teamId }, select: rowColumns });
  if (!plan) throw notFound("Plan");
  return plan;
}

/** The caller's copy is old: say who did what to the plan since, from its audit events. */
async function planConflict(db: Reader, teamId: string, plan: PlanRow, baseVersion: number) {
  const events = await db.auditEvent.findMany({
    where: { organizationId: teamId, entityType: "plan", entityId: plan.id },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { action: true, actorLabel: true, after: true },
  });
  const since = events
    .filter((event) => Number((event.after as { version?: number } | null)?.version ?? 0) > baseVersion)
    .reverse()
    .map((event) => `${event.action.replace(/^plan\./, "")} by ${event.actorLabel}`);
  return new TRPCError({
    code: "CONFLICT",
    message: `Plan #${plan.number} was changed by someone else since you opened it${
      since.length > 0 ? ` (${since.join(", ")})` : ""
    }; it is now ${plan.status}. Reload it, then try again.`,
    cause: new FieldErrors({ version: `changed by someone else (now version ${plan.version})` }),
  });
}

function assertOpen(plan: PlanRow, doing: string) {
  if (openStatuses.includes(plan.status as PlanStatus)) return;
  throw new TRPCError({
    code: "BAD_REQUEST",
    message: `Plan #${plan.number} is ${plan.status}: it can no longer ${doing}.${
      plan.status === "published" ? " Draft a new plan for further changes." : ""
    }`,
  });
}

/** Writes `data` only if the plan is still at the caller's version (and bumps it). */
async function writeAtVersion(
  tx: Transaction,
  teamId: string,
  plan: PlanRow,
  version: number,
  data: Prisma.PlanUncheckedUpdateManyInput,
) {
  const written = await tx.plan.updateMany({
    where: { id: plan.id, organizationId: teamId, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (written.count === 0) throw await planConflict(tx, teamId, await loadPlan(tx, teamId, plan.id), version);
  return version + 1;
}

export async function updatePlan(scope: Scope, input: PlanUpdateInput) {
  const plan = await loadPlan(scope.db, scope.teamId, input.id);
  if (plan.version !== input.version) throw await planConflict(scope.db, scope.teamId, plan, input.version);
  assertOpen(plan, "be edited");
  checkCanary(plan.preview as unknown as PlanPreview, input);
  return auditedTransaction(scope, async (tx, record) => {
    const rolloutChanged =
      plan.staged !== input.staged || (input.staged && plan.canaryMachineId !== input.canaryMachineId);
    // An approval covers how the plan rolls out: changing that sends it back for approval.
    const status = plan.status === "approved" && rolloutChanged ? "draft" : plan.status;
    const version = await writeAtVersion(tx, scope.teamId, plan, input.version, {
      title: input.title,
      description: input.description,
      staged: input.staged,
      canaryMachineId: input.staged ? (input.canaryMachineId ?? null) : null,
      status,
      ...(status === "draft" ? { approvedAt: null, approvedBy: null, approvedById: null } : {}),
    });
    record({
      action: "plan.update",
      entityType: "plan",
      entityId: plan.id,
      before: { title: plan.title, staged: plan.staged, canaryMachineId: plan.canaryMachineId },
      after: {
        title: input.title,
        staged: input.staged,
        canaryMachineId: input.canaryMachineId ?? null,
        status,
        version,
      },
    });
    return { id: plan.id, version, status };
  });
}

/** Previews the plan again against what is published now (a stale plan's way back). */
export async function replan(scope: Scope, input: PlanVersionInput) {
  const plan = await loadPlan(scope.db, scope.teamId, input.id);
  if (plan.version !== input.version) throw await planConflict(scope.db, scope.teamId, plan, input.version);
  assertOpen(plan, "be re-planned");
  // A rollback keeps its target (the old network); any other plan takes the inventory as it is now.
  const target = plan.rollbackOfPlanId
    ? (await loadSnapshot(scope.db, scope.teamId, plan.targetSnapshotId))?.model
    : await loadTeamModel(scope.db, scope.teamId);
  if (!target) throw notFound("Plan snapshot");
  const draft = await draftAgainstHead(scope.db, scope.teamId, target);
  const canaryStillChanges =
    !plan.staged || draft.preview.machines.some((machine) => machine.machineId === plan.canaryMachineId);
  return auditedTransaction(scope, async (tx, record) => {
    const snapshot = await storeSnapshot(tx, scope.teamId, draft.target);
    const version = await writeAtVersion(tx, scope.teamId, plan, input.version, {
      status: "draft",
      staleReason: null,
      baseSnapshotId: draft.base?.id ?? null,
      targetSnapshotId: snapshot.id,
      ...previewColumns(draft.preview),
      approvedAt: null,
      approvedBy: null,
      approvedById: null,
      // A canary the new preview no longer changes cannot go first: the plan rolls out at once.
      ...(canaryStillChanges ? {} : { staged: false, canaryMachineId: null }),
    });
    record({
      action: "plan.replan",
      entityType: "plan",
      entityId: plan.id,
      before: { status: plan.status, baseSnapshotId: plan.baseSnapshotId },
      after: {
        status: "draft",
        baseSnapshotId: draft.base?.id ?? null,
        machines: draft.preview.machines.length,
        blocking: draft.preview.blocking.length,
        ...(canaryStillChanges ? {} : { staged: false }),
        version,
      },
    });
    return { id: plan.id, version, stagingDropped: !canaryStillChanges };
  });
}

export async function discardPlan(scope: Scope, input: PlanVersionInput) {
  const plan = await loadPlan(scope.db, scope.teamId, input.id);
  if (plan.version !== input.version) throw await planConflict(scope.db, scope.teamId, plan, input.version);
  assertOpen(plan, "be discarded");
  return auditedTransaction(scope, async (tx, record) => {
    const version = await writeAtVersion(tx, scope.teamId, plan, input.version, { status: "discarded" });
    record({
      action: "plan.discard",
      entityType: "plan",
      entityId: plan.id,
      before: { status: plan.status },
      after: { status: "discarded", version },
    });
    return { id: plan.id, version };
  });
}

function staleMessage(head: { planNumber: number | null }) {
  return `The network was published by plan #${head.planNumber ?? "?"} since this plan was made — re-plan to preview this change against it.`;
}

/** Marks the plan stale (committed) and returns the error to throw after the commit. */
async function markStale(
  tx: Transaction,
  teamId: string,
  plan: PlanRow,
  head: { planNumber: number | null },
) {
  const reason = `plan #${head.planNumber ?? "?"} was published since this plan was made`;
  await tx.plan.updateMany({
    where: { id: plan.id, organizationId: teamId, status: { in: ["draft", "approved"] } },
    data: { status: "stale", staleReason: reason, version: { increment: 1 } },
  });
  return new TRPCError({
    code: "CONFLICT",
    message: staleMessage(head),
    cause: new FieldErrors({ base: staleMessage(head) }),
  });
}

export async function approvePlan(scope: Scope, input: PlanVersionInput) {
  const plan = await loadPlan(scope.db, scope.teamId, input.id);
  if (plan.version !== input.version) throw await planConflict(scope.db, scope.teamId, plan, input.version);
  if (plan.status !== "draft") {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message:
        plan.status === "stale"
          ? `Plan #${plan.number} is stale: re-plan it, then approve the new preview.`
          : `Plan #${plan.number} is ${plan.status}: only a draft can be approved.`,
    });
  }
  const outcome = await auditedTransaction(scope, async (tx, record) => {
    const head = await readHead(tx, scope.teamId);
    if (head.snapshotId !== plan.baseSnapshotId)
      return { error: await markStale(tx, scope.teamId, plan, head) };
    const version = await writeAtVersion(tx, scope.teamId, plan, input.version, {
      status: "approved",
      approvedAt: new Date(),
      approvedBy: scope.caller.actor.label,
      approvedById: scope.caller.userId,
    });
    record({
      action: "plan.approve",
      entityType: "plan",
      entityId: plan.id,
      before: { status: plan.status },
      after: { status: "approved", version },
    });
    return { result: { id: plan.id, version } };
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.result;
}

export interface Acknowledgement {
  key: string;
  title: string;
  by: string;
}

export async function publishPlan(scope: Scope, input: PlanPublishInput) {
  const plan = await loadPlan(scope.db, scope.teamId, input.id);
  if (plan.version !== input.version) throw await planConflict(scope.db, scope.teamId, plan, input.version);
  if (plan.status !== "approved") {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message:
        plan.status === "draft"
          ? `Plan #${plan.number} is a draft: an admin approves it first.`
          : plan.status === "stale"
            ? `Plan #${plan.number} is stale: re-plan it, then approve and publish the new preview.`
            : `Plan #${plan.number} is ${plan.status}: it cannot be published.`,
    });
  }
  const preview = plan.preview as unknown as PlanPreview;
  const acknowledged = new Set(input.acknowledgements);
  const missingAcks = preview.blocking.filter((finding) => !acknowledged.has(finding.key));
  if (missingAcks.length > 0) {
    throw invalidField(
      "acknowledgements",
      `acknowledge each blocking finding by name to publish: ${missingAcks.map((finding) => `“${finding.title}” (${finding.objects.map((o) => o.name).join(", ")})`).join("; ")}`,
    );
  }
  if (plan.staged) checkCanary(preview, plan);
  const target = await loadSnapshot(scope.db, scope.teamId, plan.targetSnapshotId);
  if (!target) throw notFound("Plan snapshot");

  const outcome = await auditedTransaction(scope, async (tx, record) => {
    const head = await lockHead(tx, scope.teamId);
    // Re-read under the lock: a publish of this very plan may have finished while we waited.
    // The head first: a plan that lost a race was also marked stale (a new version) by the winner.
    if (head.planId === plan.id) {
      return {
        error: await planConflict(tx, scope.teamId, await loadPlan(tx, scope.teamId, plan.id), input.version),
      };
    }
    if (head.snapshotId !== plan.baseSnapshotId)
      return { error: await markStale(tx, scope.teamId, plan, head) };
    const current = await loadPlan(tx, scope.teamId, plan.id);
    if (current.version !== input.version) {
      return { error: await planConflict(tx, scope.teamId, current, input.version) };
    }

    const canary = plan.staged ? plan.canaryMachineId : null;
    const written = await writePlanRevisions(
      tx,
      {
        teamId: scope.teamId,
        planId: plan.id,
        planNumber: plan.number,
        publishedBy: scope.caller.actor.label,
        model: target.model,
        ...(canary ? { include: (machineId: string) => machineId === canary } : {}),
      },
      record,
    );
    // A canary whose files already match its latest revision has nothing to prove: release all.
    const canaryPending = canary !== null && written.published.length > 0;
    const rest =
      canary !== null && !canaryPending
        ? await writePlanRevisions(
            tx,
            {
              teamId: scope.teamId,
              planId: plan.id,
              planNumber: plan.number,
              publishedBy: scope.caller.actor.label,
              model: target.model,
              include: (machineId) => machineId !== canary,
            },
            record,
          )
        : null;
    const now = new Date();
    const acknowledgements: Acknowledgement[] = preview.blocking.map((finding) => ({
      key: finding.key,
      title: finding.title,
      by: scope.caller.actor.label,
    }));
    const version = input.version + 1;
    await tx.plan.update({
      where: { id: plan.id },
      data: {
        status: "published",
        publishedAt: now,
        publishedBy: scope.caller.actor.label,
        publishedById: scope.caller.userId,
        acknowledgements: acknowledgements as unknown as Prisma.InputJsonValue,
        releasedAt: canaryPending ? null : now,
        version,
      },
    });
    await tx.publishHead.update({
      where: { organizationId: scope.teamId },
      data: { snapshotId: plan.targetSnapshotId, planId: plan.id, planNumber: plan.number },
    });
    // Every other open plan was previewed against the old head: it must be re-planned.
    await tx.plan.updateMany({
      where: { organizationId: scope.teamId, id: { not: plan.id }, status: { in: ["draft", "approved"] } },
      data: {
        status: "stale",
        staleReason: `plan #${plan.number} was published since this plan was made`,
        version: { increment: 1 },
      },
    });
    // A staged rollout still waiting for its canary is overtaken: this plan's revisions carry its changes.
    await tx.plan.updateMany({
      where: {
        organizationId: scope.teamId,
        id: { not: plan.id },
        status: "published",
        releasedAt: null,
        releaseCancelled: null,
      },
      data: { releaseCancelled: `superseded by plan #${plan.number}` },
    });
    const published = [...written.published, ...(rest?.published ?? [])];
    record({
      action: "plan.publish",
      entityType: "plan",
      entityId: plan.id,
      before: { status: "approved" },
      after: {
        status: "published",
        version,
        revisions: published.length,
        acknowledgements: acknowledgements.map((ack) => ack.title),
        ...(canaryPending ? { canary } : {}),
      },
    });
    return {
      result: {
        id: plan.id,
        version,
        published,
        unchanged: [...written.unchanged, ...(rest?.unchanged ?? [])].length,
        skipped: [...written.skipped, ...(rest?.skipped ?? [])],
        waitingForCanary: canaryPending,
      },
      announce: () => {
        written.announce();
        rest?.announce();
      },
    };
  });
  if ("error" in outcome) throw outcome.error;
  outcome.announce();
  return outcome.result;
}
