import { demoModel } from "@labnet/model/demo";
import { describe, expect, it } from "vitest";
import { diff } from "./diff";
import { byId, demoWith, routerOf } from "./fixtures";

describe("diff", () => {
  it("reports reachability lost with the reason, and the findings it adds", () => {
    const after = demoWith((input) => (byId(input.nics, "berlin-router-lan").macSpoofing = false));
    const change = diff(demoModel, after);
    expect(change.reachability.gained).toEqual([]);
    expect(change.reachability.lost).toContainEqual(
      expect.objectContaining({
        from: "seg:berlin-lan",
        to: "seg:munich-lan",
        reason: expect.stringContaining("MAC spoofing off"),
      }),
    );
    expect(change.findings.added.map((finding) => finding.ruleId)).toContain("hyperv.mac-spoofing-off");
    expect(change.findings.resolved).toEqual([]);
  });

  it("reports reachability gained when the change is undone", () => {
    const broken = demoWith((input) => (byId(input.nics, "hamburg-router-wan").vswitchId = null));
    const change = diff(broken, demoModel);
    expect(change.reachability.gained).toContainEqual({ from: "seg:berlin-lan", to: "seg:hamburg-lan" });
    expect(change.findings.resolved.map((finding) => finding.ruleId)).toContain("mesh.partitioned");
  });

  it("reports path-MTU changes per class and per site", () => {
    const after = demoWith((input) => (routerOf(input, "hamburg-router").uplink![0]!.mtu = 1500));
    const change = diff(demoModel, after);
    expect(change.paths).toContainEqual({
      scope: "internet",
      id: "seg:hamburg-lan",
      before: { pathMtu: 1428, tcp: "black-hole", udp: "black-hole" },
      after: { pathMtu: 1500, tcp: "ok", udp: "ok" },
    });
    expect(change.paths).toContainEqual({
      scope: "site-outer",
      id: "site-hamburg",
      before: { pathMtu: 1428 },
      after: { pathMtu: 1500 },
    });
    expect(change.findings.resolved.map((finding) => finding.ruleId)).toContain("path.black-hole");
  });

  it("reports published services that open up", () => {
    const after = demoWith((input) => {
      for (const hop of routerOf(input, "berlin-router").uplink!) {
        hop.portForwards = [
          ...(hop.portForwards ?? []),
          { proto: "tcp", port: 139 },
          { proto: "tcp", port: 445 },
        ];
      }
    });
    expect(diff(demoModel, after).services).toEqual([
      {
        id: "samba:berlin-router:share-projects",
        before: { fromUpstream: true, fromInternet: false },
        after: { fromUpstream: true, fromInternet: true },
      },
    ]);
  });
});
