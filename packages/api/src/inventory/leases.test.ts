// Static leases through the API as an editor: every IPAM rule with a failing and a passing case,
// version conflicts, the concurrency backstop, bulk add, filters and the CSV export.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db";
import { api, callerFor, createTeamFixture } from "../testing/fixtures";
import { createInventoryFixture, type InventoryFixture, rejection } from "./fixtures";

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

async function setup() {
  const team = await createTeamFixture(db, "leases");
  const inv = await createInventoryFixture(db, team);
  return { team, inv, editor: api(db, callerFor(team, "editor")) };
}

type Editor = Awaited<ReturnType<typeof setup>>["editor"];

function lease(inv: InventoryFixture, values: Record<string, unknown>) {
  return { siteId: inv.siteId, mac: "00:15:5d:00:00:42", hostname: "web", ...values };
}

describe("MAC addresses", () => {
  it("rejects a MAC already leased in the team, in any notation, naming the holder", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(
      editor.lease.create(lease(inv, { mac: "00-15-5D-00-00-01", ip: "192.168.10.21" })),
    );
    expect(failed.code).toBe("CONFLICT");
    expect(failed.fields.mac).toBe("MAC 00:15:5d:00:00:01 is already leased to vm1 at site alpha");
  });

  it("stores a new MAC in canonical form whatever the notation", async () => {
    const { inv, editor } = await setup();
    const created = await editor.lease.create(lease(inv, { mac: "0015.5D00.0042", ip: "192.168.10.21" }));
    expect(created.mac).toBe("00:15:5d:00:00:42");
  });

  it("allows the same MAC in another team", async () => {
    const first = await setup();
    const second = await setup();
    await first.editor.lease.create(lease(first.inv, {}));
    const created = await second.editor.lease.create(lease(second.inv, {}));
    expect(created.mac).toBe("00:15:5d:00:00:42");
  });

  it("rejects text that is not a MAC with the rule", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.lease.create(lease(inv, { mac: "00:15:5d:00:00" })));
    expect(failed.code).toBe("BAD_REQUEST");
    expect(failed.fields.mac).toContain("is not a MAC address");
  });
});

describe("IP addresses", () => {
  const cases: [string, string, string][] = [
    ["outside the site's /24", "192.168.11.5", "192.168.11.5 is outside site alpha (192.168.10.0/24)"],
    [
      "the network address",
      "192.168.10.0",
      "192.168.10.0 is the network address of site alpha (192.168.10.0/24)",
    ],
    [
      "the broadcast address",
      "192.168.10.255",
      "192.168.10.255 is the broadcast address of site alpha (192.168.10.0/24)",
    ],
    ["the router's LAN address", "192.168.10.1", "192.168.10.1 is the router's LAN address of site alpha"],
    [
      "inside the DHCP pool",
      "192.168.10.150",
      "192.168.10.150 is inside the DHCP pool of site alpha (192.168.10.100–192.168.10.249); static leases must be outside it",
    ],
  ];
  it.each(cases)("rejects an address %s", async (_label, ip, message) => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.lease.create(lease(inv, { ip })));
    expect(failed).toMatchObject({ code: "BAD_REQUEST", fields: { ip: message } });
    expect(await db.staticLease.count({ where: { siteId: inv.siteId } })).toBe(1);
  });

  it("accepts host addresses outside the pool on both sides of it", async () => {
    const { inv, editor } = await setup();
    await editor.lease.create(lease(inv, { ip: "192.168.10.99" }));
    await editor.lease.create(lease(inv, { ip: "192.168.10.250", mac: "00:15:5d:00:00:43", hostname: "db" }));
    expect(await db.staticLease.count({ where: { siteId: inv.siteId } })).toBe(3);
  });

  it("rejects an IP leased at the site, naming the holder", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.lease.create(lease(inv, { ip: "192.168.10.20" })));
    expect(failed).toMatchObject({
      code: "CONFLICT",
      fields: { ip: "192.168.10.20 is already leased to vm1 (00:15:5d:00:00:01) at site alpha" },
    });
  });

  it("takes the next free address outside the pool when none is given", async () => {
    const { inv, editor } = await setup();
    expect(await editor.lease.nextFreeIp({ siteId: inv.siteId })).toMatchObject({ ip: "192.168.10.2" });
    const created = await editor.lease.create(lease(inv, {}));
    expect(created.ip).toBe("192.168.10.2");
  });

  it("says the site is full when no address is left outside the pool", async () => {
    const { inv, editor } = await setup();
    // Pool .2–.254 leaves no static address at all (.1 is the router).
    await db.site.update({ where: { id: inv.siteId }, data: { dhcpStart: 2, dhcpLimit: 253 } });
    await db.staticLease.deleteMany({ where: { siteId: inv.siteId } });
    const failed = await rejection(editor.lease.create(lease(inv, {})));
    expect(failed.code).toBe("CONFLICT");
    expect(failed.fields.ip).toBe(
      "site alpha has no free address outside its DHCP pool (DHCP pool 192.168.10.2–192.168.10.254): shrink the pool or delete a lease",
    );
  });
});

