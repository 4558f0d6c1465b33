// The agent step: in the finished lab, each router namespace runs the labnet agent polling a
// labnet server. apps/agent does not exist yet, so the default hook only says so; the rendered
// files are installed directly by build.ts meanwhile (which already proves files + sim).
//
// Plan for the real hook (docs/emulated-lab.md): the labnet server runs inside a dedicated
// namespace of the run, joined to each router namespace by a veth on a link-local /30
// (169.254.x.y), so no lab address or route ever touches the root namespace.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { NetworkModel } from "@labnet/model";
import type { RouterRuntime } from "./build";
import type { Netns } from "./netns";
import type { EmulationPlan } from "./plan";

export interface AgentContext {
  lab: Netns;
  plan: EmulationPlan;
  model: NetworkModel;
  routers: RouterRuntime[];
}

export interface AgentHook {
  /** Starts whatever the hook needs and returns one line for the report. */
  start(context: AgentContext): Promise<string>;
}

const agentApp = fileURLToPath(new URL("../../apps/agent", import.meta.url));

export const noAgents: AgentHook = {
  async start() {
    return existsSync(agentApp)
      ? "agent step not wired yet (needs the agent API serving this model); rendered files were installed directly"
      : "agent step skipped: apps/agent is not in this repository yet; rendered files were installed directly";
  },
};
