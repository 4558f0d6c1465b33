// Errors a user can act on. A FieldError names the input field and the rule it broke, so the UI
// can show it on that field; tRPC's error formatter copies `fields` into the response.
import { TRPCError } from "@trpc/server";

export type FieldMessages = Record<string, string>;

export class FieldErrors extends Error {
  constructor(readonly fields: FieldMessages) {
    super(
      Object.entries(fields)
        .map(([field, message]) => `${field}: ${message}`)
        .join("; "),
    );
    this.name = "FieldErrors";
  }
}

/** Bad input that passed the schema but breaks a rule of the inventory (conflict, range, reference). */
export function invalidField(
  field: string,
  message: string,
  code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST",
): TRPCError {
  return new TRPCError({ code, message, cause: new FieldErrors({ [field]: message }) });
}

export function invalidFields(
  fields: FieldMessages,
  code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST",
): TRPCError {
  return new TRPCError({ code, message: Object.values(fields).join("; "), cause: new FieldErrors(fields) });
}

/** Same answer for "does not exist" and "belongs to another team": no existence leak. */
export function notFound(entity: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${entity} not found` });
}

/** Optimistic concurrency: the record changed since the caller read it. */
export function staleVersion(entity: string, changes: string[]): TRPCError {
  const what = changes.length > 0 ? ` (changed: ${changes.join(", ")})` : "";
  return new TRPCError({
    code: "CONFLICT",
    message: `This ${entity} was changed by someone else since you opened it${what}. Reload to see the current values, then apply your edit again.`,
    cause: new FieldErrors({ version: "stale" }),
  });
}
