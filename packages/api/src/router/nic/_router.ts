import { createNic, deleteNic, updateNic } from "../../inventory/nics";
import { createTRPCRouter, editorProcedure } from "../../trpc";
import { idVersionInput } from "../lab/lab.schema";
import { nicCreateInput, nicUpdateInput } from "./nic.schema";

export const nicRouter = createTRPCRouter({
  create: editorProcedure.input(nicCreateInput).mutation(({ ctx, input }) => createNic(ctx.scope, input)),
  update: editorProcedure.input(nicUpdateInput).mutation(({ ctx, input }) => updateNic(ctx.scope, input)),
  delete: editorProcedure.input(idVersionInput).mutation(({ ctx, input }) => deleteNic(ctx.scope, input)),
});
