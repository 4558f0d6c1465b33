// `npm run bench -- db`: start-up costs of the embedded database, which every `npm start` and test file pays.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark } from "../../bench/types";
import { startEmbeddedPostgres } from "./src/embedded";
import { applyMigrations } from "./src/migrations/runner";
import { embeddedTemplate } from "./src/scratch-database";
import { createTestDatabase } from "./src/testing";

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "labnet-bench-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  {
    area: "db",
    name: "first start on an empty data folder, migrations applied, stop",
    goal: "< 15 s",
    run: () =>
      withTempDir(async (dataDir) => {
        const start = await timed(() => startEmbeddedPostgres({ dataDir }));
        const migrate = await timed(() => applyMigrations(start.result.url));
        const stop = await timed(() => start.result.stop());
        const total = start.ms + migrate.ms + stop.ms;
        return {
          value: total / 1000,
          unit: "s",
          ok: total < 15_000,
          note: `start ${Math.round(start.ms)} ms, migrate ${Math.round(migrate.ms)} ms, stop ${Math.round(stop.ms)} ms`,
        };
      }),
  },
  {
    area: "db",
    name: "later start on an existing data folder, until select 1 answers",
    goal: "< 3 s",
    run: () =>
      withTempDir(async (dataDir) => {
        await cp(await embeddedTemplate("empty", async () => {}), join(dataDir, "pgdata"), {
          recursive: true,
        });
        const start = await timed(() => startEmbeddedPostgres({ dataDir }));
        await start.result.stop();
        return { value: start.ms, unit: "ms", ok: start.ms < 3_000 };
      }),
  },
  {
    area: "db",
    name: "createTestDatabase + drop (embedded, template cached)",
    goal: "< 2 s",
    run: async () => {
      await (await createTestDatabase()).drop(); // builds the template once
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        samples.push((await timed(async () => (await createTestDatabase()).drop())).ms);
      }
      const worst = Math.max(...samples);
      return {
        value: worst,
        unit: "ms",
        ok: worst < 2_000,
        note: `worst of 3: ${samples.map((ms) => Math.round(ms)).join(", ")} ms`,
      };
    },
  },
];
