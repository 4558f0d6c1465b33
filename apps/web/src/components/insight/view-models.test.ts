// The pure view models behind the insight components, on the demo network and a 254-site mesh.

import { labView, matrixView, meshView, pathView } from "@labnet/api/insight";
import { demoModel } from "@labnet/model/demo";
import { analyze, classMatrix } from "@labnet/sim";
import { syntheticModel } from "@labnet/sim/synthetic";
import { describe, expect, it } from "vitest";
import { labLayout } from "./lab-layout";
import { createMatrixModel, describeCell } from "./matrix-model";
import { meshLayout, siteCard } from "./mesh-layout";
import { ladderRows, ladderVerdict } from "./path-ladder-rows";

function insightOf(model: typeof demoModel) {
  const analysis = analyze(model);
  let matrix: ReturnType<typeof classMatrix> | undefined;
  return { model, analysis, fingerprint: "test", classMatrix: () => (matrix ??= classMatrix(analysis)) };
}

const demo = insightOf(demoModel);

describe("meshLayout", () => {
  it("places the same sites at the same points whatever their input order", () => {
    const sites = meshView(demo).intranets[0]!.sites;
    const a = meshLayout(sites);
    const b = meshLayout([...sites].reverse());
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    // Segment 10 (berlin) first, at 12 o'clock.
    expect(a.get("site-berlin")!.y).toBeLessThan(a.get("site-hamburg")!.y);
  });

  it("keeps 254 site cards apart", () => {
    const sites = Array.from({ length: 254 }, (_, index) => ({ id: `s${index}`, segment: index + 1 }));
    const points = [...meshLayout(sites).values()];
    let closest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < points.length; i++) {
      const next = points[(i + 1) % points.length]!;
      closest = Math.min(closest, Math.hypot(points[i]!.x - next.x, points[i]!.y - next.y));
    }
    expect(closest).toBeGreaterThan(Math.max(siteCard.width, siteCard.height) * 0.9);
  });
});

describe("matrix model", () => {
  const model = createMatrixModel(matrixView(demo));
  const labels = {
    ok: "ok",
    degraded: "degraded",
    uncertain: "uncertain",
    "black-hole": "black hole",
    blocked: "blocked",
  };

  it("collapses each site to one row and expands it to its endpoints", () => {
    const collapsed = model.axis(new Set());
    expect(collapsed.map((item) => item.label)).toEqual([
      "berlin",
      "munich",
      "hamburg",
      "office",
      "internet",
    ]);
    const expanded = model.axis(new Set(["site:site-berlin"]));
    expect(expanded).toHaveLength(5 + 5);
    expect(expanded[0]).toMatchObject({ label: "berlin", expanded: true });
    expect(expanded.slice(1, 6).every((item) => item.type === "endpoint")).toBe(true);
  });

  it("shows the worst grade that gets through and counts the rest", () => {
    const axis = model.axis(new Set());
    const hamburg = axis.find((item) => item.label === "hamburg")!;
    const internet = axis.find((item) => item.label === "internet")!;
    const cell = model.cell(hamburg, internet);
    expect(cell.grade).toBe("black-hole");
    expect(cell.total).toBe(5);
    expect(describeCell(cell, labels)).toMatch(/^5 of 5 pairs have a path: .*black hole/);
    // berlin → munich: the LAN pairs are degraded by tinc; the WAN NIC reaches nothing there.
    const berlin = axis.find((item) => item.label === "berlin")!;
    const munich = axis.find((item) => item.label === "munich")!;
    const mixed = model.cell(berlin, munich);
    expect(mixed.grade).toBe("degraded");
    expect(mixed.counts.blocked).toBeGreaterThan(0);
  });

  it("marks an endpoint against itself and names a real pair for the worst class pair", () => {
    const axis = model.axis(new Set(["site:site-berlin"]));
    const ci = axis.find((item) => item.label === "berlin-ci eth0")!;
    expect(model.cell(ci, ci).self).toBe(true);
    const worst = model.cell(axis[0]!, axis.find((item) => item.label === "hamburg")!).worst!;
    expect(model.representative(0, worst[0])).toMatch(/^berlin-/);
  });
});

describe("path ladder rows", () => {
  it("marks the PPPoE modem as narrowest on berlin's way out", () => {
    const path = pathView(demo, "berlin-ci-eth0", "internet")!;
    const rows = ladderRows(path);
    expect(rows.filter((row) => row.narrowest).map((row) => row.name)).toEqual(["DSL modem (PPPoE)"]);
    expect(rows.find((row) => row.name === "DSL modem (PPPoE)")).toMatchObject({
      mtu: "1492",
      overhead: "+8 B pppoe",
      nat: "NAT",
      icmp: "unknown",
    });
    expect(ladderVerdict(path)).toMatchObject({ pathMtu: "1492 bytes", certain: false });
  });

  it("shows tinc's path MTU across an ICMP-dropping outer path as a ceiling", () => {
    const path = pathView(demo, "berlin-ci-eth0", "hamburg-build-eth0")!;
    expect(path.pathMtuUpperBound).toBe(true);
    expect(ladderVerdict(path).pathMtu).toMatch(/^≤ \d+ bytes \(tinc probes without ICMP/);
    expect(ladderVerdict(pathView(demo, "berlin-ci-eth0", "internet")!).pathMtu).toBe("1492 bytes");
  });

  it("says where a blocked path stops", () => {
    const path = pathView(demo, "berlin-router-wan", "munich-files-eth0")!;
    const rows = ladderRows(path);
    expect(rows.at(-1)?.stops).toBe(true);
    expect(rows.some((row) => row.narrowest)).toBe(false);
    expect(ladderVerdict(path).headline).toMatch(/^No path: /);
  });

  it("marks hamburg's LTE hop as dropping ICMP frag-needed", () => {
    const rows = ladderRows(pathView(demo, "hamburg-build-eth0", "internet")!);
    expect(rows.find((row) => row.name === "LTE router")).toMatchObject({
      icmp: "DROPS frag-needed",
      narrowest: true,
    });
  });
});

describe("labLayout", () => {
  it("draws berlin left to right: VMs, LAN switch, router, WAN switch, uplink chain, internet", () => {
    const layout = labLayout(labView(demo, "lab-berlin")!);
    const x = (id: string) => layout.nodes.find((node) => node.id === id)!.x;
    const order = [
      "berlin-ci",
      "berlin-lan",
      "berlin-router",
      "berlin-wan",
      "berlin-fritzbox",
      "berlin-dsl",
      "berlin-isp",
      "internet",
    ];
    const xs = order.map(x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(new Set(xs).size).toBe(order.length);
    // One edge per attached NIC, from the NIC's own handle.
    expect(layout.edges.find((edge) => edge.nicId === "berlin-ci-eth0")).toMatchObject({
      source: "berlin-ci",
      sourceHandle: "berlin-ci-eth0",
      target: "berlin-lan",
    });
    expect(layout.edges.filter((edge) => edge.nicId === null).map((edge) => edge.target)).toEqual([
      "berlin-fritzbox",
      "berlin-dsl",
      "berlin-isp",
      "internet",
    ]);
  });

  it("places every node of a 20-endpoint synthetic lab exactly once", () => {
    const model = syntheticModel({ sites: 3, endpointsPerSite: 20 });
    const layout = labLayout(labView(insightOf(model), "lab-s1")!);
    const ids = layout.nodes.map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("s1-vm16");
  });
});
