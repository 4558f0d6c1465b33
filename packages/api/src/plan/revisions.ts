// Publishing a plan writes MachineRevision rows the way the agents' publish does (same bundle
// shape, same content hash, same NOTIFY), from the plan's frozen target model instead of the live
// inventory, and marks each revision with the plan that made it.
import type { Bundle } from "@labnet/config";
import type { Prisma } from "@labnet/db";
import type { NetworkModel } from "@labnet/model";
import { notifyInTransaction, type RevisionEvent } from "../agent/events";
import { contentLabel, latestContent, type StoredBundle } from "../agent/revisions";
import type { AuditEntry, Transaction } from "../audit";
import { renderTeamBundles } from "../render";

export interface WrittenRevisions {
  published: { machineId: string; machineName: string; number: number }[];
  /** Machines of the model whose files already match their latest revision. */
  unchanged: string[];
  /** Machines of the model deleted from the inventory since the snapshot: no revision possible. */
  skipped: { machineId: string; machineName: string; reason: string }[];
  /** Call after the commit: tells this process's agent index about the new revisions. */
  announce: () => void;
}

export interface RevisionTarget {
  teamId: string;
  planId: string;
  planNumber: number;
  publishedBy: string;
  model: NetworkModel;
  /** Only these machines (a staged rollout's canary, or the rest); all when absent. */
  include?: (machineId: string) => boolean;
}

export async function writePlanRevisions(
  tx: Transaction,
  target: RevisionTarget,
  record: (entry: AuditEntry) => void,
): Promise<WrittenRevisions> {
  const { model, teamId } = target;
  const include = target.include ?? (() => true);
  const byContent = renderTeamBundles(model, { revision: contentLabel }).filter((bundle) =>
    include(bundle.machineId),
  );
  const existing = new Set(
    (
      await tx.machine.findMany({
        where: { organizationId: teamId, id: { in: byContent.map((bundle) => bundle.machineId) } },
        select: { id: true },
      })
    ).map((machine) => machine.id),
  );
  const skipped = byContent
    .filter((bundle) => !existing.has(bundle.machineId))
    .map((bundle) => ({
      machineId: bundle.machineId,
      machineName: bundle.machineName,
      reason: "deleted from the inventory since this plan's snapshot",
    }));
  const latest = await latestContent(tx, teamId);
  const present = byContent.filter((bundle) => existing.has(bundle.machineId));
  const changed = present.filter((bundle) => latest.get(bundle.machineId)?.contentSha256 !== bundle.sha256);
  const unchanged = present.filter((bundle) => !changed.includes(bundle)).map((bundle) => bundle.machineId);

  // Every file names its revision number in its header: render once per distinct next number.
  const nextNumber = (machineId: string) => (latest.get(machineId)?.number ?? 0) + 1;
  const rendered = new Map<string, Bundle>();
  for (const number of new Set(changed.map((bundle) => nextNumber(bundle.machineId)))) {
    for (const bundle of renderTeamBundles(model, { revision: number })) {
      if (nextNumber(bundle.machineId) === number) rendered.set(bundle.machineId, bundle);
    }
  }
  const events: RevisionEvent[] = [];
  const published: WrittenRevisions["published"] = [];
  for (const content of changed) {
    const bundle = rendered.get(content.machineId)!;
    const number = nextNumber(content.machineId);
    const stored: StoredBundle = { ...bundle, contentSha256: content.sha256 };
    const revision = await tx.machineRevision.create({
      data: {
        organizationId: teamId,
        machineId: bundle.machineId,
        number,
        bundle: stored as unknown as Prisma.InputJsonValue,
        sha256: bundle.sha256,
        createdBy: target.publishedBy,
        planId: target.planId,
      },
      select: { id: true },
    });
    record({
      action: "revision.publish",
      entityType: "machine",
      entityId: bundle.machineId,
      after: {
        revision: number,
        sha256: bundle.sha256,
        files: bundle.files.length,
        id: revision.id,
        plan: target.planNumber,
      },
    });
    events.push({ machineId: bundle.machineId, number, sha256: bundle.sha256 });
    published.push({ machineId: bundle.machineId, machineName: bundle.machineName, number });
  }
  const announce = await notifyInTransaction(tx, { revisions: events });
  return { published, unchanged, skipped, announce };
}
