import { createTRPCRouter, viewerProcedure } from "../../trpc";
import { listAuditEvents } from "./list.handler";
import { auditListInput } from "./list.schema";

export const auditRouter = createTRPCRouter({
  list: viewerProcedure.input(auditListInput).query(({ ctx, input }) => listAuditEvents(ctx.scope, input)),
});
