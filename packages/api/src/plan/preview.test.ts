// Plan previews against golden files: hand-made changes to the demo network, rendered as the
// reviewer reads them (file by file unified diffs, then the simulated impact).
import { renderBundles } from "@labnet/config";
import type { NetworkModel } from "@labnet/model";
import { demoModel } from "@labnet/model/demo";
import { syntheticModel } from "@labnet/sim/synthetic";
import { describe, expect, it } from "vitest";
import {
  diffFiles,
  isEmptyPreview,
  maxListedPairs,
  type PlanPreview,
  patchLineLimits,
  previewPlan,
} from "./preview";

function changed(edit: (model: NetworkModel) => void): NetworkModel {
  const model = structuredClone(demoModel);
  edit(model);
  return model;
}

/** The preview as text: what the golden files hold. */
function asText(preview: PlanPreview): string {
  const lines: string[] = [];
  for (const machine of preview.machines) {
    lines.push(`## ${machine.machineName} (${machine.kind}, ${machine.change})`);
    for (const file of machine.files) {
      lines.push(`--- ${file.change === "added" ? "/dev/null" : file.path}`);
      lines.push(`+++ ${file.change === "removed" ? "/dev/null" : file.path}`);
      lines.push(file.patch.trimEnd());
    }
  }
  lines.push(`## unchanged machines: ${preview.unchangedMachines}`);
  const { impact } = preview;
  for (const pair of impact.reachability.gained) lines.push(`reach gained: ${pair.from} <-> ${pair.to}`);
  for (const pair of impact.reachability.lost)
    lines.push(`reach lost: ${pair.from} <-> ${pair.to}: ${pair.reason}`);
  for (const path of impact.paths) {
    lines.push(
      `path ${path.scope} ${path.name}: ${path.before?.pathMtu ?? "-"} -> ${path.after?.pathMtu ?? "-"}`,
    );
  }
  for (const address of impact.addresses) {
    lines.push(`address ${address.name}: ${address.before} -> ${address.after} (${address.source})`);
  }
  for (const finding of impact.findings.added) {
    lines.push(`finding added${finding.blocking ? " [blocking]" : ""}: ${finding.key} ${finding.title}`);
  }
  for (const finding of impact.findings.resolved)
    lines.push(`finding resolved: ${finding.key} ${finding.title}`);
  return `${lines.join("\n")}\n`;
}

describe("previewPlan", () => {
  it("shows a lease's new IP as dnsmasq/UCI `config host` and Hyper-V script diffs, and the address move", async () => {
    const after = changed((model) => {
      model.leases.find((lease) => lease.id === "lease-berlin-host")!.ip = "192.168.10.77";
    });
    const preview = previewPlan(demoModel, after);
    expect(preview.machines.map((machine) => machine.machineName)).toEqual(["berlin-host", "berlin-router"]);
    const dhcp = preview.machines[1]!.files.find((file) => file.path === "/etc/config/dhcp")!;
    expect(dhcp.patch).toContain("-\toption ip '192.168.10.5'");
    expect(dhcp.patch).toContain("+\toption ip '192.168.10.77'");
    // The Hyper-V script starts with a BOM on both sides: the diff shows no line for it.
    const script = preview.machines[0]!.files[0]!;
    expect(script.patch).toContain("192.168.10.77");
    expect(script.patch).not.toContain("\uFEFF");
    expect(preview.impact.addresses).toEqual([
      expect.objectContaining({ before: "192.168.10.5", after: "192.168.10.77", source: "static-lease" }),
    ]);
    expect(preview.blocking).toEqual([]);
    await expect(asText(preview)).toMatchFileSnapshot("__golden__/lease-ip-change.txt");
  });

  it("makes cutting a site's every ConnectTo a blocking finding, with the reachability it loses", async () => {
    const after = changed((model) => {
      for (const site of model.sites) {
        site.connectTo =
          site.id === "site-hamburg" ? [] : site.connectTo.filter((id) => id !== "site-hamburg");
      }
    });
    const preview = previewPlan(demoModel, after);
    const partitioned = preview.blocking.find((finding) => finding.ruleId === "mesh.partitioned");
    expect(partitioned).toMatchObject({ blocking: true, severity: "error" });
    expect(partitioned!.objects.map((object) => object.name)).toContain("Corporate intranet");
    expect(preview.impact.reachability.lost.length).toBeGreaterThan(0);
    expect(preview.impact.reachability.lost.every((pair) => pair.reason)).toBe(true);
    await expect(asText(preview)).toMatchFileSnapshot("__golden__/connect-to-partition.txt");
  });

  it("lists every machine as added on a team's first publish", () => {
    const preview = previewPlan(null, demoModel);
    const withFiles = renderBundles(demoModel, { revision: 1 }).length;
    expect(preview.machines).toHaveLength(withFiles);
    expect(preview.machines.every((machine) => machine.change === "added")).toBe(true);
    // Utility VMs get no files from labnet: they count as unchanged.
    expect(preview.unchangedMachines).toBe(demoModel.machines.length - withFiles);
  });

  it("is empty when nothing changes, and reverses exactly when the models swap", () => {
    expect(isEmptyPreview(previewPlan(demoModel, structuredClone(demoModel)))).toBe(true);
    const after = changed((model) => {
      model.leases.find((lease) => lease.id === "lease-berlin-host")!.ip = "192.168.10.77";
    });
    const forward = previewPlan(demoModel, after);
    const back = previewPlan(after, demoModel);
    // Lines added going forward are the lines removed going back, file by file.
    const changedLines = (preview: PlanPreview, sign: "+" | "-") =>
      preview.machines.map((machine) =>
        machine.files.map((file) =>
          file.patch
            .split("\n")
            .filter((line) => line.startsWith(sign))
            .map((line) => line.slice(1))
            .sort(),
        ),
      );
    expect(changedLines(back, "-")).toEqual(changedLines(forward, "+"));
    expect(changedLines(back, "+")).toEqual(changedLines(forward, "-"));
  });
});

