// Plan previews on a 254-site team (the most a /16 intranet holds): a one-lease edit, and the
// first publish, where every file is new. Run with `npm run bench -- api`.
import type { NetworkModel } from "@labnet/model";
import { syntheticModel } from "@labnet/sim/synthetic";
import type { Benchmark } from "../../../../bench/types";
import { percentile, sampleDurations } from "../../../../bench/types";
import { previewPlan } from "./preview";

const sites = 254;
const editGoalMs = 1_000;
const firstGoalMs = 3_000;
const firstGoalBytes = 2_000_000;

function leaseMoved(model: NetworkModel): NetworkModel {
  const after = structuredClone(model);
  const lease = after.leases[0]!;
  lease.ip = lease.ip!.replace(/\.\d+$/, ".99");
  return after;
}

export const planBenchmarks: Benchmark[] = [
  {
    area: "api",
    name: `plan preview, ${sites} sites, one lease moved`,
    goal: `p95 < ${editGoalMs} ms`,
    async run() {
      const before = syntheticModel({ sites, endpointsPerSite: 4 });
      const after = leaseMoved(before);
      const samples = await sampleDurations(() => previewPlan(before, after), 10, 2);
      const p95 = percentile(samples, 95);
      return {
        value: p95,
        unit: "ms",
        ok: p95 < editGoalMs,
        note: `p50 ${percentile(samples, 50).toFixed(0)} ms`,
      };
    },
  },
  {
    area: "api",
    name: `plan preview, ${sites} sites, first publish`,
    goal: `< ${firstGoalMs} ms and < ${firstGoalBytes / 1e6} MB stored`,
    async run() {
      const model = syntheticModel({ sites, endpointsPerSite: 4 });
      const samples = await sampleDurations(() => previewPlan(null, model), 3, 1);
      const bytes = JSON.stringify(previewPlan(null, model)).length;
      const p95 = percentile(samples, 95);
      return [
        { value: p95, unit: "ms", ok: p95 < firstGoalMs },
        {
          value: bytes / 1e6,
          unit: "MB",
          ok: bytes < firstGoalBytes,
          note: "preview JSON stored with the plan",
        },
      ];
    },
  },
];
