import { describe, expect, it } from "vitest";
import { demoModel, demoModelInput } from "./demo";
import { formatIssue, parseNetworkModel, parseStoredModel } from "./validate";

describe("NetworkModel", () => {
  it("parses the demo model with every reference resolved", () => {
    const result = parseNetworkModel(demoModelInput);
    expect(result.ok).toBe(true);
    expect(demoModel.labs.length).toBeGreaterThanOrEqual(3);
    expect(demoModel.sites.length).toBeGreaterThanOrEqual(4);
    for (const site of demoModel.sites) expect(site.connectTo.length).toBeGreaterThanOrEqual(3);
    const berlin = demoModel.machines.find((machine) => machine.id === "berlin-router")!;
    expect(berlin.router!.uplink.filter((hop) => hop.nat)).toHaveLength(2);
    expect(berlin.router!.uplink.some((hop) => hop.mtu === 1492 && hop.encapsulation === "pppoe")).toBe(true);
    expect(berlin.router!.shares).toHaveLength(1);
  });

  it("names the field and the rule for bad input", () => {
    const broken = structuredClone(demoModelInput);
    broken.leases![0]!.mac = "00:15:5d:zz:00:01";
    broken.sites![0]!.tincName = "berlin-site";
    const result = parseNetworkModel(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.issues.map(formatIssue);
    expect(messages).toContainEqual(expect.stringMatching(/^leases\.0\.mac: .*not a MAC address/));
    expect(messages).toContainEqual("sites.0.tincName: tinc names may contain only letters, digits and '_'");
  });

  it("reports dangling references and ConnectTo across intranets", () => {
    const broken = structuredClone(demoModelInput);
    broken.intranets!.push({ id: "other", name: "Other", netname: "other", cidr: "10.10.0.0/16" });
    broken.sites![1]!.intranetId = "other";
    broken.leases![0]!.siteId = "site-nowhere";
    const result = parseNetworkModel(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.issues.map(formatIssue);
    expect(messages).toContain('leases.0.siteId: unknown site "site-nowhere"');
    expect(messages.some((message) => message.includes("that site is in another intranet"))).toBe(true);
  });

  it("checks that a site's Linux DHCP server is a VM or physical machine", () => {
    const input = structuredClone(demoModelInput);
    input.sites![0]!.dhcpServerId = "berlin-host";
    input.sites![1]!.dhcpServerId = "nowhere";
    const result = parseNetworkModel(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.issues.map(formatIssue);
    expect(messages).toContain('sites.1.dhcpServerId: unknown machine "nowhere"');
    expect(messages.some((message) => message.startsWith("sites.0.dhcpServerId: a hyperv-host cannot"))).toBe(
      true,
    );
    input.sites![0]!.dhcpServerId = "berlin-db";
    input.sites![1]!.dhcpServerId = null;
    expect(parseNetworkModel(input).ok).toBe(true);
  });

  it("keeps extra mount options of a samba share, empty by default", () => {
    const input = structuredClone(demoModelInput);
    const share = input.machines!.find((machine) => machine.id === "berlin-router")!.router!.shares![0]!;
    const parsed = parseNetworkModel(input);
    expect(
      parsed.ok &&
        parsed.model.machines.find((m) => m.id === "berlin-router")!.router!.shares[0]!.mountOptions,
    ).toBe("");
    share.mountOptions = " iocharset=utf8,file_mode=0660 ";
    const withOptions = parseNetworkModel(input);
    expect(
      withOptions.ok &&
        withOptions.model.machines.find((m) => m.id === "berlin-router")!.router!.shares[0]!.mountOptions,
    ).toBe("iocharset=utf8,file_mode=0660");
  });

  it("refuses a password in mountOptions, pointing at credentialsFile, with the field's path", () => {
    const input = structuredClone(demoModelInput);
    const routerIndex = input.machines!.findIndex((machine) => machine.id === "berlin-router");
    input.machines![routerIndex]!.router!.shares![0]!.mountOptions = "vers=3.0,password=s3cret!";
    const parsed = parseNetworkModel(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues).toEqual([
      {
        path: ["machines", routerIndex, "router", "shares", 0, "mountOptions"],
        message: expect.stringMatching(/put the password in a credentials file .* credentialsFile/),
      },
    ]);
  });

  it("refuses the issue's hostile values at their fields", () => {
    const cases: [keyof typeof demoModelInput, string, string, RegExp][] = [
      ["vswitches", "name", "Default\nStart-Process calc.exe #", /control characters/],
      ["machines", "name", "vm\nconfig rule", /control characters/],
      ["labs", "notes", "a\u202Eb", /bidirectional/],
      ["leases", "hostname", "42", /lease time/],
      ["leases", "mac", "ff:ff:ff:ff:ff:ff", /broadcast MAC/],
      ["nics", "mac", "01:00:5e:00:00:01", /multicast MAC/],
      ["nics", "mac", "00:00:00:00:00:00", /all-zero MAC/],
      ["intranets", "cidr", "224.0.0.0/24", /multicast \(224\.0\.0\.0\/4\)/],
      ["intranets", "cidr", "127.0.0.0/8", /loopback/],
    ];
    for (const [collection, field, value, message] of cases) {
      const input = structuredClone(demoModelInput);
      (input[collection] as Record<string, unknown>[])[0]![field] = value;
      const parsed = parseNetworkModel(input);
      const path = `${collection}.0.${field}`;
      expect(!parsed.ok && parsed.issues.map(formatIssue), path).toEqual([expect.stringMatching(message)]);
      expect(!parsed.ok && parsed.issues[0]!.path.join("."), path).toBe(path);
    }
  });

  it("still loads stored rows written before the policy, but nothing structurally wrong", () => {
    const input = structuredClone(demoModelInput);
    input.leases![0]!.hostname = "42";
    input.labs![0]!.name = "old\u0007name";
    expect(parseStoredModel(input).leases[0]!.hostname).toBe("42");
    // The relaxation ends with the call.
    expect(parseNetworkModel(input).ok).toBe(false);
    input.leases![0]!.ip = "not an ip";
    expect(() => parseStoredModel(input)).toThrow(/IPv4/);
  });

  it("canonicalises MACs on input", () => {
    const input = structuredClone(demoModelInput);
    input.leases![0]!.mac = "00-15-5D-0A-0A-01";
    const result = parseNetworkModel(input);
    expect(result.ok && result.model.leases[0]!.mac).toBe("00:15:5d:0a:0a:01");
  });
});
