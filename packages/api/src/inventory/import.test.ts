import { renderMachineBundle } from "@labnet/config";
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { demoModel } from "@labnet/model/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, callerFor, createTeamFixture, type TeamFixture } from "../testing/fixtures";
import { rejection } from "./fixtures";
import { insertModel } from "./mapper";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

async function demoTeam() {
  const db = database.prisma;
  const team = await createTeamFixture(db, "import");
  const ids = await db.$transaction((tx) => insertModel(tx, team.teamId, demoModel), { timeout: 60_000 });
  return { team, ids, editor: api(db, callerFor(team, "editor")) };
}

function berlinFiles() {
  return renderMachineBundle(demoModel, "berlin-router", { revision: 1 })
    .files.filter((file) => file.path.startsWith("/etc/config/") || file.path.startsWith("/etc/tinc/"))
    .map((file) => ({ path: file.path, content: file.content }));
}

const dhcp = (hosts: string) => `config dnsmasq
	option leasefile '/tmp/dhcp.leases'

config dhcp 'lan'
	option interface 'lan'
	option start '100'
	option limit '150'
	option leasetime '12h'
${hosts}`;

const host = (name: string, mac: string, ip: string) =>
  `\nconfig host\n\toption name '${name}'\n\toption mac '${mac}'\n\toption ip '${ip}'\n\toption leasetime 'infinite'\n`;