describe("hostnames", () => {
  it("rejects a hostname that breaks RFC 1123", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.lease.create(lease(inv, { hostname: "-web" })));
    expect(failed.fields.hostname).toContain("not starting or ending with '-'");
  });

  it("stores hostnames lower-case and rejects the same name at the site in any case", async () => {
    const { inv, editor } = await setup();
    const created = await editor.lease.create(lease(inv, { hostname: "Web-1" }));
    expect(created.hostname).toBe("web-1");
    const failed = await rejection(
      editor.lease.create(lease(inv, { hostname: "WEB-1", mac: "00:15:5d:00:00:43" })),
    );
    expect(failed).toMatchObject({ code: "CONFLICT" });
    expect(failed.fields.hostname).toBe(
      "hostname web-1 is already used at site alpha (192.168.10.2, 00:15:5d:00:00:42)",
    );
  });

  it("allows the same hostname at another site", async () => {
    const { inv, editor } = await setup();
    const created = await editor.lease.create({
      siteId: inv.peerSiteId,
      mac: "00:15:5d:00:00:43",
      hostname: "vm1",
    });
    expect(created).toMatchObject({ hostname: "vm1", ip: "192.168.20.2" });
  });
});

describe("references", () => {
  it("links only a NIC of the team", async () => {
    const { inv, editor } = await setup();
    const { inv: foreign } = await setup();
    const failed = await rejection(editor.lease.create(lease(inv, { nicId: foreign.nicId })));
    expect(failed.fields.nicId).toBe("NIC not found in this team");
    const created = await editor.lease.create(lease(inv, { nicId: inv.nicId }));
    expect(created.nicId).toBe(inv.nicId);
  });

  it("answers NOT_FOUND on the site field for another team's site", async () => {
    const { editor } = await setup();
    const { inv: foreign } = await setup();
    const failed = await rejection(editor.lease.create(lease(foreign, {})));
    expect(failed).toMatchObject({ code: "NOT_FOUND", fields: { siteId: "site not found in this team" } });
  });
});

describe("optimistic concurrency", () => {
  async function editTwice(editor: Editor, inv: InventoryFixture) {
    const base = {
      id: inv.leaseId,
      version: 1,
      siteId: inv.siteId,
      mac: "00:15:5d:00:00:01",
      ip: "192.168.10.20",
      nicId: inv.nicId,
    };
    const first = await editor.lease.update({ ...base, hostname: "vm1-renamed" });
    const second = await rejection(editor.lease.update({ ...base, hostname: "vm1", ip: "192.168.10.30" }));
    return { first, second };
  }

  it("rejects an edit based on an old version and says what changed, to what", async () => {
    const { inv, editor } = await setup();
    const { first, second } = await editTwice(editor, inv);
    expect(first.version).toBe(2);
    expect(second.code).toBe("CONFLICT");
    expect(second.message).toContain("changed: hostname is now vm1-renamed");
    expect(second.fields).toEqual({
      version: "changed by someone else (now version 2)",
      hostname: "changed by someone else: hostname is now vm1-renamed",
    });
    const stored = await db.staticLease.findUniqueOrThrow({ where: { id: inv.leaseId } });
    expect(stored).toMatchObject({ hostname: "vm1-renamed", ip: "192.168.10.20", version: 2 });
  });

  it("applies an edit based on the current version", async () => {
    const { inv, editor } = await setup();
    await editTwice(editor, inv);
    const updated = await editor.lease.update({
      id: inv.leaseId,
      version: 2,
      siteId: inv.siteId,
      mac: "00:15:5d:00:00:01",
      ip: "192.168.10.30",
      hostname: "vm1",
    });
    expect(updated).toMatchObject({ ip: "192.168.10.30", hostname: "vm1", version: 3 });
  });

  it("refuses to delete a lease someone changed since it was shown", async () => {
    const { inv, editor } = await setup();
    await editTwice(editor, inv);
    const failed = await rejection(editor.lease.delete({ id: inv.leaseId, version: 1 }));
    expect(failed.code).toBe("CONFLICT");
    expect(await editor.lease.delete({ id: inv.leaseId, version: 2 })).toEqual({ id: inv.leaseId });
  });

  it("records before and after of every change in the audit log, in the same transaction", async () => {
    const { team, inv, editor } = await setup();
    await editTwice(editor, inv);
    const events = await db.auditEvent.findMany({
      where: { organizationId: team.teamId, entityType: "static_lease", entityId: inv.leaseId },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "lease.update",
      before: { hostname: "vm1", version: 1 },
      after: { hostname: "vm1-renamed", version: 2 },
    });
  });
});

