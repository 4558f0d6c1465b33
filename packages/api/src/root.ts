import { agentRouter } from "./router/agent/_router";
import { auditRouter } from "./router/audit/_router";
import { importerRouter } from "./router/importer/_router";
import { insightRouter } from "./router/insight/_router";
import { intranetRouter } from "./router/intranet/_router";
import { labRouter } from "./router/lab/_router";
import { leaseRouter } from "./router/lease/_router";
import { machineRouter } from "./router/machine/_router";
import { modelRouter } from "./router/model/_router";
import { nicRouter } from "./router/nic/_router";
import { planRouter } from "./router/plan/_router";
import { routerRouter } from "./router/router/_router";
import { siteRouter } from "./router/site/_router";
import { teamRouter } from "./router/team/_router";
import { tokenRouter } from "./router/token/_router";
import { vswitchRouter } from "./router/vswitch/_router";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  agent: agentRouter,
  audit: auditRouter,
  importer: importerRouter,
  insight: insightRouter,
  intranet: intranetRouter,
  lab: labRouter,
  lease: leaseRouter,
  machine: machineRouter,
  model: modelRouter,
  nic: nicRouter,
  plan: planRouter,
  router: routerRouter,
  site: siteRouter,
  team: teamRouter,
  token: tokenRouter,
  vswitch: vswitchRouter,
});

export type AppRouter = typeof appRouter;
