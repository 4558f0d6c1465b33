// Sim benchmarks: full analysis of a 254-site intranet, diff after a one-hop change, and how the
// cost grows from 1x to 10x endpoints.
import { type Benchmark, percentile, sampleDurations } from "../../bench/types";
import { analyze } from "./src/analyze";
import { diff } from "./src/diff";
import { syntheticModel } from "./src/synthetic";

export const benchmarks: Benchmark[] = [
  {
    area: "sim",
    name: "analyze 254 sites x 20 endpoints (5,080)",
    goal: "< 1 s",
    async run() {
      const model = syntheticModel({ sites: 254, endpointsPerSite: 20 });
      const samples = await sampleDurations(() => analyze(model), 5, 2);
      const p50 = percentile(samples, 50);
      return {
        value: p50,
        unit: "ms",
        ok: p50 < 1000,
        note: `p50 of 5, max ${samples.at(-1)!.toFixed(0)} ms`,
      };
    },
  },
  {
    area: "sim",
    name: "diff after a one-hop change, 50 sites",
    goal: "< 50 ms",
    async run() {
      const before = syntheticModel({ sites: 50, endpointsPerSite: 20 });
      const after = structuredClone(before);
      after.machines.find((machine) => machine.id === "s7-router")!.router!.uplink[1]!.mtu = 1400;
      const change = diff(before, after);
      const samples = await sampleDurations(() => diff(before, after), 20, 3);
      const p50 = percentile(samples, 50);
      return {
        value: p50,
        unit: "ms",
        ok: p50 < 50,
        note: `p50 of 20 (both models analysed); ${change.paths.length} path changes`,
      };
    },
  },
  {
    area: "sim",
    name: "cost growth 1x -> 10x endpoints",
    goal: "near-linear (ratio <= 15)",
    async run() {
      const time = async (sites: number) => {
        const model = syntheticModel({ sites, endpointsPerSite: 20 });
        return percentile(await sampleDurations(() => analyze(model), 5, 2), 50);
      };
      const one = await time(25);
      const ten = await time(250);
      const ratio = ten / one;
      return {
        value: ratio,
        unit: "x",
        ok: ratio <= 15,
        note: `25 sites (500 endpoints) ${one.toFixed(1)} ms -> 250 sites (5,000) ${ten.toFixed(1)} ms`,
      };
    },
  },
];
