import { agentRouter } from "./router/agent/_router";
import { auditRouter } from "./router/audit/_router";
import { insightRouter } from "./router/insight/_router";
import { labRouter } from "./router/lab/_router";
import { teamRouter } from "./router/team/_router";
import { tokenRouter } from "./router/token/_router";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  agent: agentRouter,
  audit: auditRouter,
  insight: insightRouter,
  lab: labRouter,
  team: teamRouter,
  token: tokenRouter,
});

export type AppRouter = typeof appRouter;
