import { text } from "@labnet/model";
import { z } from "zod";
import { pageFields } from "../lab/lab.schema";

/**
 * A filter date both JavaScript and PostgreSQL hold: years beyond PostgreSQL's range (e.g. the
 * largest JavaScript date) answered a 500 before; the audit log cannot hold events before 1970.
 */
const filterDate = z.coerce
  .date({ error: "must be a date, e.g. 2026-12-03 or 2026-12-03T10:00:00Z" })
  .min(new Date("1970-01-01T00:00:00Z"), "must be 1970 or later")
  .max(new Date("9999-12-31T23:59:59.999Z"), "must be before the year 10000");

export const auditListInput = z
  .object({
    actorType: z.enum(["user", "token", "agent", "system"]).optional(),
    /** Matches the actor's name, email, token name or agent host. */
    actor: text("search", { max: 100 }).optional(),
    entityType: text("search", { max: 40 }).optional(),
    entityId: text("search", { max: 64 }).optional(),
    from: filterDate.optional(),
    to: filterDate.optional(),
    ...pageFields({ default: 50, max: 200 }),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, {
    message: "'from' must be before 'to'",
    path: ["from"],
  });
