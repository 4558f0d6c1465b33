// Optimistic concurrency: every inventory row carries a version; an edit names the version it was
// based on. When the row moved on, the caller learns which fields changed and to what, instead of
// silently overwriting them. The base values come from the audit log (every change records the
// row before and after, version included); without one, the fields that differ from the edit are
// listed with their current values.
import { TRPCError } from "@trpc/server";
import type { Transaction } from "../audit";
import type { Database } from "../db";
import { FieldErrors, notFound, staleVersion } from "../errors";
import { describeChanges } from "./rules";

type Reader = Database | Transaction;

export interface VersionedEntity {
  /** Audit entity type, e.g. "static_lease" */
  type: string;
  /** How the user calls it, e.g. "lease" */
  label: string;
  id: string;
}

export async function staleError(
  db: Reader,
  teamId: string,
  entity: VersionedEntity,
  baseVersion: number,
  current: Record<string, unknown> | null,
  submitted: Record<string, unknown>,
  fields: readonly string[],
): Promise<TRPCError> {
  if (!current) return notFound(capitalise(entity.label));
  const event = await db.auditEvent.findFirst({
    where: {
      organizationId: teamId,
      entityType: entity.type,
      entityId: entity.id,
      // The row at the caller's version: written by the change that made it, or kept as the
      // `before` of the change that moved on from it (rows seeded without an event have only that).
      OR: [
        { after: { path: ["version"], equals: baseVersion } },
        { before: { path: ["version"], equals: baseVersion } },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: { before: true, after: true },
  });
  const base = event ? snapshotAt(event, baseVersion) : submitted;
  const changes = describeChanges(base, current, fields);
  const generic = staleVersion(entity.label, Object.values(changes));
  return new TRPCError({
    code: "CONFLICT",
    message: generic.message,
    cause: new FieldErrors({
      version: `changed by someone else (now version ${String(current.version)})`,
      ...Object.fromEntries(
        Object.entries(changes).map(([field, change]) => [field, `changed by someone else: ${change}`]),
      ),
    }),
  });
}

function snapshotAt(event: { before: unknown; after: unknown }, version: number): Record<string, unknown> {
  const after = event.after as Record<string, unknown> | null;
  return after?.version === version ? after : ((event.before as Record<string, unknown> | null) ?? {});
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface VersionCheck {
  entity: VersionedEntity;
  /** The version the caller's edit is based on */
  version: number;
  /** The caller's new values (compared when the audit log has no base) */
  submitted: Record<string, unknown>;
  fields: readonly string[];
}

/** Before writing: the row the caller edited must still be at the caller's version. */
export async function assertVersion(
  db: Reader,
  teamId: string,
  check: VersionCheck,
  current: Record<string, unknown> & { version: number },
): Promise<void> {
  if (current.version !== check.version) {
    throw await staleError(db, teamId, check.entity, check.version, current, check.submitted, check.fields);
  }
}

/**
 * The write itself matches the version too (`where: { id, version }`): a concurrent edit that
 * committed between our read and our write leaves 0 rows updated, and the caller gets a conflict.
 */
export async function assertWritten(
  db: Reader,
  teamId: string,
  check: VersionCheck,
  count: number,
  reload: () => Promise<Record<string, unknown> | null>,
): Promise<void> {
  if (count === 0) {
    throw await staleError(
      db,
      teamId,
      check.entity,
      check.version,
      await reload(),
      check.submitted,
      check.fields,
    );
  }
}
