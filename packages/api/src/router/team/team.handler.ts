import { TRPCError } from "@trpc/server";
import { type AuditContext, auditedTransaction } from "../../audit";
import { slugify } from "../../auth/first-team";
import type { Database } from "../../db";
import type { Caller } from "../../trpc";

export async function createTeam(db: Database, caller: Caller, name: string, requestId: string) {
  if (!caller.userId || !caller.sessionId) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Teams are created by signed-in users." });
  }
  const teamId = crypto.randomUUID();
  return auditedTransaction({ db, requestId, caller, teamId }, async (tx, record) => {
    await tx.organization.create({
      data: {
        id: teamId,
        name,
        slug: `${slugify(name)}-${teamId.slice(0, 8)}`,
        createdAt: new Date(),
        members: {
          create: { id: crypto.randomUUID(), userId: caller.userId!, role: "owner", createdAt: new Date() },
        },
      },
    });
    await tx.session.update({ where: { id: caller.sessionId! }, data: { activeOrganizationId: teamId } });
    record({ action: "team.create", entityType: "team", entityId: teamId, after: { name } });
    return { id: teamId, name };
  });
}

export async function renameTeam(ctx: AuditContext, name: string) {
  return auditedTransaction(ctx, async (tx, record) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.teamId } });
    await tx.organization.update({ where: { id: ctx.teamId }, data: { name } });
    record({
      action: "team.rename",
      entityType: "team",
      entityId: ctx.teamId,
      before: { name: before.name },
      after: { name },
    });
    return { id: ctx.teamId, name };
  });
}

/** Deleting a team deletes its inventory; the caller must type the team's name to confirm. */
export async function deleteTeam(ctx: AuditContext, confirmName: string) {
  const team = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.teamId } });
  if (team.name !== confirmName) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `Type the team's name ("${team.name}") to confirm deleting it.`,
    });
  }
  await ctx.db.$transaction([
    ctx.db.session.updateMany({
      where: { activeOrganizationId: ctx.teamId },
      data: { activeOrganizationId: null },
    }),
    ctx.db.organization.delete({ where: { id: ctx.teamId } }),
  ]);
  // The team's audit log goes with it; the deletion is logged to stderr for the operator.
  console.info(
    `[labnet] team ${team.name} (${team.id}) deleted by ${ctx.caller.actor.label} (request ${ctx.requestId})`,
  );
  return { id: ctx.teamId };
}
