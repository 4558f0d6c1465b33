export { Agent } from "./agent";
export { applyConfig, bundleSha256, recoverInterruptedApply, targetPath } from "./apply";
export { resolveSettings } from "./config";
