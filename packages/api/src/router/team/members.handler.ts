import { TRPCError } from "@trpc/server";
import { type AuditContext, auditedTransaction } from "../../audit";
import { notFound } from "../../errors";
import { mayManage } from "../../policy";
import { asRole, type Role } from "../../trpc";

export async function listMembers(ctx: AuditContext) {
  const members = await ctx.db.member.findMany({
    where: { organizationId: ctx.teamId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
  });
  return members.map((member) => ({
    id: member.id,
    role: member.role,
    joinedAt: member.createdAt,
    userId: member.user.id,
    name: member.user.name,
    email: member.user.email,
  }));
}

/**
 * Who may give or take away which role is `manageableRoles` in the policy (admins manage editors
 * and viewers, owners everyone); a team always keeps at least one owner.
 */
export async function setMemberRole(ctx: AuditContext & { role: Role }, memberId: string, role: Role) {
  return auditedTransaction(ctx, async (tx, record) => {
    const member = await tx.member.findFirst({ where: { id: memberId, organizationId: ctx.teamId } });
    if (!member) throw notFound("Member");
    if (!mayManage(ctx.role, role) || !mayManage(ctx.role, asRole(member.role))) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "Only an owner can grant or remove the admin and owner roles.",
      });
    }
    if (member.role === "owner" && role !== "owner") await ensureAnotherOwner(tx, ctx.teamId, member.id);
    const updated = await tx.member.update({ where: { id: member.id }, data: { role } });
    record({
      action: "member.role",
      entityType: "member",
      entityId: member.id,
      before: { role: member.role },
      after: { role },
    });
    return { id: updated.id, role: updated.role };
  });
}

export async function removeMember(ctx: AuditContext & { role: Role }, memberId: string) {
  return auditedTransaction(ctx, async (tx, record) => {
    const member = await tx.member.findFirst({ where: { id: memberId, organizationId: ctx.teamId } });
    if (!member) throw notFound("Member");
    if (!mayManage(ctx.role, asRole(member.role))) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can remove an admin or owner." });
    }
    if (member.role === "owner") await ensureAnotherOwner(tx, ctx.teamId, member.id);
    await tx.member.delete({ where: { id: member.id } });
    await tx.session.updateMany({
      where: { userId: member.userId, activeOrganizationId: ctx.teamId },
      data: { activeOrganizationId: null },
    });
    record({
      action: "member.remove",
      entityType: "member",
      entityId: member.id,
      before: { userId: member.userId, role: member.role },
    });
    return { id: member.id };
  });
}

export async function leaveTeam(ctx: AuditContext, userId: string) {
  return auditedTransaction(ctx, async (tx, record) => {
    const member = await tx.member.findFirst({ where: { userId, organizationId: ctx.teamId } });
    if (!member) throw notFound("Membership");
    if (member.role === "owner") await ensureAnotherOwner(tx, ctx.teamId, member.id);
    await tx.member.delete({ where: { id: member.id } });
    await tx.session.updateMany({
      where: { userId, activeOrganizationId: ctx.teamId },
      data: { activeOrganizationId: null },
    });
    record({
      action: "member.leave",
      entityType: "member",
      entityId: member.id,
      before: { userId, role: member.role },
    });
    return { teamId: ctx.teamId };
  });
}

type Tx = Parameters<Parameters<typeof auditedTransaction>[1]>[0];

async function ensureAnotherOwner(tx: Tx, teamId: string, leavingMemberId: string) {
  // Serialise owner changes per team: two owners demoting each other at once must not both win.
  await tx.$executeRaw`SELECT 1 FROM "organization" WHERE id = ${teamId} FOR UPDATE`;
  const owners = await tx.member.count({
    where: { organizationId: teamId, role: "owner", id: { not: leavingMemberId } },
  });
  if (owners === 0) {
    throw new TRPCError({
      code: "CONFLICT",
      message: "A team needs at least one owner: make another member owner first.",
    });
  }
}
