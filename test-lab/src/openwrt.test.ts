import { renderMachineBundle } from "@labnet/config";
import { demoModel } from "@labnet/model/demo";
import { describe, expect, it } from "vitest";
import { sambaFirewall } from "../scenarios/samba-firewall";
import { firewallRuleset, translateRouterBundle, withoutShareMounts } from "./openwrt";

const berlin = renderMachineBundle(demoModel, "berlin-router", { revision: 1 });

describe("translateRouterBundle", () => {
  it("reads the legacy LAN bridge with the intranet netmask", () => {
    const setup = translateRouterBundle(berlin.files);
    expect(setup.lan).toEqual({
      bridge: "br-lan",
      ports: ["eth0"],
      address: "192.168.10.1",
      netmask: "255.255.0.0",
      prefix: 16,
      mtu: null,
    });
    expect(setup.wanDevice).toBe("eth1");
  });

  it("reads a 21.02+ device section", () => {
    const munich = translateRouterBundle(
      renderMachineBundle(demoModel, "munich-router", { revision: 1 }).files,
    );
    expect(munich.lan.bridge).toBe("br-lan");
    expect(munich.lan.ports).toEqual(["eth0"]);
  });

  it("turns OpenWrt's start offset into the segment's pool and each host into a dhcp-host", () => {
    const { dnsmasqArgs } = translateRouterBundle(berlin.files);
    expect(dnsmasqArgs).toContain("--dhcp-range=set:lan,192.168.10.100,192.168.10.249,255.255.0.0,12h");
    expect(dnsmasqArgs).toContain("--dhcp-host=00:15:5d:0a:0a:10,set:lab,192.168.10.20,berlin-ci,infinite");
    expect(dnsmasqArgs).toContain("--dhcp-authoritative");
  });

  it("collects the tinc folder and sees samba on the WAN", () => {
    const setup = translateRouterBundle(berlin.files);
    expect([...setup.tinc.keys()]).toEqual(["labnet"]);
    expect(setup.tinc.get("labnet")!.map((file) => file.path)).toContain("tinc-up");
    expect(setup.sambaOnWan).toBe(true);
  });

  it("reports a broken UCI line with its number", () => {
    const files = berlin.files.map((file) =>
      file.path === "/etc/config/dhcp" ? { ...file, content: "config host\n\toption 'unterminated\n" } : file,
    );
    expect(() => translateRouterBundle(files)).toThrow("/etc/config/dhcp:2: EOF with unterminated '");
  });
});

describe("firewallRuleset (fw4 structure)", () => {
  const devices = (net: string) => (net === "lan" ? "br-lan" : net === "wan" ? "eth1" : null);

  it("masquerades and clamps on the wan zone and forwards lan to wan", () => {
    const ruleset = firewallRuleset(berlin.files, devices);
    expect(ruleset).toContain('oifname "eth1" masquerade');
    expect(ruleset).toContain(
      'oifname "eth1" tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu',
    );
    expect(ruleset).toMatch(/chain forward_lan \{\n\t\toifname "eth1" accept/);
  });

  it("keeps rule order: a REJECT for 445 placed first wins over the ACCEPT", () => {
    const router = sambaFirewall.change!.model;
    const bundle = renderMachineBundle(router, "office-router", { revision: 1 });
    const ruleset = firewallRuleset(bundle.files, devices);
    const input = ruleset.slice(ruleset.indexOf("chain input_wan"), ruleset.indexOf("chain forward_wan"));
    expect(input.indexOf("tcp dport 445 jump handle_reject")).toBeGreaterThan(0);
    expect(input.indexOf("tcp dport 445 jump handle_reject")).toBeLessThan(
      input.indexOf("meta l4proto { tcp, udp } th dport 445 accept"),
    );
    expect(input.trim().split("\n").at(-2)?.trim()).toBe("jump handle_reject");
  });
});

describe("withoutShareMounts", () => {
  it("drops the CIFS mount block and the unmounts, keeps the bridge and DHCP filter", () => {
    const files = translateRouterBundle(berlin.files).tinc.get("labnet")!;
    const up = withoutShareMounts(files.find((file) => file.path === "tinc-up")!.content);
    const down = withoutShareMounts(files.find((file) => file.path === "tinc-down")!.content);
    expect(up).not.toContain("mount");
    expect(up).toContain('ip link set "$INTERFACE" master br-lan');
    expect(up).toContain("table bridge labnet_dhcp_labnet");
    expect(down).not.toContain("umount");
    expect(down).toContain("nft delete table bridge labnet_dhcp_labnet");
  });
});
