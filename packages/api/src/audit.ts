// Every mutation writes its audit events in the same transaction as the change: both land, or
// neither does. Handlers receive a transaction client and a `record` function for the events.
import type { Prisma } from "@labnet/db";
import type { Database } from "./db";
import type { Caller } from "./trpc";

export type Transaction = Prisma.TransactionClient;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditContext {
  db: Database;
  requestId: string;
  caller: Caller;
  teamId: string;
}

export async function auditedTransaction<T>(
  ctx: AuditContext,
  change: (tx: Transaction, record: (entry: AuditEntry) => void) => Promise<T>,
): Promise<T> {
  return ctx.db.$transaction(async (tx) => {
    const entries: AuditEntry[] = [];
    const result = await change(tx, (entry) => entries.push(entry));
    if (entries.length > 0) {
      await tx.auditEvent.createMany({
        data: entries.map((entry) => ({
          organizationId: ctx.teamId,
          actorType: ctx.caller.actor.type,
          actorId: ctx.caller.actor.id,
          actorLabel: ctx.caller.actor.label,
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId,
          before: toJson(entry.before),
          after: toJson(entry.after),
          requestId: ctx.requestId,
        })),
      });
    }
    return result;
  });
}

/** Dates become ISO strings and undefined becomes absent: what the audit page shows back. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
