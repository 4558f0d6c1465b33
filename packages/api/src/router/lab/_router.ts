import { createTRPCRouter, viewerProcedure } from "../../trpc";
import { listLabs } from "./list.handler";
import { labListInput } from "./list.schema";

export const labRouter = createTRPCRouter({
  list: viewerProcedure
    .input(labListInput)
    .query(({ ctx, input }) => listLabs(ctx.db, ctx.scope.teamId, input)),
});
