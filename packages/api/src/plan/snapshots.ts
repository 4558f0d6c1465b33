// Frozen models. A plan compares two snapshots and publishing moves the team's head to the
// plan's target; equal inventories hash equally, so an unchanged inventory reuses its snapshot.
import { createHash } from "node:crypto";
import type { Prisma } from "@labnet/db";
import { type NetworkModel, parseStoredModel } from "@labnet/model";
import type { Transaction } from "../audit";
import type { Database } from "../db";
import { loadTeamModel } from "../inventory/mapper";

type Reader = Database | Transaction;

/** JSON with object keys sorted at every level: one text per model, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    return Object.fromEntries(
      Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

export function modelSha256(model: NetworkModel): string {
  return createHash("sha256").update(canonicalJson(model)).digest("hex");
}

export interface Snapshot {
  id: string;
  sha256: string;
  model: NetworkModel;
}

/** Stores the model (or finds the team's identical snapshot) and returns it. */
export async function storeSnapshot(tx: Transaction, teamId: string, model: NetworkModel): Promise<Snapshot> {
  const sha256 = modelSha256(model);
  const existing = await tx.modelSnapshot.findFirst({
    where: { organizationId: teamId, sha256 },
    select: { id: true },
  });
  if (existing) return { id: existing.id, sha256, model };
  const created = await tx.modelSnapshot.create({
    data: { organizationId: teamId, sha256, model: model as unknown as Prisma.InputJsonValue },
    select: { id: true },
  });
  return { id: created.id, sha256, model };
}

export async function snapshotCurrentInventory(tx: Transaction, teamId: string): Promise<Snapshot> {
  return storeSnapshot(tx, teamId, await loadTeamModel(tx, teamId));
}

/** A stored snapshot's model, parsed again so a snapshot from an older model version still fits. */
export async function loadSnapshot(db: Reader, teamId: string, id: string): Promise<Snapshot | null> {
  const row = await db.modelSnapshot.findFirst({
    where: { id, organizationId: teamId },
    select: { id: true, sha256: true, model: true },
  });
  return row ? { id: row.id, sha256: row.sha256, model: parseStoredModel(row.model) } : null;
}

export interface PublishHeadState {
  snapshotId: string | null;
  planId: string | null;
  planNumber: number | null;
}

/** The team's head; teams that never published have none (all null). */
export async function readHead(db: Reader, teamId: string): Promise<PublishHeadState> {
  const head = await db.publishHead.findUnique({
    where: { organizationId: teamId },
    select: { snapshotId: true, planId: true, planNumber: true },
  });
  return head ?? { snapshotId: null, planId: null, planNumber: null };
}

/**
 * Locks the team's head row until the transaction ends: publishes (and staged releases) of one
 * team run one after another, so each sees the head the previous one left.
 */
export async function lockHead(tx: Transaction, teamId: string): Promise<PublishHeadState> {
  await tx.$executeRaw`
    INSERT INTO publish_head ("organizationId", "updatedAt") VALUES (${teamId}, now())
    ON CONFLICT ("organizationId") DO NOTHING`;
  const [head] = await tx.$queryRaw<PublishHeadState[]>`
    SELECT "snapshotId", "planId", "planNumber" FROM publish_head
    WHERE "organizationId" = ${teamId} FOR UPDATE`;
  return head!;
}

/** The next plan number of the team, handed out atomically (concurrent drafts get distinct numbers). */
export async function nextPlanNumber(tx: Transaction, teamId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ lastPlanNumber: number }[]>`
    INSERT INTO publish_head ("organizationId", "lastPlanNumber", "updatedAt") VALUES (${teamId}, 1, now())
    ON CONFLICT ("organizationId")
    DO UPDATE SET "lastPlanNumber" = publish_head."lastPlanNumber" + 1, "updatedAt" = now()
    RETURNING "lastPlanNumber"`;
  return row!.lastPlanNumber;
}
