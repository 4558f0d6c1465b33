import {
  applyBulkLeases,
  createLease,
  deleteLease,
  exportLeasesCsv,
  listLeases,
  nextFreeIpOf,
  previewBulkLeases,
  updateLease,
} from "../../inventory/leases";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import {
  leaseBulkApplyInput,
  leaseBulkPreviewInput,
  leaseCreateInput,
  leaseDeleteInput,
  leaseFilter,
  leaseListInput,
  leaseSiteInput,
  leaseUpdateInput,
} from "./lease.schema";

export const leaseRouter = createTRPCRouter({
  list: viewerProcedure
    .input(leaseListInput)
    .query(({ ctx, input }) => listLeases(ctx.db, ctx.scope.teamId, input)),
  nextFreeIp: viewerProcedure
    .input(leaseSiteInput)
    .query(({ ctx, input }) => nextFreeIpOf(ctx.db, ctx.scope.teamId, input.siteId)),
  exportCsv: viewerProcedure
    .input(leaseFilter)
    .query(({ ctx, input }) => exportLeasesCsv(ctx.db, ctx.scope.teamId, input)),
  create: editorProcedure.input(leaseCreateInput).mutation(({ ctx, input }) => createLease(ctx.scope, input)),
  update: editorProcedure.input(leaseUpdateInput).mutation(({ ctx, input }) => updateLease(ctx.scope, input)),
  delete: editorProcedure.input(leaseDeleteInput).mutation(({ ctx, input }) => deleteLease(ctx.scope, input)),
  /** A mutation only so that a long paste travels in the request body: a preview writes nothing. */
  bulkPreview: editorProcedure
    .input(leaseBulkPreviewInput)
    .mutation(({ ctx, input }) => previewBulkLeases(ctx.db, ctx.scope.teamId, input.siteId, input.text)),
  bulkApply: editorProcedure
    .input(leaseBulkApplyInput)
    .mutation(({ ctx, input }) => applyBulkLeases(ctx.scope, input)),
});
