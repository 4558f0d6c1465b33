import { z } from "zod";
import { invitableRoles } from "../../policy";
import { roles } from "../../trpc";

export const teamNameInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, "team name must have at least 2 characters")
    .max(60, "team name must be at most 60 characters"),
});
export const teamRenameInput = teamNameInput.extend({ version: z.string().datetime().optional() });
export const memberRoleInput = z.object({
  memberId: z.string().min(1).max(64),
  role: z.enum(roles),
});
export const memberIdInput = z.object({ memberId: z.string().min(1).max(64) });
export const inviteCreateInput = z.object({
  role: z.enum(invitableRoles),
  /** How long the link works. */
  expiresInHours: z
    .int()
    .min(1, "an invite must work for at least 1 hour")
    .max(24 * 14, "an invite works for 14 days at most")
    .default(72),
});
export const inviteAcceptInput = z.object({ token: z.string().min(10).max(200) });
