import { createNic, deleteNic, nicDependents, updateNic } from "../../inventory/nics";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import { byIdInput, idVersionInput } from "../lab/lab.schema";
import { nicCreateInput, nicUpdateInput } from "./nic.schema";

export const nicRouter = createTRPCRouter({
  create: editorProcedure.input(nicCreateInput).mutation(({ ctx, input }) => createNic(ctx.scope, input)),
  update: editorProcedure.input(nicUpdateInput).mutation(({ ctx, input }) => updateNic(ctx.scope, input)),
  dependents: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => nicDependents(ctx.db, ctx.scope.teamId, input.id)),
  delete: editorProcedure.input(idVersionInput).mutation(({ ctx, input }) => deleteNic(ctx.scope, input)),
});
