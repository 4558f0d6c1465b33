// The database backstop: unique constraints catch what two concurrent requests both checked and
// found free. The violated constraint is mapped back to the field-level message the service's own
// check would have given, looked up again outside the failed transaction.
import { type FieldMessages, invalidFields } from "../errors";

interface UniqueViolation {
  code: "P2002";
  meta?: {
    target?: string | string[];
    driverAdapterError?: { cause?: { constraint?: { index?: string; fields?: string[] } } };
  };
}

/** The violated unique index (e.g. "static_lease_siteId_ip_key"), or null for any other error. */
export function uniqueConstraintOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002") {
    return null;
  }
  const meta = (error as UniqueViolation).meta;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  if (constraint?.index) return constraint.index;
  if (constraint?.fields) return constraint.fields.join(",");
  if (Array.isArray(meta?.target)) return meta.target.join(",");
  return meta?.target ?? "unknown";
}

/** Runs a change; a unique violation becomes a CONFLICT naming the field and who holds the value. */
export async function withUniqueBackstop<T>(
  change: () => Promise<T>,
  explain: (constraint: string) => Promise<FieldMessages | null>,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    const constraint = uniqueConstraintOf(error);
    if (constraint === null) throw error;
    const fields = (await explain(constraint)) ?? {
      input: `conflicts with a record saved at the same time (${constraint}): reload and try again`,
    };
    throw invalidFields(fields, "CONFLICT");
  }
}
