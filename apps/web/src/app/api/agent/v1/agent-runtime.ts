// One live index and one agent handler per server process, started on the first agent request
// (not at import: `next build` loads route modules without a database).
import { join } from "node:path";
import { type AgentHttpHandler, AgentLiveIndex, createAgentHttpHandler } from "@labnet/api/agent";
import { runtime } from "~/server/runtime";

/**
 * apps/agent, whose built Node agent and shell agent /api/agent/v1/download serves. The server runs
 * in apps/web (npm start, next start/dev, the Docker image); LABNET_AGENT_DIR overrides.
 */
const agentDir = process.env.LABNET_AGENT_DIR ?? join(process.cwd(), "..", "agent");

const globalForAgents = globalThis as unknown as { labnetAgentHandler?: Promise<AgentHttpHandler> };

export function agentHandler(): Promise<AgentHttpHandler> {
  globalForAgents.labnetAgentHandler ??= (async () => {
    const { db } = runtime();
    const index = new AgentLiveIndex({ db, listenUrl: process.env.DATABASE_URL });
    await index.start();
    // No shutdown hook: at most a few seconds of last-seen times are lost with the process.
    return createAgentHttpHandler({ db, index, agentDir });
  })();
  return globalForAgents.labnetAgentHandler;
}
