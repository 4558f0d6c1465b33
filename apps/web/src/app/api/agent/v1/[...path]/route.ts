// /api/agent/v1/* — the agent protocol. Routing, auth and validation live in @labnet/api/agent.
import { agentHandler } from "../agent-runtime";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  return (await agentHandler())(request);
}

export { handle as GET, handle as POST, handle as PUT };
