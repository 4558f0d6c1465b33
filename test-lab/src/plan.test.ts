import { describe, expect, it } from "vitest";
import { clampCannotHelp } from "../scenarios/clamp-cannot-help";
import { icmpBlackHole } from "../scenarios/icmp-black-hole";
import { sambaFirewall } from "../scenarios/samba-firewall";
import { tincMesh } from "../scenarios/tinc-mesh";
import { planEmulation, UnsupportedModel } from "./plan";

describe("planEmulation", () => {
  it("gives every namespace the run prefix and every interface its NIC's MTU", () => {
    const plan = planEmulation(tincMesh.model, "lnlabtest");
    expect(plan.namespaces.every(({ ns }) => ns.startsWith("lnlabtest"))).toBe(true);
    expect(new Set(plan.namespaces.map(({ ns }) => ns)).size).toBe(plan.namespaces.length);
    const south = plan.links.find((link) => link.a.address === "203.0.113.18/29");
    // south's LTE hop: its outer link carries 1400 on both ends
    expect(south?.a.mtu).toBe(1400);
    expect(south?.b.mtu).toBe(1400);
  });

  it("keeps interface names within the kernel's 15 characters and unique per namespace", () => {
    const plan = planEmulation(tincMesh.model, "lnlabtest");
    const names = plan.links.flatMap((link) => [link.a, link.b]).map((end) => `${end.ns}/${end.ifname}`);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name.split("/")[1]!.length).toBeLessThanOrEqual(15);
  });

  it("forwards the tinc port through every NAT hop that models the forward", () => {
    const plan = planEmulation(tincMesh.model, "p");
    const east = plan.hops.find((hop) => hop.hopId === "east-dsl")!;
    expect(east.nftRules).toContain('iifname "out0" udp dport 655 dnat to 10.2.1.2');
    expect(east.nftRules).toContain('oifname "out0" masquerade');
  });

  it("drops frag-needed at a dropping hop and on the far end of its link, not elsewhere", () => {
    const plan = planEmulation(icmpBlackHole.model, "p");
    const [hop] = plan.hops;
    expect(hop!.nftRules).toMatch(/forward \{[^}]*icmp code 4 drop/);
    expect(plan.extraNft).toEqual([
      {
        ns: plan.internetNs,
        rules: expect.stringContaining('oifname != "lab0" icmp type destination-unreachable'),
      },
    ]);
  });

  it("routes a non-NAT hop's inner segment from the internet, but not past a NAT", () => {
    const plan = planEmulation(clampCannotHelp.model, "p");
    const internetRoutes = plan.routes
      .filter((route) => route.ns === plan.internetNs)
      .map((route) => route.to);
    // far-modem does not NAT: the link between home router and modem is visible; the router's WAN is not
    expect(internetRoutes).toEqual(["10.1.1.0/24"]);
  });

  it("publishes a lab at the address right outside its outermost NAT hop", () => {
    const plan = planEmulation(clampCannotHelp.model, "p");
    // home router NATs, the modem beyond it routes: the home router's outer address is public
    expect(plan.routers[0]!.publicIp).toBe("10.1.1.2");
    const routed = structuredClone(clampCannotHelp.model);
    routed.machines.find((machine) => machine.id === "far-router")!.router!.uplink[0]!.nat = false;
    expect(planEmulation(routed, "p").routers[0]!.publicIp).toBe("10.1.0.2");
  });

  it("puts a probe on each router's WAN segment", () => {
    const plan = planEmulation(sambaFirewall.model, "p");
    expect(plan.routers).toEqual([
      expect.objectContaining({
        wanIp: "10.1.0.2",
        probeIp: "10.1.0.3",
        gateway: "10.1.0.1",
        publicIp: "203.0.113.2",
      }),
    ]);
  });

  it("refuses what it cannot build, naming the NIC", () => {
    const model = structuredClone(sambaFirewall.model);
    model.nics.find((nic) => nic.id === "office-files-eth0")!.vswitchId = "office-wan";
    expect(() => planEmulation(model, "p")).toThrow(UnsupportedModel);
    expect(() => planEmulation(model, "p")).toThrow(/office-files-eth0 is on external switch "WAN"/);
  });
});
