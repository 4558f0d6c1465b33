// One emulation run: build the model in namespaces, let it settle, measure, compare with sim,
// tear down and prove nothing is left — on every exit path, signals included.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderBundles } from "@labnet/config";
import type { NetworkModel } from "@labnet/model";
import { analyze, predictionsFor } from "@labnet/sim";
import { type AgentHook, renderedFiles } from "./agents";
import { buildTopology, generateTincKeys, type RouterRuntime, startBulkServer, startRouters } from "./build";
import { type ComparisonRow, compare, type Tally, tally } from "./compare";
import { BULK_MEGABYTES, type Measurements, Measurer } from "./measure";
import { Netns, runPrefix } from "./netns";
import { translateRouterBundle } from "./openwrt";
import { type EmulationPlan, planEmulation } from "./plan";
import { settleTinc } from "./tinc";

export interface EmulationOptions {
  /** A change applied to the running lab after the first measurement (firewall only). */
  change?: { description: string; model: NetworkModel };
  /** Bound on the wait for tinc's meta connections and PMTU discovery. */
  tincSettleMs?: number;
  /** Where the routers' files come from (default: rendered here, no agent). */
  agents?: AgentHook;
  log?: (line: string) => void;
}

export interface Phase {
  label: string;
  rows: ComparisonRow[];
  tally: Tally;
}

export interface EmulationReport {
  phases: Phase[];
  timings: { setupMs: number; measureMs: number; teardownMs: number };
  notes: string[];
  leftovers: string[];
  /** Set when the run could not complete (setup or measurement failed). */
  error: string | null;
  /** Last lines of each daemon's log when something went wrong. */
  logs: string;
}

export function passed(report: EmulationReport): boolean {
  return (
    report.error === null &&
    report.leftovers.length === 0 &&
    report.phases.every((phase) => phase.tally.disagree === 0 && phase.tally.unverifiable === 0)
  );
}

async function measureAll(
  measurer: Measurer,
  model: NetworkModel,
  lab: Netns,
  routers: RouterRuntime[],
  options: EmulationOptions,
  notes: string[],
  label: string,
  dhcpDone: Map<string, string | null> | null,
): Promise<{ phase: Phase; dhcp: Map<string, string | null> }> {
  const analysis = analyze(model);
  const predictions = predictionsFor(analysis);
  const dhcp = dhcpDone ?? (await measurer.dhcp(predictions.dhcp.map((row) => row.nicId)));
  if (dhcpDone === null) {
    const tinc = await settleTinc(lab, model, routers, options.tincSettleMs ?? 45_000);
    if (tinc.waitedMs > 0)
      notes.push(
        tinc.settled
          ? `tinc settled after ${(tinc.waitedMs / 1000).toFixed(1)} s`
          : `tinc PMTU discovery had not settled after ${(tinc.waitedMs / 1000).toFixed(1)} s`,
      );
  }
  const measurements: Measurements = {
    dhcp,
    pairs: await measurer.pairs(predictions.pairs),
    internet: await measurer.internet(predictions.internet.map((row) => row.from)),
    services: await measurer.services(),
    notEmulated: measurer.notEmulated,
  };
  const rows = compare(model, predictions, analysis.services, measurements);
  return { phase: { label, rows, tally: tally(rows) }, dhcp };
}

/** Applies a changed model's firewall to the running routers (what a publish would reload). */
async function applyFirewallChange(
  lab: Netns,
  plan: EmulationPlan,
  before: NetworkModel,
  after: NetworkModel,
) {
  const render = (model: NetworkModel) =>
    new Map(renderBundles(model, { revision: "emulated" }).map((bundle) => [bundle.machineId, bundle]));
  const old = render(before);
  const next = render(after);
  for (const router of plan.routers) {
    const was = old.get(router.machineId)!;
    const now = next.get(router.machineId)!;
    const changed = now.files.filter(
      (file) => was.files.find((f) => f.path === file.path)?.sha256 !== file.sha256,
    );
    const unsupported = changed.filter((file) => file.path !== "/etc/config/firewall");
    if (unsupported.length > 0)
      throw new Error(
        `${router.name}: only firewall changes apply live; ${unsupported.map((f) => f.path).join(", ")} changed`,
      );
    if (changed.length === 0) continue;
    await lab.mustExec(router.ns, ["nft", "delete", "table", "inet", "labnet_fw"]);
    await lab.pipe(router.ns, ["nft", "-f", "-"], translateRouterBundle(now.files).nftRuleset);
  }
}

export async function emulate(model: NetworkModel, options: EmulationOptions = {}): Promise<EmulationReport> {
  const log = options.log ?? (() => {});
  const lab = new Netns(runPrefix());
  const root = await mkdtemp(join(tmpdir(), `${lab.prefix}-`));
  const report: EmulationReport = {
    phases: [],
    timings: { setupMs: 0, measureMs: 0, teardownMs: 0 },
    notes: [],
    leftovers: [],
    error: null,
    logs: "",
  };
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const checkpoint = () => {
    if (interrupted) throw new Error(`interrupted by ${interrupted}`);
  };
  let started = performance.now();
  try {
    const withKeys = await generateTincKeys(model, root);
    const plan = planEmulation(withKeys, lab.prefix);
    report.notes.push(...plan.notes);
    log(`  setup: ${plan.namespaces.length} namespaces, ${plan.links.length} links (prefix ${lab.prefix})`);
    await buildTopology(lab, plan);
    checkpoint();
    const routerFiles = await (options.agents ?? renderedFiles).routerFiles({
      lab,
      plan,
      model: withKeys,
      root,
    });
    report.notes.push(routerFiles.note);
    checkpoint();
    const routers = await startRouters(lab, plan, withKeys, root, routerFiles.files);
    await startBulkServer(lab, plan, BULK_MEGABYTES);
    const measurer = new Measurer(lab, plan, withKeys, analyze(withKeys), root);
    await measurer.placeEndpoints();
    report.timings.setupMs = performance.now() - started;
    checkpoint();

    started = performance.now();
    const first = await measureAll(
      measurer,
      withKeys,
      lab,
      routers,
      options,
      report.notes,
      "as modelled",
      null,
    );
    report.phases.push(first.phase);
    if (options.change) {
      checkpoint();
      const after = structuredClone(options.change.model);
      after.sites.forEach((site) => {
        site.publicKey = withKeys.sites.find((keyed) => keyed.id === site.id)?.publicKey ?? null;
      });
      await applyFirewallChange(lab, plan, withKeys, after);
      const second = await measureAll(
        measurer,
        after,
        lab,
        routers,
        options,
        report.notes,
        options.change.description,
        first.dhcp,
      );
      report.phases.push(second.phase);
    }
    report.timings.measureMs = performance.now() - started;
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  } finally {
    if (report.error !== null || report.phases.some((phase) => phase.tally.disagree > 0)) {
      report.logs = [...lab.logs.entries()]
        .map(([label, text]) => `--- ${label}\n${text.slice(-30000)}`)
        .join("\n");
    }
    started = performance.now();
    await lab.cleanup();
    report.leftovers = await lab.leftovers();
    await rm(root, { recursive: true, force: true });
    report.timings.teardownMs = performance.now() - started;
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
  return report;
}
