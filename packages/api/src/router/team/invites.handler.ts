import { TRPCError } from "@trpc/server";
import { type AuditContext, auditedTransaction } from "../../audit";
import { generateSecret, hashSecret } from "../../auth/tokens";
import type { Database } from "../../db";
import { FieldErrors, notFound } from "../../errors";
import { inviteRefusal } from "../../policy";
import type { Caller, Role } from "../../trpc";

/** An invite is a link: whoever opens it signed in joins the team, once, before it expires. */
export async function createInvite(
  ctx: AuditContext & { role: Role },
  input: { role: "viewer" | "editor" | "admin"; expiresInHours: number },
) {
  const refusal = inviteRefusal(ctx.role, input.role);
  if (refusal) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `role: ${refusal}`,
      cause: new FieldErrors({ role: refusal }),
    });
  }
  const { secret, hash } = generateSecret("invite");
  const expiresAt = new Date(Date.now() + input.expiresInHours * 3_600_000);
  const invite = await auditedTransaction(ctx, async (tx, record) => {
    const created = await tx.teamInvite.create({
      data: {
        organizationId: ctx.teamId,
        tokenHash: hash,
        role: input.role,
        expiresAt,
        createdById: ctx.caller.userId,
      },
    });
    record({
      action: "invite.create",
      entityType: "invite",
      entityId: created.id,
      after: { role: input.role, expiresAt },
    });
    return created;
  });
  // The secret is returned this once; only its hash is stored.
  return { id: invite.id, role: invite.role, expiresAt: invite.expiresAt, path: `/invite/${secret}` };
}

export async function listInvites(ctx: AuditContext) {
  const invites = await ctx.db.teamInvite.findMany({
    where: { organizationId: ctx.teamId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, role: true, expiresAt: true, createdAt: true, usedAt: true, revokedAt: true },
  });
  const now = Date.now();
  return invites.map((invite) => ({
    ...invite,
    state: invite.revokedAt
      ? "revoked"
      : invite.usedAt
        ? "used"
        : invite.expiresAt.getTime() <= now
          ? "expired"
          : "open",
  }));
}

export async function revokeInvite(ctx: AuditContext, id: string) {
  return auditedTransaction(ctx, async (tx, record) => {
    const invite = await tx.teamInvite.findFirst({ where: { id, organizationId: ctx.teamId } });
    if (!invite) throw notFound("Invite");
    if (invite.revokedAt || invite.usedAt) return { id };
    await tx.teamInvite.update({ where: { id }, data: { revokedAt: new Date() } });
    record({ action: "invite.revoke", entityType: "invite", entityId: id });
    return { id };
  });
}

/** What an invite link says before the user accepts it (team name and role), or why it is dead. */
export async function describeInvite(db: Database, token: string) {
  const invite = await db.teamInvite.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { organization: { select: { name: true } } },
  });
  const problem = inviteProblem(invite);
  if (problem || !invite)
    return { valid: false as const, reason: problem ?? "This invite link is not valid." };
  return {
    valid: true as const,
    teamName: invite.organization.name,
    role: invite.role,
    expiresAt: invite.expiresAt,
  };
}

export async function acceptInvite(db: Database, caller: Caller, token: string, requestId: string) {
  if (!caller.userId || !caller.sessionId) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Sign in as a user to accept an invite." });
  }
  const userId = caller.userId;
  return db.$transaction(async (tx) => {
    // Claim the invite atomically: of two concurrent accepts exactly one updates the row.
    const hash = hashSecret(token);
    const invite = await tx.teamInvite.findUnique({ where: { tokenHash: hash } });
    const problem = inviteProblem(invite);
    if (problem || !invite)
      throw new TRPCError({ code: "BAD_REQUEST", message: problem ?? "This invite link is not valid." });
    const claimed = await tx.teamInvite.updateMany({
      where: { id: invite.id, usedAt: null, revokedAt: null },
      data: { usedAt: new Date(), usedById: userId },
    });
    if (claimed.count !== 1)
      throw new TRPCError({ code: "BAD_REQUEST", message: "This invite link has already been used." });
    const existing = await tx.member.findFirst({ where: { organizationId: invite.organizationId, userId } });
    if (existing)
      throw new TRPCError({ code: "CONFLICT", message: "You are already a member of this team." });
    const member = await tx.member.create({
      data: {
        id: crypto.randomUUID(),
        organizationId: invite.organizationId,
        userId,
        role: invite.role,
        createdAt: new Date(),
      },
    });
    await tx.session.update({
      where: { id: caller.sessionId! },
      data: { activeOrganizationId: invite.organizationId },
    });
    await tx.auditEvent.create({
      data: {
        organizationId: invite.organizationId,
        actorType: "user",
        actorId: userId,
        actorLabel: caller.actor.label,
        action: "invite.accept",
        entityType: "member",
        entityId: member.id,
        after: { role: invite.role, inviteId: invite.id },
        requestId,
      },
    });
    return { teamId: invite.organizationId, role: invite.role };
  });
}

function inviteProblem(
  invite: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null,
): string | null {
  if (!invite) return "This invite link is not valid.";
  if (invite.revokedAt) return "This invite link was revoked. Ask a team admin for a new one.";
  if (invite.usedAt) return "This invite link has already been used. Ask a team admin for a new one.";
  if (invite.expiresAt.getTime() <= Date.now())
    return "This invite link has expired. Ask a team admin for a new one.";
  return null;
}
