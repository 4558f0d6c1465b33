import { createEnrollmentToken, requestRotation, revokeAgent } from "../../agent/agents";
import { machineDrift } from "../../agent/drift";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../../trpc";
import { listAgents, listReports } from "./agent.handler";
import {
  agentEnrollInput,
  agentIdInput,
  agentListInput,
  agentMachineInput,
  agentReportsInput,
} from "./agent.schema";

export const agentRouter = createTRPCRouter({
  list: viewerProcedure.input(agentListInput).query(({ ctx, input }) => listAgents(ctx.scope, input)),
  reports: viewerProcedure.input(agentReportsInput).query(({ ctx, input }) => listReports(ctx.scope, input)),
  drift: viewerProcedure
    .input(agentMachineInput)
    .query(({ ctx, input }) => machineDrift(ctx.scope, input.machineId)),
  createEnrollment: adminProcedure
    .input(agentEnrollInput)
    .mutation(({ ctx, input }) => createEnrollmentToken(ctx.scope, input)),
  revoke: adminProcedure.input(agentIdInput).mutation(({ ctx, input }) => revokeAgent(ctx.scope, input.id)),
  rotate: adminProcedure
    .input(agentIdInput)
    .mutation(({ ctx, input }) => requestRotation(ctx.scope, input.id)),
});
