// Sites and intranets through the API: segment allocation, tinc names, ConnectTo, router and LAN
// address rules, each with a failing and a passing case.
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
  const team = await createTeamFixture(db, "sites");
  const inv = await createInventoryFixture(db, team);
  return { team, inv, editor: api(db, callerFor(team, "editor")) };
}

function site<T extends object>(inv: InventoryFixture, values: T = {} as T) {
  return { intranetId: inv.intranetId, routerId: inv.routerId, tincName: "gamma", ...values };
}

describe("segments", () => {
  it("proposes the next free /24, skipping reserved and used segments", async () => {
    const { inv, editor } = await setup();
    expect(await editor.site.nextFreeSegment({ intranetId: inv.intranetId })).toEqual({
      segment: 2,
      subnet: "192.168.2.0/24",
      lanIp: "192.168.2.1",
    });
    const created = await editor.site.create(site(inv));
    expect(created).toMatchObject({ segment: 2, lanIp: "192.168.2.1" });
  });

  it("rejects a segment outside the intranet", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.site.create(site(inv, { segment: 256 })));
    expect(failed).toMatchObject({
      code: "BAD_REQUEST",
      fields: { segment: "segment 256 is outside 192.168.0.0/16 (segments 0–255)" },
    });
  });

  it("rejects a reserved segment", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.site.create(site(inv, { segment: 1 })));
    expect(failed.fields.segment).toBe("segment 1 is reserved in intranet corp");
  });

  it("rejects a segment another site uses, naming it", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.site.create(site(inv, { segment: 20 })));
    expect(failed).toMatchObject({
      code: "CONFLICT",
      fields: { segment: "segment 20 (192.168.20.0/24) is already used by site beta" },
    });
    expect(await editor.site.create(site(inv, { segment: 21 }))).toMatchObject({ lanIp: "192.168.21.1" });
  });

  it("keeps a site's leases valid: no segment move while leases live in the old one", async () => {
    const { inv, editor } = await setup();
    const base = { id: inv.siteId, version: 1, ...site(inv, { tincName: "alpha", lanIp: "192.168.11.1" }) };
    const failed = await rejection(editor.site.update({ ...base, segment: 11 }));
    expect(failed.fields.segment).toBe(
      "lease vm1 would break: 192.168.10.20 is outside site alpha (192.168.11.0/24). Move or delete it first",
    );
    await db.staticLease.deleteMany({ where: { siteId: inv.siteId } });
    expect(await editor.site.update({ ...base, segment: 11 })).toMatchObject({ segment: 11, version: 2 });
  });

  it("rejects a DHCP pool that would swallow an existing lease", async () => {
    const { inv, editor } = await setup();
    const base = {
      id: inv.siteId,
      version: 1,
      ...site(inv, { tincName: "alpha", segment: 10, lanIp: "192.168.10.1" }),
    };
    const failed = await rejection(editor.site.update({ ...base, dhcpStart: 10, dhcpLimit: 100 }));
    expect(failed.fields.dhcpStart).toContain("lease vm1 would break: 192.168.10.20 is inside the DHCP pool");
    expect(await editor.site.update({ ...base, dhcpStart: 50, dhcpLimit: 100 })).toMatchObject({
      dhcpStart: 50,
    });
  });

  it("rejects a pool running past .254", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.site.create(site(inv, { dhcpStart: 200, dhcpLimit: 100 })));
    expect(failed.fields.dhcpLimit).toBe(
      "the DHCP pool .200–.299 runs past .254: lower the start or the limit",
    );
  });
});

describe("tinc names", () => {
  it("rejects characters tinc does not allow", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.site.create(site(inv, { tincName: "site-3" })));
    expect(failed.fields.tincName).toBe("tinc names may contain only letters, digits and '_'");
    expect(await editor.site.create(site(inv, { tincName: "site_3" }))).toMatchObject({ tincName: "site_3" });
  });

  it("rejects a tinc name already used in the intranet", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.site.create(site(inv, { tincName: "beta" })));
    expect(failed).toMatchObject({
      code: "CONFLICT",
      fields: { tincName: "tinc name beta is already used in intranet corp" },
    });
  });
});

describe("ConnectTo", () => {
  it("joins sites of the same intranet", async () => {
    const { inv, editor } = await setup();
    const created = await editor.site.create(site(inv, { connectTo: [inv.siteId, inv.peerSiteId] }));
    expect(created.connectTo).toEqual([inv.siteId, inv.peerSiteId]);
    const detail = await editor.intranet.get({ id: inv.intranetId });
    expect(detail.sites.find((s) => s.tincName === "gamma")?.connectTo).toEqual([inv.siteId, inv.peerSiteId]);
  });

  it("rejects a site of another intranet", async () => {
    const { team, inv, editor } = await setup();
    const other = await db.intranet.create({
      data: { organizationId: team.teamId, name: "lab", netname: "lab", cidr: "10.0.0.0/16" },
    });
    const otherSite = await db.site.create({
      data: {
        organizationId: team.teamId,
        intranetId: other.id,
        routerId: inv.routerId,
        tincName: "far",
        segment: 5,
        lanIp: "10.0.5.1",
      },
    });
    const failed = await rejection(editor.site.create(site(inv, { connectTo: [otherSite.id] })));
    expect(failed.fields.connectTo).toBe(
      "site far is in another intranet: ConnectTo only joins sites of the same intranet",
    );
  });

  it("rejects ConnectTo itself", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(
      editor.site.update({
        id: inv.siteId,
        version: 1,
        ...site(inv, { tincName: "alpha", segment: 10, lanIp: "192.168.10.1", connectTo: [inv.siteId] }),
      }),
    );
    expect(failed.fields.connectTo).toBe("a site cannot ConnectTo itself");
  });
});

