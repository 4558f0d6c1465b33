// Published revisions: a machine's desired config is its latest MachineRevision. Publishing renders
// every machine's bundle from the current inventory and stores a new revision only where the
// files changed, so agents see a new ETag only when there is something to apply.
import type { Bundle } from "@labnet/config";
import { Prisma } from "@labnet/db";
import { TRPCError } from "@trpc/server";
import { type AuditContext, auditedTransaction } from "../audit";
import type { Database } from "../db";
import { notFound } from "../errors";
import { loadTeamModel } from "../inventory/mapper";
import { renderTeamBundles } from "../render";
import { notifyInTransaction, type RevisionEvent } from "./events";

/** What agents receive: the bundle without render-time notes, plus the change-detection hash. */
export interface StoredBundle {
  machineId: string;
  machineName: string;
  kind: Bundle["kind"];
  files: Bundle["files"];
  reloadCommands: string[];
  sha256: string;
  warnings: string[];
  /**
   * sha256 of the bundle rendered with a fixed revision label. Every file names its revision in
   * its header, so the real sha changes with each number; this one changes only with the content.
   */
  contentSha256: string;
}

export const contentLabel = "(unpublished)";

export interface PublishResult {
  published: { machineId: string; machineName: string; number: number; sha256: string }[];
  unchanged: number;
  warnings: string[];
}

interface LatestRow {
  machineId: string;
  number: number;
  contentSha256: string | null;
}

/** The latest revision number and content hash of each of the team's machines. */
export async function latestContent(db: Database | Prisma.TransactionClient, teamId: string) {
  const rows = await db.$queryRaw<LatestRow[]>`
    SELECT DISTINCT ON ("machineId") "machineId", number, bundle->>'contentSha256' AS "contentSha256"
    FROM machine_revision WHERE "organizationId" = ${teamId}
    ORDER BY "machineId", number DESC`;
  return new Map(rows.map((row) => [row.machineId, row]));
}

export async function publishCurrentInventory(
  ctx: AuditContext,
  machineIds?: string[],
): Promise<PublishResult> {
  const model = await loadTeamModel(ctx.db, ctx.teamId);
  if (machineIds) {
    const known = new Set(model.machines.map((machine) => machine.id));
    const unknown = machineIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw notFound("Machine");
  }
  const wanted = machineIds ? new Set(machineIds) : null;
  const byContent = renderTeamBundles(model, { revision: contentLabel }).filter(
    (bundle) => !wanted || wanted.has(bundle.machineId),
  );
  try {
    return await auditedTransaction(ctx, async (tx, record) => {
      const latest = await latestContent(tx, ctx.teamId);
      const changed = byContent.filter(
        (bundle) => latest.get(bundle.machineId)?.contentSha256 !== bundle.sha256,
      );
      // Files name their own revision number: render once per distinct next number.
      const nextNumber = (machineId: string) => (latest.get(machineId)?.number ?? 0) + 1;
      const numbers = [...new Set(changed.map((bundle) => nextNumber(bundle.machineId)))];
      const rendered = new Map<string, Bundle>();
      for (const number of numbers) {
        for (const bundle of renderTeamBundles(model, { revision: number })) {
          if (nextNumber(bundle.machineId) === number) rendered.set(bundle.machineId, bundle);
        }
      }
      const events: RevisionEvent[] = [];
      const published: PublishResult["published"] = [];
      for (const content of changed) {
        const bundle = rendered.get(content.machineId)!;
        const number = nextNumber(content.machineId);
        const stored: StoredBundle = { ...bundle, contentSha256: content.sha256 };
        const revision = await tx.machineRevision.create({
          data: {
            organizationId: ctx.teamId,
            machineId: bundle.machineId,
            number,
            bundle: stored as unknown as Prisma.InputJsonValue,
            sha256: bundle.sha256,
            createdBy: ctx.caller.actor.label,
          },
          select: { id: true },
        });
        record({
          action: "revision.publish",
          entityType: "machine",
          entityId: bundle.machineId,
          after: { revision: number, sha256: bundle.sha256, files: bundle.files.length, id: revision.id },
        });
        events.push({ machineId: bundle.machineId, number, sha256: bundle.sha256 });
        published.push({
          machineId: bundle.machineId,
          machineName: bundle.machineName,
          number,
          sha256: bundle.sha256,
        });
      }
      // One event per press of "publish", even when nothing changed: who published, and what.
      record({
        action: "inventory.publish",
        entityType: "team",
        entityId: ctx.teamId,
        after: { published: published.length, unchanged: byContent.length - changed.length },
      });
      const announce = await notifyInTransaction(tx, { revisions: events });
      return {
        result: {
          published,
          unchanged: byContent.length - changed.length,
          warnings: byContent.flatMap((bundle) => bundle.warnings),
        },
        announce,
      };
    }).then(({ result, announce }) => {
      announce();
      return result;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new TRPCError({
        code: "CONFLICT",
        message: "Another publish of these machines finished first. Publish again to include your changes.",
      });
    }
    throw error;
  }
}

export interface LatestRevision {
  number: number;
  sha256: string;
}

/** The machine's desired revision (number and hash only), or null before the first publish. */
export async function latestRevision(db: Database, machineId: string): Promise<LatestRevision | null> {
  return db.machineRevision.findFirst({
    where: { machineId },
    orderBy: { number: "desc" },
    select: { number: true, sha256: true },
  });
}

/** The latest revisions of many machines in one query (the index's periodic re-check). */
export async function latestRevisions(
  db: Database,
  machineIds: string[],
): Promise<Map<string, LatestRevision>> {
  if (machineIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ machineId: string; number: number; sha256: string }[]>`
    SELECT DISTINCT ON ("machineId") "machineId", number, sha256
    FROM machine_revision WHERE "machineId" = ANY(${machineIds}::text[])
    ORDER BY "machineId", number DESC`;
  return new Map(rows.map((row) => [row.machineId, { number: row.number, sha256: row.sha256 }]));
}

export async function revisionBundle(db: Database, machineId: string, number: number) {
  const revision = await db.machineRevision.findUnique({
    where: { machineId_number: { machineId, number } },
    select: { number: true, sha256: true, bundle: true, createdAt: true },
  });
  return revision ? { ...revision, bundle: revision.bundle as unknown as StoredBundle } : null;
}
