// Insight benchmarks on a synthetic 254-site intranet with 1,016 endpoints: the server's cold
// path (analysis + class matrix, cached afterwards per inventory fingerprint) and the pure view
// models the browser runs (mesh layout, matrix cells on screen and for every site pair, path ladder).
import { labView, matrixView, meshView, pathView } from "@labnet/api/insight";
import { analyze, classMatrix } from "@labnet/sim";
import { syntheticModel } from "@labnet/sim/synthetic";
import { type Benchmark, percentile, sampleDurations } from "../../bench/types";
import { labLayout } from "./src/components/insight/lab-layout";
import { createMatrixModel } from "./src/components/insight/matrix-model";
import { meshLayout } from "./src/components/insight/mesh-layout";
import { ladderRows } from "./src/components/insight/path-ladder-rows";

const model = syntheticModel({ sites: 254, endpointsPerSite: 4 });
const analysis = analyze(model);
const matrix = classMatrix(analysis);
const insight = { model, analysis, fingerprint: "bench", classMatrix: () => matrix };

async function p50(fn: () => unknown, iterations = 20) {
  const samples = await sampleDurations(fn, iterations, 3);
  return { p50: percentile(samples, 50), max: samples.at(-1)! };
}

export const benchmarks: Benchmark[] = [
  {
    area: "insight",
    name: "server cold path: analyze + class matrix, 254 sites / 1,016 endpoints",
    goal: "< 2 s",
    async run() {
      const { p50: value, max } = await p50(() => classMatrix(analyze(model)), 3);
      return {
        value,
        unit: "ms",
        ok: value < 2000,
        note: `p50 of 3, max ${max.toFixed(0)} ms; ${matrix.classIds.length} classes, ${matrix.grades.length} class pairs; once per inventory change`,
      };
    },
  },
  {
    area: "insight",
    name: "intranet map view model + layout, 254 sites",
    goal: "< 50 ms",
    async run() {
      const { p50: value, max } = await p50(() => {
        const view = meshView({ model, analysis: { ...analysis } });
        return meshLayout(view.intranets[0]!.sites);
      }, 10);
      return {
        value,
        unit: "ms",
        ok: value < 50,
        note: `p50 of 10, max ${max.toFixed(1)} ms (new analysis identity: memo missed)`,
      };
    },
  },
  {
    area: "insight",
    name: "matrix: one screen of cells (40x40, one site expanded), 1,016 endpoints",
    goal: "< 16 ms (one frame)",
    async run() {
      const view = matrixView(insight);
      const model = createMatrixModel(view);
      const { p50: value, max } = await p50(() => {
        const axis = model.axis(new Set([view.groups[10]!.id]));
        let blocked = 0;
        for (const row of axis.slice(0, 40))
          for (const column of axis.slice(0, 40)) blocked += model.cell(row, column).counts.blocked;
        return blocked;
      }, 50);
      return {
        value,
        unit: "ms",
        ok: value < 16,
        note: `p50 of 50, max ${max.toFixed(2)} ms; ${view.groups.length} groups`,
      };
    },
  },
  {
    area: "insight",
    name: "matrix: build model + every site-pair cell (255x255), 1,016 endpoints",
    goal: "< 300 ms",
    async run() {
      const view = matrixView(insight);
      const { p50: value, max } = await p50(() => {
        const model = createMatrixModel(view);
        const axis = model.axis(new Set());
        let cells = 0;
        for (const row of axis) for (const column of axis) cells += model.cell(row, column).total;
        return cells;
      }, 5);
      return {
        value,
        unit: "ms",
        ok: value < 300,
        note: `p50 of 5, max ${max.toFixed(0)} ms; ${view.groups.length ** 2} cells (the page renders only those on screen)`,
      };
    },
  },
  {
    area: "insight",
    name: "path ladder across the mesh + lab layout, 254-site model",
    goal: "< 5 ms",
    async run() {
      const { p50: value, max } = await p50(() => {
        ladderRows(pathView(insight, "s7-vm0-eth0", "s200-host-lan")!);
        return labLayout(labView(insight, "lab-s7")!);
      }, 50);
      return { value, unit: "ms", ok: value < 5, note: `p50 of 50, max ${max.toFixed(2)} ms` };
    },
  },
];
