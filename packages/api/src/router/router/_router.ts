import { saveShares, saveUplink, updateRouterSettings } from "../../inventory/routers";
import { createTRPCRouter, editorProcedure } from "../../trpc";
import { routerSettingsInput, routerSharesInput, routerUplinkInput } from "./router.schema";

export const routerRouter = createTRPCRouter({
  updateSettings: editorProcedure
    .input(routerSettingsInput)
    .mutation(({ ctx, input }) => updateRouterSettings(ctx.scope, input)),
  saveUplink: editorProcedure
    .input(routerUplinkInput)
    .mutation(({ ctx, input }) => saveUplink(ctx.scope, input)),
  saveShares: editorProcedure
    .input(routerSharesInput)
    .mutation(({ ctx, input }) => saveShares(ctx.scope, input)),
});
