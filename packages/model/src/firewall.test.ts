import { describe, expect, it } from "vitest";
import { demoModel } from "./demo";
import { effectiveFirewallRules, wanInputRule } from "./firewall";
import type { RouterSettings } from "./schema";

const berlin = demoModel.machines.find((machine) => machine.id === "berlin-router")!.router!;

describe("effectiveFirewallRules", () => {
  it("adds the samba and tinc rules a published router needs, once", () => {
    const bare: RouterSettings = { ...berlin, rules: [] };
    const rules = effectiveFirewallRules(bare, [{ netname: "labnet", port: 655 }]);
    expect(rules.map((rule) => `${rule.name} ${rule.proto.join("+")} ${rule.destPort}`)).toEqual([
      "Allow-tinc-labnet tcp+udp 655",
      "netbios ssession service tcp 139",
      "Samba over TCP/IP tcp+udp 445",
    ]);
    expect(effectiveFirewallRules(berlin, [])).toEqual(berlin.rules);
  });

  it("keeps the model's rules first, so an explicit drop still wins", () => {
    const closed: RouterSettings = {
      ...berlin,
      rules: [
        { name: "close smb", src: "wan", dest: null, proto: ["tcp", "udp"], destPort: "445", target: "DROP" },
      ],
    };
    const rules = effectiveFirewallRules(closed, []);
    expect(wanInputRule(rules, "tcp", 445)?.name).toBe("close smb");
    expect(wanInputRule(rules, "tcp", 139)?.target).toBe("ACCEPT");
    expect(wanInputRule(rules, "tcp", 22)).toBeNull();
  });
});
