// A published plan's rollout: per machine, the revision the plan made and what the machine's agent
// reported for it. Staged plans release the other machines once the canary reports applied: when
// the canary's report arrives (releaseStagedPlansOf), and again whenever someone looks at the rollout.
import type { AuditEntry } from "../audit";
import type { Database } from "../db";
import { notFound } from "../errors";
import type { PlanPreview } from "./preview";
import { writePlanRevisions } from "./revisions";
import { loadSnapshot, lockHead } from "./snapshots";

export type RolloutStatus =
  /** The revision waits for the machine's agent to fetch and apply it. */
  | "pending"
  | "applied"
  | "failed"
  | "rolled_back"
  /** A newer revision replaced this one before the agent reported on it. */
  | "superseded"
  /** Staged: the machine gets its revision once the canary reports applied. */
  | "waiting"
  /** Staged: the canary failed, so the rest was never sent. */
  | "held";

export interface RolloutMachine {
  machineId: string;
  machineName: string;
  canary: boolean;
  revision: number | null;
  status: RolloutStatus;
  /** What the user should know or do next, in a sentence. */
  note: string;
  agent: { hostname: string; lastSeenAt: Date | null } | null;
  report: {
    status: string;
    finishedAt: Date;
    durationMs: number;
    log: string[];
    error: string | null;
  } | null;
}

const maxLogLines = 200;

export async function planRollout(db: Database, teamId: string, planId: string) {
  let plan = await readPlan(db, teamId, planId);
  if (plan.status === "published" && plan.staged && !plan.releasedAt && !plan.releaseCancelled) {
    if (await releaseIfCanaryApplied(db, teamId, plan)) plan = await readPlan(db, teamId, planId);
  }
  const revisions = await db.machineRevision.findMany({
    where: { planId: plan.id, organizationId: teamId },
    select: {
      machineId: true,
      number: true,
      sha256: true,
      createdAt: true,
      machine: { select: { name: true } },
    },
  });
  const machineIds = revisions.map((revision) => revision.machineId);
  const [reports, agents, newer] = await Promise.all([
    db.agentReport.findMany({
      where: {
        OR: revisions.map((revision) => ({ machineId: revision.machineId, revision: revision.number })),
      },
      orderBy: { finishedAt: "desc" },
      select: {
        machineId: true,
        revision: true,
        status: true,
        finishedAt: true,
        durationMs: true,
        log: true,
        error: true,
      },
    }),
    db.agent.findMany({
      where: { machineId: { in: machineIds }, revokedAt: null },
      orderBy: { enrolledAt: "desc" },
      select: { machineId: true, hostname: true, lastSeenAt: true },
    }),
    db.machineRevision.groupBy({
      by: ["machineId"],
      where: { machineId: { in: machineIds } },
      _max: { number: true },
    }),
  ]);
  const latestReport = new Map<string, (typeof reports)[number]>();
  for (const report of reports) {
    const key = `${report.machineId}:${report.revision}`;
    if (!latestReport.has(key)) latestReport.set(key, report);
  }
  const agentOf = new Map<string, (typeof agents)[number]>();
  for (const agent of agents) if (!agentOf.has(agent.machineId)) agentOf.set(agent.machineId, agent);
  const newest = new Map(newer.map((row) => [row.machineId, row._max.number ?? 0]));

  const machines: RolloutMachine[] = revisions.map((revision) => {
    const report = latestReport.get(`${revision.machineId}:${revision.number}`) ?? null;
    const agent = agentOf.get(revision.machineId) ?? null;
    const latest = newest.get(revision.machineId) ?? revision.number;
    const status: RolloutStatus = report
      ? (report.status as RolloutStatus)
      : latest > revision.number
        ? "superseded"
        : "pending";
    return {
      machineId: revision.machineId,
      machineName: revision.machine.name,
      canary: revision.machineId === plan.canaryMachineId && plan.staged,
      revision: revision.number,
      status,
      note: noteFor(status, revision.number, latest, agent !== null, report?.error ?? null),
      agent: agent ? { hostname: agent.hostname, lastSeenAt: agent.lastSeenAt } : null,
      report: report ? { ...report, log: report.log.slice(-maxLogLines) } : null,
    };
  });

  if (plan.staged && !plan.releasedAt) {
    // The rest of a staged plan: the machines its preview changes, still without a revision.
    const canary = machines.find((machine) => machine.canary);
    const preview = plan.preview as unknown as PlanPreview;
    for (const machine of preview.machines) {
      if (machine.change === "removed" || machines.some((m) => m.machineId === machine.machineId)) continue;
      const held = canary?.status === "failed" || canary?.status === "rolled_back";
      machines.push({
        machineId: machine.machineId,
        machineName: machine.machineName,
        canary: false,
        revision: null,
        status: plan.releaseCancelled || held ? "held" : "waiting",
        note: plan.releaseCancelled
          ? `Not sent: ${plan.releaseCancelled}.`
          : held
            ? "Not sent because the canary did not apply: fix the cause, then draft a new plan or roll back."
            : "Gets its revision once the canary reports applied.",
        agent: null,
        report: null,
      });
    }
  }
  machines.sort((a, b) => Number(b.canary) - Number(a.canary) || a.machineName.localeCompare(b.machineName));
  const counts = Object.fromEntries(
    (["pending", "applied", "failed", "rolled_back", "superseded", "waiting", "held"] as const).map(
      (status) => [status, machines.filter((machine) => machine.status === status).length],
    ),
  ) as Record<RolloutStatus, number>;
  return {
    plan: {
      id: plan.id,
      number: plan.number,
      status: plan.status,
      staged: plan.staged,
      releasedAt: plan.releasedAt,
      releaseCancelled: plan.releaseCancelled,
      publishedAt: plan.publishedAt,
    },
    machines,
    counts,
    /** Nothing will change without a user's action: the page stops polling. */
    settled: plan.status !== "published" || (counts.pending === 0 && counts.waiting === 0),
  };
}

