import { machineRevisions, revisionDiff } from "../../plan/history";
import {
  approvePlan,
  createPlan,
  createRollbackPlan,
  discardPlan,
  listPlans,
  planDetail,
  previewCurrentInventory,
  publishPlan,
  replan,
  updatePlan,
} from "../../plan/plans";
import { planRollout } from "../../plan/rollout";
import { adminProcedure, createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import {
  machineRevisionsInput,
  planCreateInput,
  planIdInput,
  planListInput,
  planPublishInput,
  planRollbackInput,
  planUpdateInput,
  planVersionInput,
  revisionDiffInput,
} from "./plan.schema";

export const planRouter = createTRPCRouter({
  list: viewerProcedure
    .input(planListInput)
    .query(({ ctx, input }) => listPlans(ctx.db, ctx.scope.teamId, input)),
  get: viewerProcedure
    .input(planIdInput)
    .query(({ ctx, input }) => planDetail(ctx.db, ctx.scope.teamId, input.id)),
  previewCurrent: viewerProcedure.query(({ ctx }) => previewCurrentInventory(ctx.db, ctx.scope.teamId)),
  rollout: viewerProcedure
    .input(planIdInput)
    .query(({ ctx, input }) => planRollout(ctx.db, ctx.scope.teamId, input.id)),
  machineRevisions: viewerProcedure
    .input(machineRevisionsInput)
    .query(({ ctx, input }) => machineRevisions(ctx.db, ctx.scope.teamId, input)),
  revisionDiff: viewerProcedure
    .input(revisionDiffInput)
    .query(({ ctx, input }) => revisionDiff(ctx.db, ctx.scope.teamId, input)),
  create: editorProcedure.input(planCreateInput).mutation(({ ctx, input }) => createPlan(ctx.scope, input)),
  update: editorProcedure.input(planUpdateInput).mutation(({ ctx, input }) => updatePlan(ctx.scope, input)),
  replan: editorProcedure.input(planVersionInput).mutation(({ ctx, input }) => replan(ctx.scope, input)),
  discard: editorProcedure
    .input(planVersionInput)
    .mutation(({ ctx, input }) => discardPlan(ctx.scope, input)),
  approve: adminProcedure.input(planVersionInput).mutation(({ ctx, input }) => approvePlan(ctx.scope, input)),
  publish: adminProcedure.input(planPublishInput).mutation(({ ctx, input }) => publishPlan(ctx.scope, input)),
  rollback: adminProcedure
    .input(planRollbackInput)
    .mutation(({ ctx, input }) => createRollbackPlan(ctx.scope, input.planId)),
});
