import { applyImport, previewImport } from "../../inventory/import";
import { createTRPCRouter, editorProcedure } from "../../trpc";
import { importApplyInput, importPreviewInput } from "./importer.schema";

export const importerRouter = createTRPCRouter({
  /** What importing these files into the site would create, change or conflict with; writes nothing. */
  preview: editorProcedure
    .input(importPreviewInput)
    .mutation(({ ctx, input }) => previewImport(ctx.db, ctx.scope.teamId, input.siteId, input.files)),
  /** Applies the previewed import in one transaction, if nothing changed and nothing conflicts. */
  commit: editorProcedure.input(importApplyInput).mutation(({ ctx, input }) => applyImport(ctx.scope, input)),
});