describe("preview size", () => {
  it("keeps a big first publish readable: patches up to the line budget, every file still counted", () => {
    const model = syntheticModel({ sites: 60, endpointsPerSite: 2 });
    const preview = previewPlan(null, model);
    const bundles = new Map(
      renderBundles(model, { revision: 1 }).map((bundle) => [bundle.machineId, bundle]),
    );
    const patchLines = preview.machines
      .flatMap((machine) => machine.files)
      .reduce((sum, file) => sum + file.patch.split("\n").length - 1, 0);
    expect(patchLines).toBeLessThanOrEqual(patchLineLimits.total);
    expect(preview.machines.some((machine) => machine.omitted)).toBe(true);
    for (const machine of preview.machines) {
      const bundle = bundles.get(machine.machineId)!;
      expect(machine.files.length + (machine.omitted?.files ?? 0)).toBe(bundle.files.length);
      const added =
        machine.files.reduce((sum, file) => sum + file.additions, 0) + (machine.omitted?.additions ?? 0);
      const lines = bundle.files.reduce((sum, file) => sum + file.content.split("\n").length - 1, 0);
      expect(added).toBe(lines);
    }
    expect(preview.impact.reachability.gainedTotal).toBe((60 * 59) / 2);
    expect(preview.impact.reachability.gained).toHaveLength(maxListedPairs);
  });
});

describe("diffFiles", () => {
  it("reports added, removed, modified and mode-only changes with line counts", () => {
    const files = diffFiles(
      [
        { path: "/a", content: "one\ntwo\n", mode: 0o644 },
        { path: "/gone", content: "x\n", mode: 0o644 },
        { path: "/script", content: "run\n", mode: 0o644 },
      ],
      [
        { path: "/a", content: "one\nthree\n", mode: 0o644 },
        { path: "/new", content: "y\nz\n", mode: 0o644 },
        { path: "/script", content: "run\n", mode: 0o755 },
      ],
    );
    expect(
      files.map(({ path, change, additions, deletions }) => ({ path, change, additions, deletions })),
    ).toEqual([
      { path: "/a", change: "modified", additions: 1, deletions: 1 },
      { path: "/gone", change: "removed", additions: 0, deletions: 1 },
      { path: "/new", change: "added", additions: 2, deletions: 0 },
      { path: "/script", change: "modified", additions: 0, deletions: 0 },
    ]);
    expect(files[3]!.mode).toEqual({ before: 0o644, after: 0o755 });
    expect(files[0]!.patch).toBe("@@ -1,2 +1,2 @@\n one\n-two\n+three\n");
  });
});
