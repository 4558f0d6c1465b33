import {
  createSite,
  deleteSite,
  listSites,
  nextSegment,
  siteDependents,
  updateSite,
} from "../../inventory/sites";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import { byIdInput, idVersionInput } from "../lab/lab.schema";
import { intranetIdInput, siteCreateInput, siteListInput, siteUpdateInput } from "./site.schema";

export const siteRouter = createTRPCRouter({
  list: viewerProcedure
    .input(siteListInput)
    .query(({ ctx, input }) => listSites(ctx.db, ctx.scope.teamId, input)),
  nextFreeSegment: viewerProcedure
    .input(intranetIdInput)
    .query(({ ctx, input }) => nextSegment(ctx.db, ctx.scope.teamId, input.intranetId)),
  create: editorProcedure.input(siteCreateInput).mutation(({ ctx, input }) => createSite(ctx.scope, input)),
  update: editorProcedure.input(siteUpdateInput).mutation(({ ctx, input }) => updateSite(ctx.scope, input)),
  dependents: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => siteDependents(ctx.db, ctx.scope.teamId, input.id)),
  delete: editorProcedure.input(idVersionInput).mutation(({ ctx, input }) => deleteSite(ctx.scope, input)),
});
