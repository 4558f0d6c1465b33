// labnet-lab: `emulate model.json` dry-runs a NetworkModel in network namespaces and prints sim's
// predictions next to what really happened; `scenarios` runs the built-in scenarios (npm run test:lab).
import { readFile } from "node:fs/promises";
import { createPrismaClient } from "@labnet/db";
import { formatIssue, type NetworkModel, parseNetworkModel } from "@labnet/model";
import { scenarios } from "../scenarios";
import { type AgentHook, labnetAgents, renderedFiles } from "./agents";
import { formatTable } from "./compare";
import { type EmulationReport, emulate, passed } from "./emulate";
import { INSTALL_HINT, missingPrerequisites } from "./prerequisites";
import { loadPlanTarget } from "./stored-plan";

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage:
  labnet-lab emulate <model.json> [--problems-only]   build the model in namespaces, compare with sim
  labnet-lab emulate --plan <id> [--database-url <url>] [--problems-only]
                                                      the same for the network a labnet plan would publish
                                                      (database from --database-url or DATABASE_URL)
  labnet-lab scenarios [name…] [--problems-only]      run the built-in scenarios (npm run test:lab)
  labnet-lab list                                     list the built-in scenarios`;

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
  const agents: AgentHook = rest.includes("--without-agent") ? renderedFiles : labnetAgents();
  try {
    return await dispatch(command, rest, problemsOnly, agents, io);
  } finally {
    await agents.close();
  }
}

async function dispatch(
  command: string | undefined,
  rest: string[],
  problemsOnly: boolean,
  agents: AgentHook,
  io: Output,
): Promise<number> {
  const planId = optionValue(rest, "--plan");
  const databaseUrl = optionValue(rest, "--database-url") ?? process.env.DATABASE_URL;
  const args = rest.filter(
    (arg, i) => !arg.startsWith("--") && !OPTIONS_WITH_VALUE.includes(rest[i - 1] ?? ""),
  );
  if (command === "list") {
    for (const scenario of scenarios) io.out(`${scenario.name.padEnd(20)} ${scenario.description}`);
    return 0;
  }
  if (command === "emulate") {
    const loaded =
      planId !== undefined ? await modelFromPlan(planId, databaseUrl, io) : await modelFromFile(args[0], io);
    if (!loaded) return 2;
    if (!(await prerequisitesOk(io))) return 1;
    const report = await emulate(loaded.model, { log: io.out, agents });
    printReport(loaded.name, report, problemsOnly, io);
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
        agents,
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

const OPTIONS_WITH_VALUE = ["--plan", "--database-url"];

function optionValue(args: string[], option: string): string | undefined {
  const at = args.indexOf(option);
  return at === -1 ? undefined : (args[at + 1] ?? "");
}

type Loaded = { name: string; model: NetworkModel } | null;

async function modelFromFile(file: string | undefined, io: Output): Promise<Loaded> {
  if (!file) {
    io.err(USAGE);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    io.err(`${file}: ${(error as Error).message}`);
    return null;
  }
  const parsed = parseNetworkModel(json);
  if (!parsed.ok) {
    for (const issue of parsed.issues) io.err(`${file}: ${formatIssue(issue)}`);
    return null;
  }
  return { name: file, model: parsed.model };
}

async function modelFromPlan(planId: string, databaseUrl: string | undefined, io: Output): Promise<Loaded> {
  if (!planId || planId.startsWith("--")) {
    io.err(`--plan needs the plan's id (the last part of its URL)\n${USAGE}`);
    return null;
  }
  if (!databaseUrl) {
    io.err("--plan needs labnet's database: pass --database-url postgres://… or set DATABASE_URL");
    return null;
  }
  const db = createPrismaClient(databaseUrl, { maxConnections: 1 });
  try {
    const result = await loadPlanTarget(db, planId);
    if (!result.ok) {
      io.err(result.error);
      return null;
    }
    const { plan } = result;
    io.out(`plan #${plan.number} "${plan.title}" (${plan.status}): emulating the network it publishes`);
    return { name: `plan #${plan.number}`, model: plan.model };
  } catch (error) {
    // Prisma's message quotes the calling code first; its last line says what went wrong.
    const reason = (error as Error).message.trim().split("\n").at(-1);
    io.err(`cannot read plan ${planId} from the database: ${reason} (is it labnet's database, migrated?)`);
    return null;
  } finally {
    await db.$disconnect();
  }
}