function noteFor(
  status: RolloutStatus,
  revision: number,
  latest: number,
  hasAgent: boolean,
  error: string | null,
) {
  switch (status) {
    case "pending":
      return hasAgent
        ? `Revision ${revision} waits for the agent's next poll.`
        : `Revision ${revision} waits for an agent: enroll one for this machine on the Agents page.`;
    case "applied":
      return `Revision ${revision} applied.`;
    case "failed":
      return `Revision ${revision} failed${error ? `: ${error}` : ""}. Read the log, fix the cause in the inventory and publish a new plan, or roll back.`;
    case "rolled_back":
      return `Revision ${revision} failed and the agent restored the previous files${error ? ` (${error})` : ""}. Roll back the plan or publish a fix.`;
    case "superseded":
      return `Revision ${latest} replaced revision ${revision} before the agent reported on it.`;
    default:
      return "";
  }
}

async function readPlan(db: Database, teamId: string, id: string) {
  const plan = await db.plan.findFirst({
    where: { id, organizationId: teamId },
    select: {
      id: true,
      number: true,
      status: true,
      staged: true,
      canaryMachineId: true,
      releasedAt: true,
      releaseCancelled: true,
      publishedAt: true,
      publishedBy: true,
      targetSnapshotId: true,
      preview: true,
    },
  });
  if (!plan) throw notFound("Plan");
  return plan;
}

type StagedPlan = Awaited<ReturnType<typeof readPlan>>;

/**
 * Called when an agent reports a revision applied: releases the rest of every staged plan whose
 * canary that machine is, so a rollout moves on without anyone watching its page.
 */
export async function releaseStagedPlansOf(
  db: Database,
  teamId: string,
  canaryMachineId: string,
): Promise<number> {
  const waiting = await db.plan.findMany({
    where: {
      organizationId: teamId,
      status: "published",
      staged: true,
      canaryMachineId,
      releasedAt: null,
      releaseCancelled: null,
    },
    select: { id: true },
  });
  let released = 0;
  for (const { id } of waiting) {
    if (await releaseIfCanaryApplied(db, teamId, await readPlan(db, teamId, id))) released++;
  }
  return released;
}

/** Sends the rest of a staged plan when its canary reported applied. True when it released. */
async function releaseIfCanaryApplied(db: Database, teamId: string, plan: StagedPlan): Promise<boolean> {
  const canaryRevision = await db.machineRevision.findFirst({
    where: { planId: plan.id, machineId: plan.canaryMachineId ?? "" },
    select: { number: true },
  });
  if (!canaryRevision) return false;
  const applied = await db.agentReport.findFirst({
    where: { machineId: plan.canaryMachineId!, revision: canaryRevision.number, status: "applied" },
    select: { id: true, agent: { select: { hostname: true } } },
  });
  if (!applied) return false;
  const target = await loadSnapshot(db, teamId, plan.targetSnapshotId);
  if (!target) return false;
  const announce = await db.$transaction(async (tx) => {
    const head = await lockHead(tx, teamId);
    // Only one viewer releases; and a later publish already carries these changes.
    const claimed = await tx.plan.updateMany({
      where: { id: plan.id, releasedAt: null, releaseCancelled: null },
      data:
        head.planId === plan.id
          ? { releasedAt: new Date() }
          : { releaseCancelled: `superseded by plan #${head.planNumber ?? "?"}` },
    });
    if (claimed.count === 0 || head.planId !== plan.id) return null;
    const events: AuditEntry[] = [];
    const written = await writePlanRevisions(
      tx,
      {
        teamId,
        planId: plan.id,
        planNumber: plan.number,
        publishedBy: plan.publishedBy ?? "labnet",
        model: target.model,
        include: (machineId) => machineId !== plan.canaryMachineId,
      },
      (entry) => events.push(entry),
    );
    events.push({
      action: "plan.release",
      entityType: "plan",
      entityId: plan.id,
      after: { canary: plan.canaryMachineId, revisions: written.published.length },
    });
    // Released by labnet itself, because the canary's agent reported applied.
    await tx.auditEvent.createMany({
      data: events.map((event) => ({
        organizationId: teamId,
        actorType: "system" as const,
        actorId: null,
        actorLabel: `labnet (canary ${applied.agent.hostname} applied)`,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        after: JSON.parse(JSON.stringify(event.after ?? null)),
      })),
    });
    return written.announce;
  });
  announce?.();
  return announce !== null;
}
