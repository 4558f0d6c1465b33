import { checkImport, exportModel, importModel } from "../../inventory/model-io";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../../trpc";
import { modelSourceInput } from "./model.schema";

export const modelRouter = createTRPCRouter({
  /** The team's whole network as the NetworkModel JSON the command-line tools read. */
  export: viewerProcedure.query(({ ctx }) => exportModel(ctx.db, ctx.scope.teamId)),
  /** What importing this file would add and every problem that stops it; writes nothing. */
  check: adminProcedure
    .input(modelSourceInput)
    .mutation(({ ctx, input }) => checkImport(ctx.db, ctx.scope.teamId, input.source)),
  /** Adds a whole model file to the team in one audited transaction, refused as a whole on any problem. */
  import: adminProcedure
    .input(modelSourceInput)
    .mutation(({ ctx, input }) => importModel(ctx.scope, input.source)),
});
