// labnet-lab: `emulate model.json` dry-runs a NetworkModel in network namespaces and prints sim's
// predictions next to what really happened; `scenarios` runs the built-in scenarios (npm run test:lab).
import { readFile } from "node:fs/promises";
import { formatIssue, parseNetworkModel } from "@labnet/model";
import { scenarios } from "../scenarios";
import { formatTable } from "./compare";
import { type EmulationReport, emulate, passed } from "./emulate";
import { INSTALL_HINT, missingPrerequisites } from "./prerequisites";

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage:
  labnet-lab emulate <model.json> [--problems-only]   build the model in namespaces, compare with sim
  labnet-lab scenarios [name…] [--problems-only]      run the built-in scenarios (npm run test:lab)
  labnet-lab list                                     list the built-in scenarios
(--plan <id> arrives with labnet's plans.)`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function printReport(name: string, report: EmulationReport, problemsOnly: boolean, io: Output): void {
  const { setupMs, measureMs, teardownMs } = report.timings;
  io.out(
    `\n== ${name}: ${passed(report) ? "PASS" : "FAIL"} (setup ${seconds(setupMs)}, measure ${seconds(measureMs)}, teardown ${seconds(teardownMs)})`,
  );
  for (const note of report.notes) io.out(`   note: ${note}`);
  for (const phase of report.phases) {
    const { agree, disagree, unverifiable } = phase.tally;
    io.out(`-- ${phase.label}: ${agree} agree, ${disagree} disagree, ${unverifiable} unverifiable`);
    if (!problemsOnly || disagree + unverifiable > 0) io.out(formatTable(phase.rows, problemsOnly));
  }
  if (report.error) io.err(`   error: ${report.error}`);
  if (report.leftovers.length > 0) io.err(`   LEFTOVERS after teardown: ${report.leftovers.join(", ")}`);
  if (report.logs) io.err(report.logs);
}

async function prerequisitesOk(io: Output): Promise<boolean> {
  const missing = await missingPrerequisites();
  if (missing.length === 0) return true;
  io.err(`labnet-lab cannot run here: missing ${missing.join(", ")}\n(${INSTALL_HINT})`);
  return false;
}

export async function main(argv: string[], io: Output): Promise<number> {
  const [command, ...rest] = argv;
  const problemsOnly = rest.includes("--problems-only");
  const args = rest.filter((arg) => !arg.startsWith("--"));
  if (command === "list") {
    for (const scenario of scenarios) io.out(`${scenario.name.padEnd(20)} ${scenario.description}`);
    return 0;
  }
  if (command === "emulate") {
    if (rest.includes("--plan")) {
      io.err(
        "--plan needs labnet's plans, which are not built yet: export the plan's model as JSON and pass the file",
      );
      return 2;
    }
    const file = args[0];
    if (!file) {
      io.err(USAGE);
      return 2;
    }
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      io.err(`${file}: ${(error as Error).message}`);
      return 2;
    }
    const parsed = parseNetworkModel(json);
    if (!parsed.ok) {
      for (const issue of parsed.issues) io.err(`${file}: ${formatIssue(issue)}`);
      return 2;
    }
    if (!(await prerequisitesOk(io))) return 1;
    const report = await emulate(parsed.model, { log: io.out });
    printReport(file, report, problemsOnly, io);
    return passed(report) ? 0 : 1;
  }
  if (command === "scenarios") {
    const unknown = args.filter((name) => !scenarios.some((scenario) => scenario.name === name));
    if (unknown.length > 0) {
      io.err(`unknown scenario ${unknown.join(", ")}; see labnet-lab list`);
      return 2;
    }
    if (!(await prerequisitesOk(io))) return 1;
    const chosen = args.length > 0 ? scenarios.filter((scenario) => args.includes(scenario.name)) : scenarios;
    const failed: string[] = [];
    const started = performance.now();
    for (const scenario of chosen) {
      io.out(`\n>> ${scenario.name}: ${scenario.description}`);
      const report = await emulate(scenario.model, {
        log: io.out,
        ...(scenario.change ? { change: scenario.change } : {}),
      });
      printReport(scenario.name, report, problemsOnly, io);
      if (!passed(report)) failed.push(scenario.name);
    }
    io.out(
      `\n${chosen.length - failed.length}/${chosen.length} scenarios agree with sim (${seconds(performance.now() - started)})${failed.length > 0 ? `; failed: ${failed.join(", ")}` : ""}`,
    );
    return failed.length === 0 ? 0 : 1;
  }
  io.err(USAGE);
  return 2;
}
