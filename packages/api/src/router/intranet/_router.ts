import { z } from "zod";
import {
  createIntranet,
  deleteIntranet,
  intranetDependents,
  intranetDetail,
  listIntranets,
  updateIntranet,
} from "../../inventory/intranets";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import { byIdInput, idVersionInput, pageFields } from "../lab/lab.schema";
import { intranetCreateInput, intranetUpdateInput } from "./intranet.schema";

const pageInput = z.object(pageFields({ default: 50, max: 200 }));

export const intranetRouter = createTRPCRouter({
  list: viewerProcedure
    .input(pageInput)
    .query(({ ctx, input }) => listIntranets(ctx.db, ctx.scope.teamId, input)),
  get: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => intranetDetail(ctx.db, ctx.scope.teamId, input.id)),
  create: editorProcedure
    .input(intranetCreateInput)
    .mutation(({ ctx, input }) => createIntranet(ctx.scope, input)),
  update: editorProcedure
    .input(intranetUpdateInput)
    .mutation(({ ctx, input }) => updateIntranet(ctx.scope, input)),
  dependents: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => intranetDependents(ctx.db, ctx.scope.teamId, input.id)),
  delete: editorProcedure
    .input(idVersionInput)
    .mutation(({ ctx, input }) => deleteIntranet(ctx.scope, input)),
});
