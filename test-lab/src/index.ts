// @labnet/test-lab: the emulated lab. Builds a NetworkModel from network namespaces with the real
// kernel, tincd, dnsmasq and nftables, and compares what happens with sim's predictions.
export type { AgentContext, AgentHook } from "./agents";
export { type ComparisonRow, compare, formatTable, type Tally, tally } from "./compare";
export { type EmulationOptions, type EmulationReport, emulate, passed } from "./emulate";
export { type EmulationPlan, planEmulation, UnsupportedModel } from "./plan";
export { missingPrerequisites } from "./prerequisites";