describe("concurrent creations", () => {
  it("50 creations racing for the last 5 free addresses: 5 leases, 45 clear conflicts, no duplicates", async () => {
    const { inv, editor } = await setup();
    // Free static addresses .2–.6 only: the pool covers .7–.254 and vm1 moves into the pool's way.
    await db.staticLease.deleteMany({ where: { siteId: inv.siteId } });
    await db.site.update({ where: { id: inv.siteId }, data: { dhcpStart: 7, dhcpLimit: 248 } });
    const free = ["192.168.10.2", "192.168.10.3", "192.168.10.4", "192.168.10.5", "192.168.10.6"];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        editor.lease.create({
          siteId: inv.siteId,
          mac: `00:15:5d:00:10:${i.toString(16).padStart(2, "0")}`,
          hostname: `racer-${i}`,
          ip: free[i % free.length],
        }),
      ),
    );
    const created = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const failed = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(created).toHaveLength(5);
    expect(failed).toHaveLength(45);
    for (const error of failed) {
      const { code, fields } = await rejection(Promise.reject(error));
      expect(code).toBe("CONFLICT");
      expect(fields.ip).toMatch(
        /^192\.168\.10\.[2-6] is already leased to racer-\d+ \(00:15:5d:00:10:[0-9a-f]{2}\) at site alpha$/,
      );
    }
    const stored = await db.staticLease.findMany({ where: { siteId: inv.siteId }, select: { ip: true } });
    expect(stored.map((row) => row.ip).sort()).toEqual(free);
  }, 60_000);

  it("50 creations without an address share the last 5: the rest learn the site is full", async () => {
    const { inv, editor } = await setup();
    await db.staticLease.deleteMany({ where: { siteId: inv.siteId } });
    await db.site.update({ where: { id: inv.siteId }, data: { dhcpStart: 7, dhcpLimit: 248 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        editor.lease.create({
          siteId: inv.siteId,
          mac: `00:15:5d:00:20:${i.toString(16).padStart(2, "0")}`,
          hostname: `auto-${i}`,
        }),
      ),
    );
    const failed = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    const stored = await db.staticLease.findMany({ where: { siteId: inv.siteId }, select: { ip: true } });
    expect(new Set(stored.map((row) => row.ip)).size).toBe(stored.length);
    expect(stored).toHaveLength(5);
    expect(failed).toHaveLength(45);
    for (const error of failed) {
      const { code, fields } = await rejection(Promise.reject(error));
      expect(code).toBe("CONFLICT");
      expect(fields.ip).toContain("site alpha has no free address outside its DHCP pool");
    }
  }, 60_000);
});

