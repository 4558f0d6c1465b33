import { text } from "@labnet/model";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  adminProcedure,
  authenticatedProcedure,
  createTRPCRouter,
  idInput,
  ownerProcedure,
  publicProcedure,
  viewerProcedure,
} from "../../trpc";
import { acceptInvite, createInvite, describeInvite, listInvites, revokeInvite } from "./invites.handler";
import { listMyTeams } from "./list.handler";
import { leaveTeam, listMembers, removeMember, setMemberRole } from "./members.handler";
import { switchTeam } from "./switch.handler";
import { teamSwitchInput } from "./switch.schema";
import { createTeam, deleteTeam, renameTeam } from "./team.handler";
import {
  inviteAcceptInput,
  inviteCreateInput,
  memberIdInput,
  memberRoleInput,
  teamNameInput,
} from "./team.schema";

export const teamRouter = createTRPCRouter({
  /** The caller's teams and which one is active. */
  mine: authenticatedProcedure.query(async ({ ctx }) => {
    const active = ctx.caller.team;
    if (!ctx.caller.userId) {
      const team = active ? await ctx.db.organization.findUnique({ where: { id: active.teamId } }) : null;
      return {
        activeTeamId: active?.teamId ?? null,
        activeRole: active?.role ?? null,
        teams: team && active ? [{ id: team.id, name: team.name, slug: team.slug, role: active.role }] : [],
      };
    }
    return {
      activeTeamId: active?.teamId ?? null,
      activeRole: active?.role ?? null,
      teams: await listMyTeams(ctx.db, ctx.caller.userId),
    };
  }),
  switch: authenticatedProcedure.input(teamSwitchInput).mutation(({ ctx, input }) => {
    if (!ctx.caller.userId || !ctx.caller.sessionId) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "An API token belongs to one team and cannot switch.",
      });
    }
    return switchTeam(ctx.db, ctx.caller.userId, ctx.caller.sessionId, input.teamId);
  }),
  create: authenticatedProcedure
    .input(teamNameInput)
    .mutation(({ ctx, input }) => createTeam(ctx.db, ctx.caller, input.name, ctx.requestId)),
  rename: ownerProcedure.input(teamNameInput).mutation(({ ctx, input }) => renameTeam(ctx.scope, input.name)),
  delete: ownerProcedure
    .input(z.object({ confirmName: text("search", { max: 100 }) }))
    .mutation(({ ctx, input }) => deleteTeam(ctx.scope, input.confirmName)),
  members: viewerProcedure.query(({ ctx }) => listMembers(ctx.scope)),
  setRole: adminProcedure
    .input(memberRoleInput)
    .mutation(({ ctx, input }) => setMemberRole(ctx.scope, input.memberId, input.role)),
  removeMember: adminProcedure
    .input(memberIdInput)
    .mutation(({ ctx, input }) => removeMember(ctx.scope, input.memberId)),
  leave: viewerProcedure.mutation(({ ctx }) => {
    if (!ctx.caller.userId)
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "An API token cannot leave a team; revoke it instead.",
      });
    return leaveTeam(ctx.scope, ctx.caller.userId);
  }),
  invites: adminProcedure.query(({ ctx }) => listInvites(ctx.scope)),
  createInvite: adminProcedure
    .input(inviteCreateInput)
    .mutation(({ ctx, input }) => createInvite(ctx.scope, input)),
  revokeInvite: adminProcedure.input(idInput).mutation(({ ctx, input }) => revokeInvite(ctx.scope, input.id)),
  /** Public so the invite page can say which team the link is for before the visitor signs in. */
  describeInvite: publicProcedure
    .input(inviteAcceptInput)
    .query(({ ctx, input }) => describeInvite(ctx.db, input.token)),
  acceptInvite: authenticatedProcedure
    .input(inviteAcceptInput)
    .mutation(({ ctx, input }) => acceptInvite(ctx.db, ctx.caller, input.token, ctx.requestId)),
});