describe("import of a router's files into a site", () => {
  it("finds nothing to change in the files labnet rendered for that site", async () => {
    const { ids, editor } = await demoTeam();
    const preview = await editor.importer.preview({ siteId: ids.get("site-berlin")!, files: berlinFiles() });
    expect(preview.errors).toEqual([]);
    expect(preview.blocking).toEqual([]);
    expect(preview.leases.map((lease) => [lease.hostname, lease.action])).toEqual([
      ["berlin-host", "unchanged"],
      ["berlin-ci", "unchanged"],
      ["berlin-db", "unchanged"],
    ]);
    expect(preview.site).toEqual([]);
    expect(preview.router).toEqual([]);
  });

  it("previews creates, updates and conflicts, refuses to apply while any conflict remains, then applies all at once", async () => {
    const db = database.prisma;
    const { team, ids, editor } = await demoTeam();
    const siteId = ids.get("site-berlin")!;
    const withConflict = dhcp(
      host("berlin-host", "00-15-5D-0A-0A-01", "192.168.10.6") +
        host("printer", "52:54:00:aa:bb:01", "192.168.10.40") +
        host("in-pool", "52:54:00:aa:bb:02", "192.168.10.150"),
    );
    const preview = await editor.importer.preview({
      siteId,
      files: [{ path: "/etc/config/dhcp", content: withConflict }],
    });
    expect(preview.leases.map((lease) => [lease.hostname, lease.action])).toEqual([
      ["berlin-host", "update"],
      ["printer", "create"],
      ["in-pool", "conflict"],
    ]);
    expect(preview.leases[0]!.details.ip).toBe('"192.168.10.5" → "192.168.10.6"');
    expect(preview.leases[2]!.details.ip).toMatch(/pool/);
    const leasesBefore = await db.staticLease.count({ where: { organizationId: team.teamId } });
    await expect(
      editor.importer.commit({
        siteId,
        files: [{ path: "/etc/config/dhcp", content: withConflict }],
        siteVersion: preview.siteVersion,
        routerVersion: preview.routerVersion,
      }),
    ).rejects.toThrow(/Nothing was imported: 1 problem/);
    expect(await db.staticLease.count({ where: { organizationId: team.teamId } })).toBe(leasesBefore);

    const fixed = dhcp(
      host("berlin-host", "00-15-5D-0A-0A-01", "192.168.10.6") +
        host("printer", "52:54:00:aa:bb:01", "192.168.10.40"),
    );
    const result = await editor.importer.commit({
      siteId,
      files: [{ path: "/etc/config/dhcp", content: fixed }],
      siteVersion: preview.siteVersion,
      routerVersion: preview.routerVersion,
    });
    expect(result.leases).toEqual({ created: 1, updated: 1, unchanged: 0 });
    const moved = await db.staticLease.findFirstOrThrow({
      where: { organizationId: team.teamId, hostname: "berlin-host" },
    });
    expect(moved).toMatchObject({ ip: "192.168.10.6", version: 2 });
    const events = await db.auditEvent.findMany({
      where: { organizationId: team.teamId, action: "lease.import" },
    });
    expect(events).toHaveLength(2);
  });

  it("refuses a commit when the site changed since the preview", async () => {
    const db = database.prisma;
    const { ids, editor } = await demoTeam();
    const siteId = ids.get("site-berlin")!;
    const files = [
      { path: "/etc/config/dhcp", content: dhcp(host("printer", "52:54:00:aa:bb:03", "192.168.10.41")) },
    ];
    const preview = await editor.importer.preview({ siteId, files });
    await db.site.update({ where: { id: siteId }, data: { version: { increment: 1 } } });
    await expect(
      editor.importer.commit({
        siteId,
        files,
        siteVersion: preview.siteVersion,
        routerVersion: preview.routerVersion,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("blocks a ConnectTo to a site the intranet does not have, and reports unparsable lines with their numbers", async () => {
    const { ids, editor } = await demoTeam();
    const siteId = ids.get("site-berlin")!;
    const preview = await editor.importer.preview({
      siteId,
      files: [
        {
          path: "/etc/tinc/labnet/tinc.conf",
          content: "Name = berlin\nMode = switch\nConnectTo = office\nConnectTo = atlantis\n",
        },
        { path: "/etc/tinc/labnet/hosts/office", content: "Address = vpn.office.example.net 655\n" },
        {
          path: "/etc/config/dhcp",
          content:
            "config host\n\toption mac 'zz:zz'\n\toption ip '192.168.10.9'\n\toption name 'broken'\nthis is not uci\n",
        },
      ],
    });
    expect(preview.blocking.some((problem) => problem.includes("ConnectTo atlantis"))).toBe(true);
    const uciErrors = preview.errors.filter((error) => error.file === "/etc/config/dhcp");
    expect(uciErrors.length).toBeGreaterThan(0);
    expect(uciErrors.every((error) => error.line > 0)).toBe(true);
  });

  it("lets nobody import into another team's site", async () => {
    const { ids } = await demoTeam();
    const outsider: TeamFixture = await createTeamFixture(database.prisma, "outsider");
    await expect(
      api(database.prisma, callerFor(outsider, "editor")).importer.preview({
        siteId: ids.get("site-berlin")!,
        files: berlinFiles(),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  describe("limits", () => {
    const junk = (lines: number, width = 60) =>
      Array.from({ length: lines }, (_, i) => `not a dnsmasq line ${i} ${"x".repeat(width)}`).join("\n");
    const hostsLines = (count: number) =>
      Array.from(
        { length: count },
        (_, i) =>
          `dhcp-host=52:54:00:${((i >> 8) & 255).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}:01,192.168.10.${(i % 200) + 30},h${i}`,
      ).join("\n");

    it.each([
      [
        "files",
        () => Array.from({ length: 301 }, (_, i) => ({ path: `/etc/tinc/labnet/hosts/s${i}`, content: "" })),
        "at most 300 files",
      ],
      [
        "files.0.content",
        () => [{ path: "/etc/dnsmasq.conf", content: "#".repeat(256 * 1024 + 1) }],
        "at most 256 KB",
      ],
      [
        "files",
        () =>
          Array.from({ length: 9 }, (_, i) => ({ path: `/etc/d${i}.conf`, content: "#".repeat(250_000) })),
        "at most 2,048 KB",
      ],
      ["files", () => [{ path: "/etc/dnsmasq.conf", content: "\n".repeat(20_000) }], "at most 20,000"],
      ["files", () => [{ path: "/etc/dnsmasq.d/hosts.conf", content: hostsLines(513) }], "at most 512"],
    ] as const)("refuse %s beyond the limit with a field error (%#)", async (field, files, message) => {
      const { ids, editor } = await demoTeam();
      const started = Date.now();
      const refused = await rejection(
        editor.importer.preview({ siteId: ids.get("site-berlin")!, files: files() }),
      );
      expect(refused.code).toBe("BAD_REQUEST");
      expect(Object.keys(refused.fields)).toEqual([field]);
      expect(refused.fields[field]).toContain(message);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it("lists the first 100 problems and counts the rest, so junk within the limits gets a small answer", async () => {
      const { ids, editor } = await demoTeam();
      // 19,000 unreadable lines: within the limits, each one a problem.
      const files = Array.from({ length: 19 }, (_, i) => ({
        path: `/etc/dnsmasq.d/junk-${i}.conf`,
        content: junk(1_000),
      }));
      const preview = await editor.importer.preview({ siteId: ids.get("site-berlin")!, files });
      const problems = [...preview.errors, ...preview.warnings];
      const counted = problems.length + preview.unlisted.errors + preview.unlisted.warnings;
      expect(counted).toBeGreaterThanOrEqual(19_000);
      expect(preview.errors.length).toBeLessThanOrEqual(100);
      expect(preview.warnings.length).toBeLessThanOrEqual(100);
      expect(preview.blocking.length).toBeLessThanOrEqual(100);
      expect(JSON.stringify(preview).length).toBeLessThan(100_000);
    });
  });
});
