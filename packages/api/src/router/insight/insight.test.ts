// The insight API on the demo network in a real database: what each view says, that answers come
// from the cached analysis until an inventory row changes, and that ids of other teams stay unknown.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { demoModel } from "@labnet/model/demo";
import { pairGradeFromCode } from "@labnet/sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import type { Database } from "../../db";
import { insertModel } from "../../inventory/mapper";
import { api, callerFor, createTeamFixture, type TeamFixture } from "../../testing/fixtures";
import { insightStats } from "./cache";

let database: TestDatabase;
let db: Database;
let team: TeamFixture;
/** Demo model id → database id. */
let ids: Map<string, string>;
const id = (modelId: string) => ids.get(modelId)!;
const viewer = () => api(db, callerFor(team, "viewer"));
/** Uplink hops get database ids the model map does not return: find them by router and name. */
const hopId = async (router: string, name: string) =>
  (await db.uplinkHop.findFirstOrThrow({ where: { routerId: id(router), name } })).id;
/** The zod issue a call was rejected with, as the UI receives it: field path → message. */
async function rejectedFields(call: Promise<unknown>): Promise<Record<string, string>> {
  const error = await call.then(
    () => {
      throw new Error("the call was accepted");
    },
    (rejection: unknown) => rejection as { code: string; cause: ZodError },
  );
  expect(error.code).toBe("BAD_REQUEST");
  return Object.fromEntries(error.cause.issues.map((issue) => [issue.path.join("."), issue.message]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  team = await createTeamFixture(db, "insight");
  ids = await db.$transaction((tx) => insertModel(tx, team.teamId, demoModel), { timeout: 60_000 });
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

describe("insight.mesh", () => {
  it("draws the demo intranet: four sites in segment order, every ConnectTo an edge", async () => {
    const mesh = await viewer().insight.mesh();
    expect(mesh.intranets).toHaveLength(1);
    const intranet = mesh.intranets[0]!;
    expect(intranet).toMatchObject({ name: "Corporate intranet", mode: "switch", connected: true });
    expect(intranet.sites.map((site) => [site.tincName, site.subnet, site.labName])).toEqual([
      ["berlin", "192.168.10.0/24", "berlin-notebook"],
      ["munich", "192.168.20.0/24", "munich-notebook"],
      ["hamburg", "192.168.30.0/24", "hamburg-notebook"],
      ["office", "192.168.40.0/24", "office-rack"],
    ]);
    expect(intranet.edges).toHaveLength(12);
    expect(intranet.sites.every((site) => !site.underConnected && site.connectToCount === 3)).toBe(true);
    // The tunnel-MTU and black-hole findings name hamburg; its LTE hop drops ICMP frag-needed.
    const hamburg = intranet.sites.find((site) => site.tincName === "hamburg")!;
    expect(hamburg.findings.error).toBeGreaterThan(0);
    expect(hamburg.labId).toBe(id("lab-hamburg"));
    expect(mesh.labsWithoutSite).toEqual([{ id: team.labId, name: expect.any(String) }]);
  });
});

describe("insight.path", () => {
  it("explains berlin's PPPoE and double-NAT way out hop by hop, with its MTU verdict", async () => {
    const path = await viewer().insight.path({ from: id("berlin-ci-eth0"), to: "internet" });
    expect(path).toMatchObject({ reachable: true, pathMtu: 1492, grade: "uncertain" });
    expect(path.largePacket).toMatchObject({ tcp: "ok", udp: "fragmented", certain: false });
    expect(path.largePacket?.fix).toContain("1452");
    const hops = new Map(path.hops.map((hop) => [hop.name, hop]));
    expect(hops.get("berlin-ci eth0")).toMatchObject({
      mtu: 1500,
      detail: "00:15:5d:0a:0a:10 · 192.168.10.20",
    });
    expect(hops.get("berlin-router")).toMatchObject({
      nat: true,
      clamp: "mtu_fix: MSS 1460 (its WAN MTU 1500)",
    });
    expect(hops.get("home router")).toMatchObject({ nat: true, icmp: "passes", mtu: 1500 });
    expect(hops.get("DSL modem (PPPoE)")).toMatchObject({
      nat: true,
      icmp: "unknown",
      mtu: 1492,
      overhead: { bytes: 8, what: "pppoe" },
    });
    expect(path.hops.at(-1)?.kind).toBe("internet");
  });

  it("shows the tinc hop's overhead and clamp across the mesh", async () => {
    const path = await viewer().insight.path({ from: id("berlin-ci-eth0"), to: id("hamburg-build-eth0") });
    expect(path).toMatchObject({ reachable: true, pathMtu: 1373, grade: "degraded" });
    const tinc = path.hops.find((hop) => hop.kind === "tinc")!;
    expect(tinc).toMatchObject({ mtu: 1373, icmp: "forges", clamp: "ClampMSS: MSS 1333", nat: false });
    // tinc 1.0 on a 1428-byte outer path: frame 1387 → outer 1424, 37 bytes of overhead.
    expect(tinc.overhead?.bytes).toBe(37);
  });

  it("says where and why a blocked path stops", async () => {
    const path = await viewer().insight.path({ from: id("berlin-router-wan"), to: id("munich-files-eth0") });
    expect(path.reachable).toBe(false);
    expect(path.grade).toBe("blocked");
    expect(path.reason).toMatch(/no intranet joins/);
  });

  it("answers NOT_FOUND naming the field for an unknown endpoint or another team's NIC", async () => {
    await expect(viewer().insight.path({ from: "nope", to: "internet" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      cause: { fields: { from: expect.stringContaining("no such endpoint") } },
    });
    const other = await createTeamFixture(db, "other");
    const otherIds = await db.$transaction((tx) => insertModel(tx, other.teamId, demoModel), {
      timeout: 60_000,
    });
    await expect(
      viewer().insight.path({ from: "internet", to: otherIds.get("berlin-ci-eth0")! }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", cause: { fields: { to: expect.any(String) } } });
  });

  it("rejects an empty endpoint with a field message", async () => {
    expect(await rejectedFields(viewer().insight.path({ from: " ", to: "internet" }))).toEqual({
      from: "pick an endpoint",
    });
  });
});

describe("insight.matrix", () => {
  it("groups endpoints by site in segment order, the internet last, with class grades", async () => {
    const matrix = await viewer().insight.matrix();
    expect(matrix.groups.map((group) => group.label)).toEqual([
      "berlin",
      "munich",
      "hamburg",
      "office",
      "internet",
    ]);
    expect(matrix.grades).toHaveLength(matrix.classCount ** 2);
    const endpoint = (nic: string) =>
      matrix.groups.flatMap((group) => group.endpoints).find((candidate) => candidate.id === nic)!;
    const grade = (from: string, to: string) =>
      pairGradeFromCode(
        matrix.grades[endpoint(from).classIndex * matrix.classCount + endpoint(to).classIndex]!,
      );
    expect(grade(id("berlin-ci-eth0"), id("hamburg-build-eth0"))).toBe("degraded");
    expect(grade(id("hamburg-build-eth0"), "internet")).toBe("black-hole");
    expect(grade(id("berlin-router-wan"), id("munich-files-eth0"))).toBe("blocked");
  });
});

describe("insight.lab", () => {
  it("draws berlin's lab with NIC addresses and the findings pinned to the PPPoE modem", async () => {
    const lab = await viewer().insight.lab({ labId: id("lab-berlin") });
    expect(lab.lab.name).toBe("berlin-notebook");
    expect(lab.machines.map((machine) => machine.name).sort()).toEqual([
      "berlin-ci",
      "berlin-db",
      "berlin-host",
      "berlin-router",
    ]);
    const ci = lab.machines.find((machine) => machine.name === "berlin-ci")!;
    expect(ci.nics[0]).toMatchObject({
      ip: "192.168.10.20",
      ipSource: "static-lease",
      mac: "00:15:5d:0a:0a:10",
    });
    expect(lab.routers[0]).toMatchObject({
      tincName: "berlin",
      internet: {
        pathMtu: 1492,
        grade: "uncertain",
        narrowestHopId: await hopId("berlin-router", "DSL modem (PPPoE)"),
      },
    });
    const modemId = await hopId("berlin-router", "DSL modem (PPPoE)");
    const modem = lab.markers.find((marker) => marker.nodeId === modemId);
    expect(modem?.findings.map((finding) => finding.title)).toContain(
      "Possible PMTUD black hole (ICMP handling unknown)",
    );
  });

  it("does not find another team's lab", async () => {
    const other = await createTeamFixture(db, "other-lab");
    await expect(viewer().insight.lab({ labId: other.labId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("insight.findings", () => {
  it("filters by severity, rule and site, pages, and counts what each filter would show", async () => {
    const all = await viewer().insight.findings({});
    expect(all.total).toBeGreaterThanOrEqual(5);
    const errors = await viewer().insight.findings({ severity: "error" });
    expect(errors.items.every((finding) => finding.severity === "error")).toBe(true);
    expect(errors.total).toBe(all.facets.severities.find((facet) => facet.severity === "error")!.count);
    const hamburg = await viewer().insight.findings({ siteId: id("site-hamburg") });
    expect(hamburg.items.map((finding) => finding.ruleId)).toContain("path.black-hole");
    expect(hamburg.items.every((finding) => finding.siteIds.includes(id("site-hamburg")))).toBe(true);
    const blackHole = hamburg.items.find((finding) => finding.ruleId === "path.black-hole")!;
    expect(blackHole.objects.find((object) => object.type === "hop")).toMatchObject({
      labId: id("lab-hamburg"),
      nodeId: await hopId("hamburg-router", "LTE router"),
      label: expect.stringContaining("LTE router"),
    });
    const page = await viewer().insight.findings({ page: 2, pageSize: 2 });
    expect(page.items.map((finding) => finding.key)).toEqual(
      all.items.slice(2, 4).map((finding) => finding.key),
    );
  });

  it("rejects a rule that is not in the catalogue, naming the field", async () => {
    expect(await rejectedFields(viewer().insight.findings({ ruleId: "mesh.nope" }))).toEqual({
      ruleId: "is not a finding rule of labnet's catalogue",
    });
  });
});

describe("the analysis cache", () => {
  it("reuses the analysis until an inventory row changes, even one without updatedAt", async () => {
    await viewer().insight.mesh();
    const before = insightStats.analyses;
    await viewer().insight.matrix();
    await viewer().insight.findings({});
    expect(insightStats.analyses).toBe(before);
    // Uplink hops carry no updatedAt: the row hash still sees the change.
    const modem = await hopId("berlin-router", "DSL modem (PPPoE)");
    await db.uplinkHop.update({ where: { id: modem }, data: { mtu: 1400 } });
    const path = await viewer().insight.path({ from: id("berlin-ci-eth0"), to: "internet" });
    expect(insightStats.analyses).toBe(before + 1);
    expect(path.pathMtu).toBe(1400);
    await db.uplinkHop.update({ where: { id: modem }, data: { mtu: 1492 } });
  });

  it("sees a removed ConnectTo", async () => {
    await db.siteConnect.delete({
      where: { siteId_peerId: { siteId: id("site-munich"), peerId: id("site-berlin") } },
    });
    const mesh = await viewer().insight.mesh();
    const munich = mesh.intranets[0]!.sites.find((site) => site.tincName === "munich")!;
    expect(munich).toMatchObject({ connectToCount: 2, underConnected: true });
  });

  it("shows an empty team as empty, not as an error", async () => {
    const empty = await createTeamFixture(db, "empty");
    const caller = api(db, callerFor(empty, "viewer"));
    expect((await caller.insight.mesh()).intranets).toEqual([]);
    const matrix = await caller.insight.matrix();
    expect(matrix.groups.map((group) => group.label)).toEqual(["internet"]);
  });
});
