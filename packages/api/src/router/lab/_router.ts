import { createLab, deleteLab, labDependents, labDetail, updateLab } from "../../inventory/labs";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import { byIdInput, idVersionInput, labCreateInput, labUpdateInput } from "./lab.schema";
import { listLabs } from "./list.handler";
import { labListInput } from "./list.schema";

export const labRouter = createTRPCRouter({
  list: viewerProcedure
    .input(labListInput)
    .query(({ ctx, input }) => listLabs(ctx.db, ctx.scope.teamId, input)),
  get: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => labDetail(ctx.db, ctx.scope.teamId, input.id)),
  create: editorProcedure.input(labCreateInput).mutation(({ ctx, input }) => createLab(ctx.scope, input)),
  update: editorProcedure.input(labUpdateInput).mutation(({ ctx, input }) => updateLab(ctx.scope, input)),
  dependents: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => labDependents(ctx.db, ctx.scope.teamId, input.id)),
  delete: editorProcedure.input(idVersionInput).mutation(({ ctx, input }) => deleteLab(ctx.scope, input)),
});
