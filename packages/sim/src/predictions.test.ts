import { demoModel } from "@labnet/model/demo";
import { describe, expect, it } from "vitest";
import { byId, demoWith } from "./fixtures";
import { predictions } from "./predictions";

describe("predictions(demo)", () => {
  const rows = predictions(demoModel);

  it("predicts reachability and path MTU for every ordered pair", () => {
    expect(rows.pairs).toContainEqual({
      from: "berlin-ci-eth0",
      to: "hamburg-build-eth0",
      reachable: true,
      pathMtu: 1373,
      pathMtuCertain: false,
    });
    expect(rows.pairs).toContainEqual({
      from: "berlin-ci-eth0",
      to: "berlin-db-eth0",
      reachable: true,
      pathMtu: 1500,
      pathMtuCertain: true,
    });
    expect(rows.pairs).toContainEqual({
      from: "berlin-router-wan",
      to: "berlin-ci-eth0",
      reachable: false,
      pathMtu: null,
      pathMtuCertain: true,
    });
    // Only tunnels through hamburg's ICMP-dropping LTE hop are upper bounds.
    const bounds = rows.pairs.filter((pair) => !pair.pathMtuCertain);
    expect(bounds.length).toBeGreaterThan(0);
    expect(bounds.every((pair) => pair.from.startsWith("hamburg") || pair.to.startsWith("hamburg"))).toBe(
      true,
    );
    const sorted = [...rows.pairs].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
    expect(rows.pairs.map((p) => `${p.from}>${p.to}`)).toEqual(sorted.map((p) => `${p.from}>${p.to}`));
  });

  it("predicts bulk TCP downloads: hamburg stalls, berlin is uncertain, munich completes", () => {
    const byFrom = new Map(rows.internet.map((row) => [row.from, row]));
    expect(byFrom.get("hamburg-build-eth0")).toEqual({
      from: "hamburg-build-eth0",
      reachable: true,
      pathMtu: 1428,
      bulkTcpDownload: "stalls",
    });
    expect(byFrom.get("berlin-ci-eth0")?.bulkTcpDownload).toBe("uncertain");
    expect(byFrom.get("munich-files-eth0")?.bulkTcpDownload).toBe("completes");
  });

  it("predicts each DHCP client's address", () => {
    expect(rows.dhcp).toContainEqual({
      nicId: "berlin-host-lan",
      mac: "00:15:5d:0a:0a:01",
      siteId: "site-berlin",
      serverId: "berlin-router",
      ip: "192.168.10.5",
      source: "static-lease",
    });
    expect(rows.dhcp.every((row) => row.source === "static-lease")).toBe(true);
  });

  it("names a site's Linux DHCP server, which needs a static LAN address and cannot serve itself", () => {
    const served = predictions(
      demoWith((input) => {
        byId(input.sites, "site-berlin").dhcpServerId = "berlin-db";
        const nic = byId(input.nics, "berlin-db-eth0");
        nic.addressing = "static-ip";
        nic.staticIp = "192.168.10.21";
      }),
    );
    const berlin = served.dhcp.filter((row) => row.siteId === "site-berlin");
    expect(berlin.length).toBeGreaterThan(0);
    expect(berlin.every((row) => row.serverId === "berlin-db" && row.source === "static-lease")).toBe(true);
    expect(served.dhcp.find((row) => row.nicId === "munich-files-eth0")?.serverId).toBe("munich-router");

    // The server still asks for its own address by DHCP: nobody answers anyone on that LAN.
    const unaddressed = predictions(
      demoWith((input) => (byId(input.sites, "site-berlin").dhcpServerId = "berlin-db")),
    );
    const orphaned = unaddressed.dhcp.filter((row) => row.siteId === "site-berlin");
    expect(orphaned.map((row) => row.nicId)).toContain("berlin-db-eth0");
    expect(orphaned.every((row) => row.source === "no-dhcp-server" && row.ip === null)).toBe(true);
  });
});
