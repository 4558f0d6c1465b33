import { idSchema, text } from "@labnet/model";
import { z } from "zod";
import { invitableRoles } from "../../policy";
import { roles } from "../../trpc";

export const teamNameInput = z.object({
  name: text("name", { min: 2, max: 60 }),
});
export const teamRenameInput = teamNameInput.extend({ version: z.string().datetime().optional() });
export const memberRoleInput = z.object({
  memberId: idSchema,
  role: z.enum(roles),
});
export const memberIdInput = z.object({ memberId: idSchema });
export const inviteCreateInput = z.object({
  role: z.enum(invitableRoles),
  /** How long the link works. */
  expiresInHours: z
    .int()
    .min(1, "an invite must work for at least 1 hour")
    .max(24 * 14, "an invite works for 14 days at most")
    .default(72),
});
export const inviteAcceptInput = z.object({ token: text("id", { min: 10, max: 200 }) });
