import { adminProcedure, createTRPCRouter } from "../../trpc";
import { createApiToken, listApiTokens, revokeApiToken } from "./token.handler";
import { tokenCreateInput, tokenIdInput } from "./token.schema";

export const tokenRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listApiTokens(ctx.scope)),
  create: adminProcedure
    .input(tokenCreateInput)
    .mutation(({ ctx, input }) => createApiToken(ctx.scope, input)),
  revoke: adminProcedure
    .input(tokenIdInput)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.scope, input.id)),
});