describe("bulk add", () => {
  const paste = [
    "# vm farm",
    "00-15-5D-00-00-50 192.168.10.50 build-1",
    "",
    "0015.5d00.0051, 192.168.10.51, build-2",
    "00:15:5d:00:00:01 192.168.10.52 build-3",
    "00:15:5d:00:00:53 192.168.10.150 build-4",
    "00:15:5d:00:00:54 192.168.10.50 build-5",
    "00:15:5d:00:00:55 192.168.10.55",
  ].join("\n");

  it("previews each line as would-create or with the reason it conflicts", async () => {
    const { inv, editor } = await setup();
    const preview = await editor.lease.bulkPreview({ siteId: inv.siteId, text: paste });
    expect(preview.rows.map((row) => [row.line, row.status, row.problems])).toEqual([
      [2, "create", {}],
      [4, "create", {}],
      [5, "error", { mac: "MAC 00:15:5d:00:00:01 is already leased to vm1 at site alpha" }],
      [
        6,
        "error",
        {
          ip: "192.168.10.150 is inside the DHCP pool of site alpha (192.168.10.100–192.168.10.249); static leases must be outside it",
        },
      ],
      [7, "error", { ip: "ip 192.168.10.50 is also on line 2 of the paste" }],
      [8, "error", { line: 'expected 3 columns "MAC IP hostname", found 2' }],
    ]);
    expect(preview).toMatchObject({ creates: 2, errors: 4 });
    expect(await db.staticLease.count({ where: { siteId: inv.siteId } })).toBe(1);
  });

  it("applies all lines in one transaction, or none when one conflicts", async () => {
    const { inv, editor } = await setup();
    const good = [
      { mac: "00:15:5d:00:00:50", ip: "192.168.10.50", hostname: "build-1" },
      { mac: "00:15:5d:00:00:51", ip: "192.168.10.51", hostname: "build-2" },
    ];
    const failed = await rejection(
      editor.lease.bulkApply({
        siteId: inv.siteId,
        lines: [...good, { mac: "00:15:5d:00:00:52", ip: "192.168.10.20", hostname: "build-3" }],
      }),
    );
    expect(failed.code).toBe("CONFLICT");
    expect(failed.fields).toEqual({
      "lines.2.ip": "192.168.10.20 is already leased to vm1 (00:15:5d:00:00:01) at site alpha",
    });
    expect(await db.staticLease.count({ where: { siteId: inv.siteId } })).toBe(1);
    expect(await editor.lease.bulkApply({ siteId: inv.siteId, lines: good })).toEqual({ created: 2 });
    expect(await db.staticLease.count({ where: { siteId: inv.siteId } })).toBe(3);
  });
});

describe("list and export", () => {
  it("filters by site, by any notation of part of a MAC and by hostname, with a total for paging", async () => {
    const { inv, editor } = await setup();
    await editor.lease.bulkApply({
      siteId: inv.siteId,
      lines: [
        ...Array.from({ length: 12 }, (_, i) => ({
          mac: `00:15:5d:aa:00:${(i + 16).toString(16)}`,
          ip: `192.168.10.${30 + i}`,
          hostname: `node-${i}`,
        })),
        { mac: "00:15:5d:bb:00:01", ip: "192.168.10.9", hostname: "early" },
      ],
    });
    const page = await editor.lease.list({ siteId: inv.siteId, pageSize: 5, page: 3 });
    expect(page).toMatchObject({ total: 14, page: 3 });
    expect(page.items).toHaveLength(4);
    const byMac = await editor.lease.list({ mac: "5D-AA-00-1" });
    expect(byMac.total).toBe(12);
    expect((await editor.lease.list({ mac: "0015.5daa.001a" })).items.map((row) => row.hostname)).toEqual([
      "node-10",
    ]);
    const byHostname = await editor.lease.list({ hostname: "NODE-1" });
    expect(byHostname.items.map((row) => row.hostname)).toEqual(["node-1", "node-10", "node-11"]);
    // Addresses sort as numbers across pages: .9 before .20 (text order would not).
    const byIp = await editor.lease.list({ siteId: inv.siteId, sort: "ip", pageSize: 3 });
    expect(byIp.items.map((row) => row.ip)).toEqual(["192.168.10.9", "192.168.10.20", "192.168.10.30"]);
    expect(byIp.items[1]).toMatchObject({ siteTincName: "alpha", nicLabel: "vm1 eth0" });
    const byIpPage2 = await editor.lease.list({
      sort: "ip",
      direction: "desc",
      pageSize: 3,
      page: 2,
      hostname: "node",
    });
    expect(byIpPage2.items.map((row) => row.ip)).toEqual(["192.168.10.38", "192.168.10.37", "192.168.10.36"]);
  });

  it("exports CSV with quoting and neutralised formulas", async () => {
    const { inv, editor } = await setup();
    await db.staticLease.update({ where: { id: inv.leaseId }, data: { tags: ["=cmd", "a,b"] } });
    const { csv, rows } = await editor.lease.exportCsv({});
    expect(rows).toBe(1);
    expect(csv).toBe(
      'site,hostname,mac,ip,lease_time,tags,nic\r\nalpha,vm1,00:15:5d:00:00:01,192.168.10.20,infinite,"\'=cmd a,b",vm1 eth0\r\n',
    );
  });
});
