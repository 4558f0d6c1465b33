import { createTRPCRouter, viewerProcedure } from "../../trpc";
import { getFindings, getLab, getMatrix, getMesh, getPath } from "./insight.handler";
import { insightFindingsInput, insightLabInput, insightPathInput } from "./insight.schema";

export const insightRouter = createTRPCRouter({
  mesh: viewerProcedure.query(({ ctx }) => getMesh(ctx.scope)),
  lab: viewerProcedure.input(insightLabInput).query(({ ctx, input }) => getLab(ctx.scope, input.labId)),
  matrix: viewerProcedure.query(({ ctx }) => getMatrix(ctx.scope)),
  path: viewerProcedure
    .input(insightPathInput)
    .query(({ ctx, input }) => getPath(ctx.scope, input.from, input.to)),
  findings: viewerProcedure
    .input(insightFindingsInput)
    .query(({ ctx, input }) => getFindings(ctx.scope, input)),
});
