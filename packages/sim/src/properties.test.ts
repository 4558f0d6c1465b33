// Properties over the synthetic intranet and the demo: monotonic reachability, path MTU bounds,
// empty self-diff, order independence.
import type { NetworkModel } from "@labnet/model";
import { demoModel } from "@labnet/model/demo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "./analyze";
import { diff, isEmptyDiff } from "./diff";
import { predictionsFor } from "./predictions";
import { syntheticModel } from "./synthetic";

const small = syntheticModel({ sites: 8, endpointsPerSite: 4 });

function reachablePairs(model: NetworkModel): Set<string> {
  return new Set(
    predictionsFor(analyze(model))
      .pairs.filter((pair) => pair.reachable)
      .map((pair) => `${pair.from}>${pair.to}`),
  );
}

/** A sparse variant where some sites cannot be reached, so added links matter. */
function sparse(cutSites: number[]): NetworkModel {
  const model = structuredClone(small);
  for (const site of model.sites) {
    site.connectTo = site.connectTo.slice(0, 1);
    const index = Number(site.tincName.slice(1));
    if (cutSites.includes(index)) site.connectTo = [];
  }
  return model;
}

function shuffled<T>(items: T[], order: number[]): T[] {
  return items
    .map((item, index) => ({ item, key: order[index % order.length]! * 1000 + index }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

describe("properties", () => {
  it("adding a ConnectTo never removes reachability", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (cut, from, to) => {
          fc.pre(from !== to);
          const before = sparse(cut);
          const after = structuredClone(before);
          const site = after.sites.find((candidate) => candidate.tincName === `s${from}`)!;
          site.connectTo = [...new Set([...site.connectTo, `site-s${to}`])];
          const was = reachablePairs(before);
          const is = reachablePairs(after);
          for (const pair of was) expect(is.has(pair)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a path MTU never exceeds the MTU of any hop or NIC on its path", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1280, max: 1500 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (mtus, from, to) => {
          const model = structuredClone(small);
          const router = model.machines.find((machine) => machine.id === `s${from}-router`)!.router!;
          for (const [index, hop] of router.uplink.entries()) hop.mtu = mtus[index % mtus.length]!;
          model.nics.find((nic) => nic.id === `s${to}-router-lan`)!.mtu = mtus[2]!;
          const analysis = analyze(model);
          const predictions = predictionsFor(analysis);
          for (const pair of predictions.pairs) {
            if (pair.pathMtu === null) continue;
            const fromEndpoint = analysis.endpoints.find((e) => e.id === pair.from)!;
            const toEndpoint = analysis.endpoints.find((e) => e.id === pair.to)!;
            expect(pair.pathMtu).toBeLessThanOrEqual(Math.min(fromEndpoint.mtu, toEndpoint.mtu));
          }
          for (const members of analysis.classes) {
            const { pathMtu, path } = members.internet;
            if (pathMtu === null) continue;
            for (const hop of path) if (hop.mtu !== undefined) expect(pathMtu).toBeLessThanOrEqual(hop.mtu);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it("diff(a, a) is empty", () => {
    expect(isEmptyDiff(diff(demoModel, demoModel))).toBe(true);
    expect(isEmptyDiff(diff(small, structuredClone(small)))).toBe(true);
  });

  it("results do not depend on input order", () => {
    const expected = analyze(demoModel);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 20 }), (order) => {
        const model: NetworkModel = {
          ...demoModel,
          labs: shuffled(demoModel.labs, order),
          machines: shuffled(demoModel.machines, order),
          vswitches: shuffled(demoModel.vswitches, order),
          nics: shuffled(demoModel.nics, order),
          sites: shuffled(
            demoModel.sites.map((site) => ({ ...site, connectTo: shuffled(site.connectTo, order) })),
            order,
          ),
          leases: shuffled(demoModel.leases, order),
        };
        expect(analyze(model)).toEqual(expected);
      }),
      { numRuns: 20 },
    );
  });
});
