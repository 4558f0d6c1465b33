// Numbers and dates an attacker (or a hand-edited URL) sends to the list and history procedures:
// each must come back as a field error naming the field, never as a 500 from the database.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInventoryFixture, type InventoryFixture, rejection } from "../inventory/fixtures";
import { api, callerFor, createTeamFixture } from "../testing/fixtures";

let database: TestDatabase;
let inventory: InventoryFixture;
let owner: ReturnType<typeof api>;
beforeAll(async () => {
  database = await createTestDatabase();
  const team = await createTeamFixture(database.prisma, "hostile");
  inventory = await createInventoryFixture(database.prisma, team);
  owner = api(database.prisma, callerFor(team, "owner"));
}, 60_000);
afterAll(() => database?.drop());

type Call = (input: Record<string, unknown>) => Promise<unknown>;
const lists: Record<string, () => { call: Call; base: Record<string, unknown> }> = {
  "audit.list": () => ({ call: owner.audit.list as Call, base: {} }),
  "lab.list": () => ({ call: owner.lab.list as Call, base: {} }),
  "machine.list": () => ({ call: owner.machine.list as Call, base: {} }),
  "intranet.list": () => ({ call: owner.intranet.list as Call, base: {} }),
  "site.list": () => ({ call: owner.site.list as Call, base: {} }),
  "lease.list": () => ({ call: owner.lease.list as Call, base: {} }),
  "agent.list": () => ({ call: owner.agent.list as Call, base: {} }),
  "agent.reports": () => ({ call: owner.agent.reports as Call, base: { machineId: inventory.routerId } }),
  "plan.list": () => ({ call: owner.plan.list as Call, base: {} }),
  "plan.machineRevisions": () => ({
    call: owner.plan.machineRevisions as Call,
    base: { machineId: inventory.routerId },
  }),
  "insight.findings": () => ({ call: owner.insight.findings as Call, base: {} }),
};

const badPages: [string, Record<string, unknown>][] = [
  ["page", { page: 0 }],
  ["page", { page: -1 }],
  ["page", { page: 1.5 }],
  ["page", { page: Number.POSITIVE_INFINITY }],
  ["page", { page: Number.NaN }],
  ["page", { page: "2" }],
  ["pageSize", { pageSize: 0 }],
  ["pageSize", { pageSize: -50 }],
  ["pageSize", { pageSize: 1_000_000 }],
  ["pageSize", { pageSize: Number.POSITIVE_INFINITY }],
];

describe.each(Object.keys(lists))("%s", (path) => {
  it.each(badPages)("refuses a bad %s (%j) with a field error", async (field, bad) => {
    const { call, base } = lists[path]!();
    const refused = await rejection(call({ ...base, ...bad }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual([field]);
  });

  it("answers a page far past the end with no rows, not an error", async () => {
    const { call, base } = lists[path]!();
    const page = (await call({ ...base, page: Number.MAX_SAFE_INTEGER })) as { items?: unknown[] };
    expect(page.items ?? page).toEqual([]);
  });
});

describe("audit.list dates", () => {
  it.each([
    ["from", { from: new Date(8.64e15) }, "before the year 10000"],
    ["to", { to: new Date(-8.64e15) }, "1970 or later"],
    ["from", { from: "+275760-09-13T00:00:00.000Z" }, "before the year 10000"],
    ["to", { to: "0001-01-01" }, "1970 or later"],
    ["from", { from: "2026-13-45" }, "must be a date"],
    ["from", { from: "yesterday" }, "must be a date"],
    ["from", { from: "2026-12-03", to: "2026-12-01" }, "before 'to'"],
  ])("refuse a bad %s (%j) with a field error", async (field, bad, message) => {
    const refused = await rejection(owner.audit.list(bad as never));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual([field]);
    expect(refused.fields[field]).toContain(message);
  });

  it("accept the widest allowed range and a day", async () => {
    await expect(
      owner.audit.list({ from: new Date("1970-01-01T00:00:00Z"), to: new Date("9999-12-31T00:00:00Z") }),
    ).resolves.toMatchObject({ page: 1 });
    await expect(
      owner.audit.list({ from: new Date("2026-12-03"), to: new Date("2026-12-03") }),
    ).resolves.toMatchObject({
      total: 0,
    });
  });
});

describe("revision numbers", () => {
  it.each([
    ["from", { from: 2 ** 31, to: 1 }],
    ["to", { from: 1, to: Number.MAX_SAFE_INTEGER }],
    ["from", { from: 0, to: 1 }],
  ])("refuse a bad %s (%j) with a field error", async (field, bad) => {
    const refused = await rejection(owner.plan.revisionDiff({ machineId: inventory.routerId, ...bad }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual([field]);
  });
});

describe("versions", () => {
  // Every mutation that carries a row version: a version beyond 32 bits made the deletes answer 500.
  const versioned: [string, (version: number) => Promise<unknown>][] = [
    ["lab.delete", (version) => owner.lab.delete({ id: inventory.labId, version })],
    ["lab.update", (version) => owner.lab.update({ id: inventory.labId, version, name: "x1" })],
    ["machine.delete", (version) => owner.machine.delete({ id: inventory.vmId, version })],
    ["vswitch.delete", (version) => owner.vswitch.delete({ id: inventory.vswitchId, version })],
    ["nic.delete", (version) => owner.nic.delete({ id: inventory.nicId, version })],
    ["intranet.delete", (version) => owner.intranet.delete({ id: inventory.intranetId, version })],
    ["site.delete", (version) => owner.site.delete({ id: inventory.siteId, version })],
    ["lease.delete", (version) => owner.lease.delete({ id: inventory.leaseId, version })],
    [
      "router.updateSettings",
      (version) =>
        owner.router.updateSettings({ machineId: inventory.routerId, version, openwrtVersion: "23.05.4" }),
    ],
    ["plan.discard", (version) => owner.plan.discard({ id: "plan-id", version })],
  ];

  it.each(versioned)("%s refuses a version beyond 32 bits with a field error", async (_path, call) => {
    const refused = await rejection(call(2 ** 31));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual(["version"]);
  });

  it("importer.commit refuses site and router versions beyond 32 bits", async () => {
    const refused = await rejection(
      owner.importer.commit({
        siteId: inventory.siteId,
        files: [{ path: "dnsmasq.hosts.conf", content: "" }],
        siteVersion: 2 ** 31,
        routerVersion: 2 ** 31,
      }),
    );
    expect(Object.keys(refused.fields).sort()).toEqual(["routerVersion", "siteVersion"]);
  });
});
