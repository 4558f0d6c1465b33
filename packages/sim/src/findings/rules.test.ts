import { describe, expect, it } from "vitest";
import { analyze } from "../analyze";
import { byId, demoWith, routerOf } from "../fixtures";
import { verdictFor } from "../reachability";
import type { Analysis, Finding } from "../types";
import { findingRules } from "./catalogue";

const seen = new Set<string>();

function findings(analysis: Analysis, ruleId: string): Finding[] {
  const found = analysis.findings.filter((finding) => finding.ruleId === ruleId);
  if (found.length > 0) seen.add(ruleId);
  return found;
}

describe("finding rules", () => {
  const demo = analyze(demoWith(() => {}));

  it("mesh.few-connect-to: a site with fewer than 3 ConnectTo", () => {
    const analysis = analyze(
      demoWith((input) => (byId(input.sites, "site-berlin").connectTo = ["site-munich"])),
    );
    const [finding] = findings(analysis, "mesh.few-connect-to");
    expect(finding?.objects).toEqual([{ type: "site", id: "site-berlin" }]);
    expect(finding?.explanation).toContain("1 ConnectTo (munich)");
    expect(findings(demo, "mesh.few-connect-to")).toEqual([]);
  });

  it("mesh.connect-to-fails: a NAT hop without the tinc port forward", () => {
    const analysis = analyze(
      demoWith((input) => (routerOf(input, "munich-router").uplink![0]!.portForwards = [])),
    );
    const failed = findings(analysis, "mesh.connect-to-fails");
    expect(failed.map((f) => f.objects[0]!.id).sort()).toEqual([
      "site-berlin",
      "site-hamburg",
      "site-office",
    ]);
    expect(failed[0]!.explanation).toContain(
      "flat Wi-Fi router does NAT without a port forward for tcp/655, udp/655",
    );
    // munich still dials out, so the mesh holds.
    expect(analysis.intranets[0]!.connected).toBe(true);
  });

  it("mesh.partitioned: a site whose router has no way out is cut off", () => {
    const analysis = analyze(demoWith((input) => (byId(input.nics, "hamburg-router-wan").vswitchId = null)));
    const [finding] = findings(analysis, "mesh.partitioned");
    expect(finding?.blocking).toBe(true);
    expect(finding?.explanation).toContain("hamburg-router's WAN NIC eth1 is not attached");
    const verdict = verdictFor(analysis, "berlin-ci-eth0", "hamburg-build-eth0");
    expect(verdict.reachable).toBe(false);
    expect(verdict.reason).toContain("hamburg is cut off from the mesh");
  });

  it("mesh.articulation-site: if X goes down, A and B are cut off", () => {
    const analysis = analyze(
      demoWith((input) => {
        byId(input.sites, "site-berlin").connectTo = ["site-office"];
        byId(input.sites, "site-munich").connectTo = ["site-office"];
        byId(input.sites, "site-hamburg").connectTo = ["site-berlin"];
        byId(input.sites, "site-office").connectTo = [];
      }),
    );
    const articulation = findings(analysis, "mesh.articulation-site");
    const office = articulation.find((f) => f.objects[0]!.id === "site-office");
    expect(office?.explanation).toBe("If office goes down, munich is cut off from the rest of the intranet.");
    const berlin = articulation.find((f) => f.objects[0]!.id === "site-berlin");
    expect(berlin?.explanation).toContain("hamburg is cut off");
  });

  it("address.segment-overlap and address.segment-invalid", () => {
    const analysis = analyze(demoWith((input) => (byId(input.sites, "site-munich").segment = 10)));
    expect(findings(analysis, "address.segment-overlap")[0]?.objects).toEqual([
      { type: "site", id: "site-berlin" },
      { type: "site", id: "site-munich" },
    ]);
    expect(findings(analysis, "address.segment-invalid")[0]?.explanation).toContain(
      "192.168.20.1 is outside 192.168.10.0/24",
    );
  });

  it("address.segment-reserved", () => {
    const analysis = analyze(demoWith((input) => (byId(input.sites, "site-office").segment = 255)));
    expect(findings(analysis, "address.segment-reserved")[0]?.objects).toEqual([
      { type: "site", id: "site-office" },
    ]);
  });

  it("address.duplicate-mac", () => {
    const analysis = analyze(
      demoWith((input) => (byId(input.nics, "berlin-db-eth0").mac = byId(input.nics, "berlin-ci-eth0").mac)),
    );
    expect(findings(analysis, "address.duplicate-mac")[0]?.objects).toEqual([
      { type: "nic", id: "berlin-ci-eth0" },
      { type: "nic", id: "berlin-db-eth0" },
    ]);
  });

  it("address.duplicate-ip: two leases with one address", () => {
    const analysis = analyze(
      demoWith((input) => (byId(input.leases, "lease-berlin-db").ip = "192.168.10.20")),
    );
    const [finding] = findings(analysis, "address.duplicate-ip");
    expect(finding?.blocking).toBe(true);
    expect(finding?.explanation).toContain("also leased to");
  });

  it("dhcp.lease-outside-subnet", () => {
    const analysis = analyze(
      demoWith((input) => (byId(input.leases, "lease-berlin-db").ip = "192.168.11.21")),
    );
    expect(findings(analysis, "dhcp.lease-outside-subnet")[0]?.explanation).toContain(
      "outside 192.168.10.0/24",
    );
    expect(analysis.endpoints.find((e) => e.id === "berlin-db-eth0")).toMatchObject({
      ip: null,
      ipSource: "dhcp-pool",
    });
  });

  it("dhcp.lease-in-pool", () => {
    const analysis = analyze(
      demoWith((input) => (byId(input.leases, "lease-berlin-db").ip = "192.168.10.150")),
    );
    expect(findings(analysis, "dhcp.lease-in-pool")[0]?.explanation).toContain(
      "192.168.10.100-192.168.10.249",
    );
  });

  it("dhcp.mac-drift: the NIC's MAC is the lease's plus one", () => {
    const analysis = analyze(
      demoWith((input) => {
        byId(input.nics, "office-nas-lan").mac = "00:0d:b9:4a:10:05";
        byId(input.leases, "lease-office-nas").mac = "00:0d:b9:4a:10:04";
      }),
    );
    const [finding] = findings(analysis, "dhcp.mac-drift");
    expect(finding?.objects).toEqual([
      { type: "lease", id: "lease-office-nas" },
      { type: "nic", id: "office-nas-lan" },
    ]);
    expect(finding?.explanation).toContain("+1 in the last octet");
    expect(findings(analysis, "dhcp.static-lease-missing")).toEqual([]);
  });

  it("dhcp.static-lease-missing", () => {
    const analysis = analyze(
      demoWith((input) => (input.leases = input.leases!.filter((l) => l.id !== "lease-berlin-db"))),
    );
    expect(findings(analysis, "dhcp.static-lease-missing")[0]?.objects).toEqual([
      { type: "nic", id: "berlin-db-eth0" },
    ]);
  });

  it("dhcp.bridged-servers: switch mode carries DHCP broadcasts between sites", () => {
    expect(findings(demo, "dhcp.bridged-servers")).toHaveLength(1);
    const routed = analyze(demoWith((input) => (input.intranets![0]!.mode = "router")));
    expect(findings(routed, "dhcp.bridged-servers")).toEqual([]);
  });

  it("hyperv.mac-spoofing-off: bridged frames from other sites are dropped", () => {
    const analysis = analyze(
      demoWith((input) => (byId(input.nics, "berlin-router-lan").macSpoofing = false)),
    );
    expect(findings(analysis, "hyperv.mac-spoofing-off")[0]?.fix).toContain("-MacAddressSpoofing On");
    const verdict = verdictFor(analysis, "munich-files-eth0", "berlin-ci-eth0");
    expect(verdict.reachable).toBe(false);
    expect(verdict.reason).toContain("MAC spoofing off");
    // Router mode routes instead of bridging: no foreign MACs, no problem.
    const routed = analyze(
      demoWith((input) => {
        byId(input.nics, "berlin-router-lan").macSpoofing = false;
        input.intranets![0]!.mode = "router";
      }),
    );
    expect(verdictFor(routed, "munich-files-eth0", "berlin-ci-eth0").reachable).toBe(true);
  });

  it("hyperv.management-os-external: the host bypasses the router", () => {
    const analysis = analyze(
      demoWith((input) => (byId(input.vswitches, "berlin-wan").allowManagementOS = true)),
    );
    expect(findings(analysis, "hyperv.management-os-external")[0]?.objects).toEqual([
      { type: "vswitch", id: "berlin-wan" },
    ]);
    const host = analysis.endpoints.find((e) => e.id === "host-vnic:berlin-wan");
    expect(host?.kind).toBe("host-vnic");
    const out = verdictFor(analysis, "host-vnic:berlin-wan", "internet");
    expect(out.path.some((hop) => hop.id === "berlin-router")).toBe(false);
  });

  it("hyperv.wifi-bridged: a Wi-Fi external switch in a switch-mode LAN", () => {
    const analysis = analyze(
      demoWith((input) => {
        const lan = byId(input.vswitches, "munich-lan");
        lan.type = "external";
        lan.adapterMedium = "wifi";
      }),
    );
    expect(findings(analysis, "hyperv.wifi-bridged")[0]?.blocking).toBe(true);
    expect(verdictFor(analysis, "berlin-ci-eth0", "munich-files-eth0").reason).toContain("Wi-Fi");
  });

  it("hyperv.wifi-wan: a router WAN on a Wi-Fi-bound external switch", () => {
    const wired = analyze(
      demoWith((input) => (byId(input.vswitches, "munich-wan").adapterMedium = "ethernet")),
    );
    const [finding] = findings(demo, "hyperv.wifi-wan");
    expect(finding?.objects).toEqual([
      { type: "nic", id: "munich-router-wan" },
      { type: "vswitch", id: "munich-wan" },
    ]);
    expect(finding?.explanation).toContain("DHCP reservation");
    expect(findings(wired, "hyperv.wifi-wan")).toEqual([]);
  });

  it("sqm.overhead: PPPoE without link-layer overhead, ATM below 44, Ethernet uplink needs none", () => {
    const bare = analyze(
      demoWith((input) => {
        const sqm = routerOf(input, "berlin-router").sqm!;
        sqm.linkLayer = "none";
        sqm.overhead = 0;
      }),
    );
    const [finding] = findings(bare, "sqm.overhead");
    expect(finding?.objects).toEqual([{ type: "machine", id: "berlin-router" }]);
    expect(finding?.explanation).toContain("PPPoE on DSL modem (PPPoE)");
    expect(finding?.fix).toBe("In /etc/config/sqm set option linklayer 'ethernet' and option overhead '34'.");
    const atm = analyze(
      demoWith((input) => {
        const sqm = routerOf(input, "munich-router").sqm!;
        sqm.linkLayer = "atm";
        sqm.overhead = 32;
      }),
    );
    expect(findings(atm, "sqm.overhead").map((f) => f.fix)).toEqual([
      "In /etc/config/sqm set option linklayer 'atm' and option overhead '44'.",
    ]);
    const plainEthernet = analyze(
      demoWith((input) => {
        const sqm = routerOf(input, "munich-router").sqm!;
        sqm.linkLayer = "none";
        sqm.overhead = 0;
      }),
    );
    expect(findings(plainEthernet, "sqm.overhead")).toEqual([]);
    expect(findings(demo, "sqm.overhead")).toEqual([]);
  });

  it("sqm.rate-above-link: shaping above the slowest hop's rate, per direction", () => {
    const fast = analyze(
      demoWith((input) => {
        const sqm = routerOf(input, "berlin-router").sqm!;
        sqm.uploadKbps = 5000;
      }),
    );
    const [finding] = findings(fast, "sqm.rate-above-link");
    expect(finding?.objects).toEqual([
      { type: "machine", id: "berlin-router" },
      { type: "hop", id: "berlin-dsl" },
    ]);
    expect(finding?.fix).toContain("option upload '4500'");
    expect(findings(fast, "sqm.rate-above-link")).toHaveLength(1);
    const unshaped = analyze(demoWith((input) => (routerOf(input, "berlin-router").sqm!.uploadKbps = 0)));
    expect(findings(unshaped, "sqm.rate-above-link")).toEqual([]);
    expect(findings(demo, "sqm.rate-above-link")).toEqual([]);
  });

  it("hyperv.nic-unattached", () => {
    const analysis = analyze(demoWith((input) => (byId(input.nics, "berlin-db-eth0").vswitchId = null)));
    expect(findings(analysis, "hyperv.nic-unattached")[0]?.objects).toEqual([
      { type: "nic", id: "berlin-db-eth0" },
    ]);
    expect(verdictFor(analysis, "berlin-db-eth0", "berlin-ci-eth0").reason).toContain("not attached");
  });

  it("path.black-hole and path.black-hole-possible on the demo", () => {
    expect(findings(demo, "path.black-hole").map((f) => f.objects[1]!.id)).toEqual(["site-hamburg"]);
    expect(findings(demo, "path.black-hole-possible").map((f) => f.objects[1]!.id)).toEqual(["site-berlin"]);
  });

  it("path.fragmentation: PMTUD works but UDP without DF is split", () => {
    const analysis = analyze(
      demoWith((input) => (routerOf(input, "berlin-router").uplink![1]!.dropsIcmpFragNeeded = "no")),
    );
    expect(findings(analysis, "path.fragmentation")[0]?.explanation).toContain(
      "fragmented at DSL modem (PPPoE) (MTU 1492)",
    );
  });

  it("path.black-hole is resolved by a clamp at the narrow hop", () => {
    const analysis = analyze(
      demoWith((input) => (routerOf(input, "hamburg-router").uplink![0]!.clampsMss = true)),
    );
    expect(verdictFor(analysis, "hamburg-build-eth0", "internet").largePacket?.tcp).toBe("clamped");
    expect(analysis.findings.find((f) => f.ruleId === "path.black-hole")?.blocking).toBe(false);
  });

  it("path.tunnel-mtu on the demo", () => {
    expect(findings(demo, "path.tunnel-mtu")[0]?.fix).toContain("1373");
  });

  it("path.tunnel-black-hole: PMTUDiscovery off behind an ICMP-dropping hop", () => {
    const analysis = analyze(demoWith((input) => (input.intranets![0]!.pmtuDiscovery = false)));
    const [finding] = findings(analysis, "path.tunnel-black-hole");
    expect(finding?.objects).toEqual([
      { type: "site", id: "site-hamburg" },
      { type: "hop", id: "hamburg-lte" },
    ]);
    expect(verdictFor(analysis, "berlin-ci-eth0", "hamburg-build-eth0").largePacket?.tcp).toBe("black-hole");
  });

  it("samba.wan-firewall: a rule of the model closes 445 before labnet's ACCEPT", () => {
    const closed = analyze(
      demoWith(
        (input) =>
          (routerOf(input, "berlin-router").rules = [
            {
              name: "no smb from outside",
              src: "wan",
              proto: ["tcp", "udp"],
              destPort: "445",
              target: "REJECT",
            },
          ]),
      ),
    );
    expect(findings(closed, "samba.wan-firewall")[0]?.explanation).toContain(
      '"no smb from outside" rejects tcp/445',
    );
    // Without any rules of its own the router still gets labnet's 139/445 rules: no finding.
    const bare = analyze(demoWith((input) => (routerOf(input, "berlin-router").rules = [])));
    expect(findings(bare, "samba.wan-firewall")).toEqual([]);
  });

  it("samba.guest-access is an error on wan", () => {
    const analysis = analyze(
      demoWith((input) => (routerOf(input, "berlin-router").shares![0]!.guestOk = true)),
    );
    expect(findings(analysis, "samba.guest-access")[0]?.severity).toBe("error");
  });

  it("samba.password-on-command-line", () => {
    // The model schema refuses this now (text policy); the rule still guards models built in code.
    const model = demoWith(() => {});
    model.machines.find((machine) => machine.id === "berlin-router")!.router!.shares[0]!.mountOptions =
      "username=anna,password=nightmare";
    const analysis = analyze(model);
    expect(findings(analysis, "samba.password-on-command-line")[0]?.fix).toContain(
      "credentials=/etc/samba/credentials/projects",
    );
    expect(findings(demo, "samba.password-on-command-line")).toEqual([]);
  });

  it("samba.exposed-to-internet: every NAT hop forwards 139 and 445", () => {
    const analysis = analyze(
      demoWith((input) => {
        for (const hop of routerOf(input, "berlin-router").uplink!) {
          hop.portForwards = [
            ...(hop.portForwards ?? []),
            { proto: "tcp", port: 139 },
            { proto: "tcp", port: 445 },
          ];
        }
      }),
    );
    expect(findings(analysis, "samba.exposed-to-internet")).toHaveLength(1);
    expect(verdictFor(analysis, "internet", "berlin-router-wan").reachable).toBe(true);
  });

  it("samba.buffer-sizing: the buffer ratio against LAN/VPN speed, per the seed article", () => {
    const [finding] = findings(demo, "samba.buffer-sizing");
    expect(finding?.explanation).toContain("VPN bottleneck 4500 kbit/s");
    expect(finding?.fix).toContain("wsize=65536");
    const misfit = analyze(demoWith((input) => (routerOf(input, "berlin-router").shares![0]!.wsize = 10000)));
    expect(findings(misfit, "samba.buffer-sizing")[0]?.explanation).toContain(
      "not a multiple of SO_RCVBUF 4096",
    );
  });

  it("every rule in the catalogue is exercised above", () => {
    expect([...seen].sort()).toEqual(findingRules.map((rule) => rule.id).sort());
  });
});
