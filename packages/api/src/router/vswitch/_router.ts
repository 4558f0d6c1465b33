import { createVSwitch, deleteVSwitch, updateVSwitch, vswitchDependents } from "../../inventory/vswitches";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import { byIdInput, idVersionInput } from "../lab/lab.schema";
import { vswitchCreateInput, vswitchUpdateInput } from "./vswitch.schema";

export const vswitchRouter = createTRPCRouter({
  create: editorProcedure
    .input(vswitchCreateInput)
    .mutation(({ ctx, input }) => createVSwitch(ctx.scope, input)),
  update: editorProcedure
    .input(vswitchUpdateInput)
    .mutation(({ ctx, input }) => updateVSwitch(ctx.scope, input)),
  dependents: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => vswitchDependents(ctx.db, ctx.scope.teamId, input.id)),
  delete: editorProcedure.input(idVersionInput).mutation(({ ctx, input }) => deleteVSwitch(ctx.scope, input)),
});
