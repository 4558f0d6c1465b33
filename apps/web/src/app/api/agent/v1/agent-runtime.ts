// One live index and one agent handler per server process, started on the first agent request
// (not at import: `next build` loads route modules without a database).
import { type AgentHttpHandler, AgentLiveIndex, createAgentHttpHandler } from "@labnet/api/agent";
import { runtime } from "~/server/runtime";

const globalForAgents = globalThis as unknown as { labnetAgentHandler?: Promise<AgentHttpHandler> };

export function agentHandler(): Promise<AgentHttpHandler> {
  globalForAgents.labnetAgentHandler ??= (async () => {
    const { db } = runtime();
    const index = new AgentLiveIndex({ db, listenUrl: process.env.DATABASE_URL });
    await index.start();
    // No shutdown hook: at most a few seconds of last-seen times are lost with the process.
    return createAgentHttpHandler({ db, index });
  })();
  return globalForAgents.labnetAgentHandler;
}
