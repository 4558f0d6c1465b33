// `npm run bench`: runs every package's benchmarks and prints them as one table.
// `npm run bench -- sim config` runs only those areas.
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Benchmark, BenchmarkResult } from "./types";

const root = join(import.meta.dirname, "..");
const areas = process.argv.slice(2);

async function discover(): Promise<Benchmark[]> {
  const files: string[] = [];
  for (const group of ["packages", "apps"]) {
    for (const name of (await readdir(join(root, group))).sort())
      files.push(join(root, group, name, "bench.ts"));
  }
  // The whole-product ones (a fresh clone's first start, load after idle).
  files.push(join(root, "scripts", "bench.ts"));
  const found: Benchmark[] = [];
  for (const file of files) {
    // Only a missing bench.ts is skipped: a module it cannot load (say, an ungenerated client) is an error.
    if (!existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as { benchmarks?: Benchmark[] };
    found.push(...(mod.benchmarks ?? []));
  }
  return areas.length > 0 ? found.filter((bench) => areas.includes(bench.area)) : found;
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

const rows: string[][] = [];
let failed = 0;
for (const bench of await discover()) {
  process.stderr.write(`running ${bench.area} / ${bench.name} …\n`);
  let results: BenchmarkResult[];
  try {
    const outcome = await bench.run();
    results = Array.isArray(outcome) ? outcome : [outcome];
  } catch (error) {
    results = [{ value: Number.NaN, unit: "", ok: false, note: `error: ${(error as Error).message}` }];
  }
  for (const result of results) {
    if (!result.ok) failed++;
    rows.push([
      bench.area,
      bench.name,
      `${format(result.value)} ${result.unit}`.trim(),
      bench.goal,
      result.ok ? "ok" : "MISSED",
      result.note ?? "",
    ]);
  }
}
const header = ["area", "benchmark", "result", "goal", "verdict", "note"];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column]!.length)),
);
const line = (cells: string[]) =>
  `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
console.log(`\n${rows.length - failed} goals met, ${failed} missed`);
