// Whole-product benchmarks for `npm run bench` (area "runtime"): a newcomer's fresh clone to a healthy
// labnet, and 10 dashboard users after an idle spell, both through the real `npm install && npm start`.
import type { Benchmark, BenchmarkResult } from "../bench/types";
import { LOAD_DEFAULTS, newcomer, problemsOf } from "./newcomer";

const CLONE_TO_HEALTHY_GOAL_S = 180;

export const benchmarks: Benchmark[] = [
  {
    area: "runtime",
    name: "fresh clone → healthy (npm install && npm start, embedded)",
    goal: `< ${CLONE_TO_HEALTHY_GOAL_S} s on 2 cores; 0 failed requests`,
    async run(): Promise<BenchmarkResult[]> {
      const report = await newcomer({ log: (line) => process.stderr.write(`[newcomer] ${line}\n`) });
      const start = report.starts[0]!;
      const problems = problemsOf(report);
      const phases = [report.clone, ...start.phases].map(
        (phase) => `${phase.name} ${phase.seconds.toFixed(0)} s`,
      );
      return [
        {
          value: report.cloneToHealthy,
          unit: "s",
          ok: report.cloneToHealthy < CLONE_TO_HEALTHY_GOAL_S && problems.length === 0,
          note: [...phases, ...problems].join(", "),
        },
        {
          value: start.load.failed + start.load.errors,
          unit: "failed requests",
          ok: start.load.failed + start.load.errors === 0,
          note:
            `${LOAD_DEFAULTS.users} users for ${LOAD_DEFAULTS.loadSeconds} s after ${LOAD_DEFAULTS.idleSeconds} s idle: ` +
            `${start.load.requests} requests, p99 ${start.load.p99Ms} ms`,
        },
      ];
    },
  },
];
