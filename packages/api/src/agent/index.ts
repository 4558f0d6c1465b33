// @labnet/api/agent: the agent REST API for the web app's route, tests and benchmarks.

export { machineDrift } from "./drift";
export { type AgentHttpHandler, type AgentHttpOptions, agentBasePath, createAgentHttpHandler } from "./http";
export { AgentLiveIndex, type LiveIndexOptions } from "./live-index";
export { publishCurrentInventory } from "./revisions";
