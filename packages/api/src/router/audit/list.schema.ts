import { z } from "zod";

export const auditListInput = z
  .object({
    actorType: z.enum(["user", "token", "agent", "system"]).optional(),
    /** Matches the actor's name, email, token name or agent host. */
    actor: z.string().trim().max(100).optional(),
    entityType: z.string().trim().max(40).optional(),
    entityId: z.string().trim().max(64).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    page: z.int().min(1).default(1),
    pageSize: z.int().min(1).max(200).default(50),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, {
    message: "'from' must be before 'to'",
    path: ["from"],
  });
