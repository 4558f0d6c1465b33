// Collects every broken rule of one edit, so the form shows all of them at once, on their fields.
import { TRPCError } from "@trpc/server";
import type { AuditContext } from "../audit";
import { FieldErrors, type FieldMessages, invalidFields } from "../errors";

/** What inventory services act on: the caller's team, never one named in the input. */
export type Scope = AuditContext;

export class Problems {
  readonly fields: FieldMessages = {};
  private conflict = false;

  /** A value that breaks a rule (outside the subnet, in the pool, …). */
  invalid(field: string, message: string | null): this {
    if (message) this.fields[field] ??= message;
    return this;
  }

  /** A value another record already holds. */
  taken(field: string, message: string | null): this {
    if (message && !(field in this.fields)) {
      this.fields[field] = message;
      this.conflict = true;
    }
    return this;
  }

  merge(fields: FieldMessages, kind: "invalid" | "taken"): this {
    for (const [field, message] of Object.entries(fields)) this[kind](field, message);
    return this;
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw invalidFields(this.fields, this.conflict ? "CONFLICT" : "BAD_REQUEST");
  }
}

/**
 * An id in the input that is not the team's: NOT_FOUND (the same answer whether it exists in
 * another team or nowhere), with the field named so the form shows it in place.
 */
export function missing(field: string, entity: string): TRPCError {
  const message = `${entity} not found in this team`;
  return new TRPCError({ code: "NOT_FOUND", message, cause: new FieldErrors({ [field]: message }) });
}
