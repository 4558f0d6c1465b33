import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoModel } from "@labnet/model/demo";
import { describe, expect, it } from "vitest";
import { analyze } from "./analyze";
import { demoWith, routerOf } from "./fixtures";
import { verdictFor } from "./reachability";

const goldenFile = join(import.meta.dirname, "__golden__", "demo-analysis.json");

describe("analyze(demo)", () => {
  const analysis = analyze(demoModel);

  it("matches the golden file (UPDATE_GOLDEN=1 rewrites it)", () => {
    if (process.env.UPDATE_GOLDEN === "1")
      writeFileSync(goldenFile, `${JSON.stringify(analysis, null, 2)}\n`);
    // Compared as data: the formatter may re-wrap the file.
    expect(JSON.parse(JSON.stringify(analysis))).toEqual(JSON.parse(readFileSync(goldenFile, "utf8")));
  });

  it("connects all four sites, each with 3 working ConnectTo", () => {
    expect(analysis.intranets).toHaveLength(1);
    expect(analysis.intranets[0]!.connected).toBe(true);
    expect(analysis.intranets[0]!.components).toEqual([
      ["site-berlin", "site-hamburg", "site-munich", "site-office"],
    ]);
    for (const site of analysis.sites) {
      expect(site.connectTo).toHaveLength(3);
      expect(site.degree).toBe(3);
      expect(site.failedConnectTo).toEqual([]);
      expect(site.articulation).toBe(false);
    }
  });

  it("gives berlin's path through the PPPoE hop an outer path MTU of 1492", () => {
    const berlin = analysis.sites.find((site) => site.id === "site-berlin")!;
    expect(berlin.outerMtu).toBe(1492);
    expect(berlin.outerMtuLimitedBy).toBe("berlin-dsl");
    const out = verdictFor(analysis, "berlin-ci-eth0", "internet");
    expect(out.pathMtu).toBe(1492);
    expect(out.largePacket).toMatchObject({ tcp: "ok", certain: false });
  });

  it("black-holes large DF packets behind hamburg's LTE hop; mtu_fix cannot rescue TCP", () => {
    const out = verdictFor(analysis, "hamburg-build-eth0", "internet");
    expect(out.pathMtu).toBe(1428);
    expect(out.largePacket).toMatchObject({ tcp: "black-hole", udp: "black-hole", certain: true });
    expect(out.largePacket!.explanation).toContain("clamps MSS to 1460");
    expect(out.largePacket!.explanation).toContain("cannot know about the narrower LTE router");
    expect(out.largePacket!.fix).toContain("1388");
    const finding = analysis.findings.find((f) => f.ruleId === "path.black-hole");
    expect(finding?.objects).toContainEqual({ type: "hop", id: "hamburg-lte" });
    expect(finding?.blocking).toBe(true);
  });

  it("bridges every site's LAN into one L2 domain over tinc, with the tunnel's inner MTU", () => {
    const lanDomains = new Set(analysis.classes.filter((c) => c.kind === "lan").map((c) => c.domainId));
    expect(lanDomains.size).toBe(1);
    const across = verdictFor(analysis, "berlin-ci-eth0", "hamburg-build-eth0");
    expect(across.reachable).toBe(true);
    expect(across.pathMtu).toBe(1373);
    expect(across.largePacket?.tcp).toBe("clamped");
    expect(across.path.map((hop) => hop.kind)).toContain("tinc");
    expect(verdictFor(analysis, "berlin-ci-eth0", "munich-files-eth0").pathMtu).toBe(1437);
  });

  it("black-holes berlin's way out when its home router NATs without translating ICMP errors", () => {
    const broken = analyze(
      demoWith((input) => (routerOf(input, "berlin-router").uplink![0]!.translatesIcmpErrors = "no")),
    );
    const out = verdictFor(broken, "berlin-ci-eth0", "internet").largePacket;
    expect(verdictFor(analysis, "berlin-ci-eth0", "internet").largePacket?.udp).toBe("fragmented");
    expect(out?.udp).toBe("black-hole");
    expect(out?.explanation).toContain("home router does NAT without translating ICMP errors");
    expect(
      broken.findings.find(
        (f) => f.ruleId === "path.black-hole" && f.objects.some((o) => o.id === "site-berlin"),
      ),
    ).toBeDefined();
  });

  it("calls the tunnel MTU through hamburg's ICMP-dropping LTE hop an upper bound and pins it", () => {
    const across = verdictFor(analysis, "berlin-ci-eth0", "hamburg-build-eth0");
    expect(across.pathMtuUpperBound).toBe(true);
    expect(across.largePacket?.tcp).toBe("clamped");
    expect(across.largePacket?.explanation).toContain(
      "1373 is an upper bound: LTE router on hamburg's uplink",
    );
    expect(across.largePacket?.fix).toContain("PMTU = 1387 and PMTUDiscovery = no in hosts/hamburg");
    const munich = verdictFor(analysis, "berlin-ci-eth0", "munich-files-eth0");
    expect(munich.pathMtuUpperBound).toBeUndefined();
    const passing = analyze(
      demoWith((input) => (routerOf(input, "hamburg-router").uplink![0]!.dropsIcmpFragNeeded = "no")),
    );
    expect(verdictFor(passing, "berlin-ci-eth0", "hamburg-build-eth0").pathMtuUpperBound).toBeUndefined();
  });

  it("hands out the static leases and keeps the WAN side closed", () => {
    expect(analysis.endpoints.find((e) => e.id === "berlin-host-lan")).toMatchObject({
      ip: "192.168.10.5",
      ipSource: "static-lease",
    });
    const inbound = verdictFor(analysis, "internet", "berlin-ci-eth0");
    expect(inbound.reachable).toBe(false);
    expect(inbound.reason).toContain("without a port forward");
    const samba = analysis.services.find((s) => s.service === "samba")!;
    expect(samba.fromUpstream.reachable).toBe(true);
    expect(samba.fromInternet).toMatchObject({ reachable: false });
  });

  it("is deterministic", () => {
    expect(analyze(demoModel)).toEqual(analysis);
  });
});