describe("router and LAN address", () => {
  it("must be served by a router machine of the team", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.site.create(site(inv, { routerId: inv.vmId })));
    expect(failed.fields.routerId).toBe("a site is served by a router machine");
    const { inv: foreign } = await setup();
    const foreignRouter = await rejection(editor.site.create(site(inv, { routerId: foreign.routerId })));
    expect(foreignRouter.fields.routerId).toBe("router not found in this team");
  });

  it("puts the LAN address inside the segment and outside the pool", async () => {
    const { inv, editor } = await setup();
    const outside = await rejection(editor.site.create(site(inv, { segment: 3, lanIp: "192.168.4.1" })));
    expect(outside.fields.lanIp).toBe(
      "LAN address 192.168.4.1 must be a host address of 192.168.3.0/24 (192.168.3.1–192.168.3.254)",
    );
    const inPool = await rejection(editor.site.create(site(inv, { segment: 3, lanIp: "192.168.3.100" })));
    expect(inPool.fields.lanIp).toBe(
      "LAN address 192.168.3.100 is inside the DHCP pool 192.168.3.100–192.168.3.249",
    );
    expect(await editor.site.create(site(inv, { segment: 3, lanIp: "192.168.3.254" }))).toMatchObject({
      lanIp: "192.168.3.254",
    });
  });
});

describe("intranets", () => {
  it("rejects a CIDR smaller than a /24", async () => {
    const { editor } = await setup();
    const failed = await rejection(
      editor.intranet.create({ name: "tiny", netname: "tiny", cidr: "10.1.1.0/25" }),
    );
    expect(failed.fields.cidr).toBe("10.1.1.0/25 is smaller than a /24: an intranet holds /24 site segments");
    expect(
      await editor.intranet.create({ name: "tiny", netname: "tiny", cidr: "10.1.1.0/24" }),
    ).toMatchObject({
      cidr: "10.1.1.0/24",
    });
  });

  it("rejects a CIDR overlapping another intranet of the team", async () => {
    const { editor } = await setup();
    const failed = await rejection(
      editor.intranet.create({ name: "lab", netname: "lab", cidr: "192.168.128.0/17" }),
    );
    expect(failed.fields.cidr).toBe("192.168.128.0/17 overlaps intranet corp (192.168.0.0/16)");
    expect(
      await editor.intranet.create({ name: "lab", netname: "lab", cidr: "172.16.0.0/16" }),
    ).toMatchObject({
      cidr: "172.16.0.0/16",
    });
  });

  it("rejects a netname used by another intranet of the team", async () => {
    const { editor } = await setup();
    const failed = await rejection(
      editor.intranet.create({ name: "second", netname: "corp", cidr: "10.2.0.0/16" }),
    );
    expect(failed).toMatchObject({
      code: "CONFLICT",
      fields: { netname: "netname corp is already used by intranet corp" },
    });
  });

  it("will not reserve a segment a site uses, nor move the CIDR under its sites", async () => {
    const { inv, editor } = await setup();
    const base = { id: inv.intranetId, version: 1, name: "corp", netname: "corp", cidr: "192.168.0.0/16" };
    const reserved = await rejection(editor.intranet.update({ ...base, reservedSegments: [0, 10] }));
    expect(reserved.fields.reservedSegments).toBe("segment 10 is used by site alpha");
    const moved = await rejection(editor.intranet.update({ ...base, cidr: "10.0.0.0/16" }));
    expect(moved.fields.cidr).toContain("the intranet has 2 sites");
    expect(await editor.intranet.update({ ...base, reservedSegments: [0, 1, 2] })).toMatchObject({
      version: 2,
    });
  });

  it("lists what deleting it removes, then removes it", async () => {
    const { inv, editor } = await setup();
    expect(await editor.intranet.dependents({ id: inv.intranetId })).toEqual({
      name: "corp",
      dependents: ["2 sites (alpha, beta)", "1 static lease"],
    });
    const removed = await editor.intranet.delete({ id: inv.intranetId, version: 1 });
    expect(removed.removed).toEqual(["2 sites (alpha, beta)", "1 static lease"]);
    expect(await db.site.count({ where: { intranetId: inv.intranetId } })).toBe(0);
  });
});

describe("site deletion", () => {
  it("names the leases and the sites whose ConnectTo points at it", async () => {
    const { inv, editor } = await setup();
    await db.siteConnect.create({ data: { siteId: inv.peerSiteId, peerId: inv.siteId, position: 0 } });
    expect(await editor.site.dependents({ id: inv.siteId })).toEqual({
      name: "alpha",
      dependents: ["1 static lease", "the ConnectTo entries of beta pointing at alpha"],
    });
    await editor.site.delete({ id: inv.siteId, version: 1 });
    expect(await db.staticLease.count({ where: { siteId: inv.siteId } })).toBe(0);
    expect(await db.siteConnect.count({ where: { peerId: inv.siteId } })).toBe(0);
  });
});

describe("concurrent site creation", () => {
  it("12 sites created at once without a segment each get a different free segment", async () => {
    const { inv, editor } = await setup();
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => editor.site.create(site(inv, { tincName: `rush_${i}` }))),
    );
    const segments = created.map((row) => row.segment).sort((a, b) => a - b);
    expect(segments).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]);
    expect(new Set(created.map((row) => row.lanIp)).size).toBe(12);
  }, 60_000);
});
