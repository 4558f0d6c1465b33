import { demoModel } from "@labnet/model/demo";
import { analyze, predictionsFor } from "@labnet/sim";
import { describe, expect, it } from "vitest";
import { singleNat } from "../scenarios/single-nat";
import { compare, formatTable, tally } from "./compare";
import { type Measurements, pairKey } from "./measure";

const analysis = analyze(singleNat.model);
const predictions = predictionsFor(analysis);

function asPredicted(): Measurements {
  return {
    dhcp: new Map(predictions.dhcp.map((row) => [row.nicId, row.ip ?? "192.168.10.150"])),
    pairs: new Map(
      predictions.pairs.map((pair) => [
        pairKey(pair.from, pair.to),
        { reachable: pair.reachable, pathMtu: pair.pathMtu },
      ]),
    ),
    internet: new Map(
      predictions.internet.map((row) => [
        row.from,
        { reachable: row.reachable, pathMtu: row.pathMtu, bulk: row.bulkTcpDownload as "completes" },
      ]),
    ),
    services: new Map(),
    notEmulated: [],
  };
}

describe("compare", () => {
  it("agrees row by row when reality matches the predictions", () => {
    const rows = compare(singleNat.model, predictions, analysis.services, asPredicted());
    expect(tally(rows)).toEqual({ agree: rows.length, disagree: 0, unverifiable: 0 });
  });

  it("flags a stalled download, a smaller path MTU and a pool address outside the pool", () => {
    const measured = asPredicted();
    measured.internet.set("home-ci-eth0", { reachable: true, pathMtu: 1400, bulk: "stalls" });
    measured.dhcp.set("home-guest-eth0", "192.168.10.20");
    const rows = compare(singleNat.model, predictions, analysis.services, measured);
    const disagreements = rows
      .filter((row) => row.verdict === "disagree")
      .map((row) => `${row.check} ${row.subject}`);
    expect(disagreements).toEqual([
      "dhcp home-guest-eth0",
      "internet-mtu home-ci-eth0",
      "bulk-tcp home-ci-eth0",
    ]);
  });

  it("never counts a missing measurement as agreement", () => {
    const measured = asPredicted();
    measured.pairs.clear();
    const rows = compare(singleNat.model, predictions, analysis.services, measured);
    const pairRows = rows.filter((row) => row.check === "reach" || row.check === "path-mtu");
    expect(pairRows.length).toBeGreaterThan(predictions.pairs.length);
    expect(pairRows.every((row) => row.verdict === "unverifiable")).toBe(true);
    expect(tally(rows).agree).toBe(rows.length - pairRows.length);
  });

  it("holds a ceiling prediction (tinc over an ICMP-dropping outer path) to: measured at most the ceiling", () => {
    const demo = analyze(demoModel);
    const demoPredictions = predictionsFor(demo);
    const ceiling = demoPredictions.pairs.find((pair) => !pair.pathMtuCertain && pair.reachable)!;
    expect(ceiling).toBeDefined();
    const key = pairKey(ceiling.from, ceiling.to);
    const measuredWith = (pathMtu: number): Measurements => ({
      dhcp: new Map(),
      pairs: new Map([[key, { reachable: true, pathMtu }]]),
      internet: new Map(),
      services: new Map(),
      notEmulated: [],
    });
    const verdictAt = (pathMtu: number) =>
      compare(demoModel, demoPredictions, demo.services, measuredWith(pathMtu)).find(
        (row) => row.check === "path-mtu" && row.subject === key,
      )?.verdict;
    expect(verdictAt(ceiling.pathMtu! - 2)).toBe("agree");
    expect(verdictAt(ceiling.pathMtu!)).toBe("agree");
    expect(verdictAt(ceiling.pathMtu! + 1)).toBe("disagree");
  });

  it("prints a fixed-width table, problems only on request", () => {
    const measured = asPredicted();
    measured.internet.set("home-ci-eth0", { reachable: true, pathMtu: 1500, bulk: "stalls" });
    const table = formatTable(compare(singleNat.model, predictions, analysis.services, measured), true);
    expect(table.split("\n")).toEqual([
      expect.stringMatching(/^check\s+subject\s+predicted\s+measured\s+verdict$/),
      expect.stringMatching(/^bulk-tcp\s+home-ci-eth0\s+completes\s+stalls\s+DISAGREE$/),
    ]);
  });
});
