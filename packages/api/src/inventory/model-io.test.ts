// Whole-model export and import through the API: a valid file round-trips, a bad file is refused
// with every problem named by its JSON path, and a refused import leaves both teams untouched.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import type { NetworkModel } from "@labnet/model";
import { demoModel } from "@labnet/model/demo";
import { syntheticModel } from "@labnet/sim/synthetic";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db";
import { api, callerFor, createTeamFixture } from "../testing/fixtures";
import { rejection } from "./fixtures";

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

/**
 * The model with every id replaced by a label built from the object's natural key, collections
 * sorted by it: two models that describe the same network compare equal whatever ids they use.
 */
function withNaturalIds(model: NetworkModel) {
  const labName = new Map(model.labs.map((lab) => [lab.id, lab.name]));
  const intranetNetname = new Map(model.intranets.map((intranet) => [intranet.id, intranet.netname]));
  const label = new Map<string, string>();
  for (const lab of model.labs) label.set(lab.id, `lab:${lab.name}`);
  for (const m of model.machines) label.set(m.id, `machine:${labName.get(m.labId)}/${m.name}`);
  for (const v of model.vswitches) label.set(v.id, `vswitch:${labName.get(v.labId)}/${v.name}`);
  for (const nic of model.nics) label.set(nic.id, `nic:${nic.mac}`);
  for (const i of model.intranets) label.set(i.id, `intranet:${i.netname}`);
  for (const s of model.sites) label.set(s.id, `site:${intranetNetname.get(s.intranetId)}/${s.tincName}`);
  for (const lease of model.leases) label.set(lease.id, `lease:${lease.mac}`);
  const relabel = <T extends object>(items: T[], refs: string[]) =>
    items
      .map((item) => {
        const copy = { ...item } as Record<string, unknown>;
        for (const ref of ["id", ...refs]) {
          const value = copy[ref];
          if (typeof value === "string") copy[ref] = label.get(value) ?? `unknown:${value}`;
          if (Array.isArray(value)) copy[ref] = value.map((v) => label.get(v as string) ?? `unknown:${v}`);
        }
        return copy;
      })
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return {
    labs: relabel(model.labs, []),
    // Uplink hops and shares are labelled by their place in the machine's router.
    machines: relabel(
      model.machines.map((machine) =>
        machine.router
          ? {
              ...machine,
              router: {
                ...machine.router,
                uplink: machine.router.uplink.map((hop, position) => ({ ...hop, id: `hop:${position}` })),
                shares: machine.router.shares.map((share) => ({ ...share, id: `share:${share.name}` })),
              },
            }
          : machine,
      ),
      ["labId"],
    ),
    vswitches: relabel(model.vswitches, ["labId"]),
    nics: relabel(model.nics, ["machineId", "vswitchId"]),
    intranets: relabel(model.intranets, []),
    sites: relabel(model.sites, ["intranetId", "routerId", "connectTo", "dhcpServerId"]),
    leases: relabel(model.leases, ["siteId", "nicId"]),
  };
}

async function emptyTeam(label: string) {
  const team = await createTeamFixture(db, label);
  // The fixture's own lab would show up in the export; an import target starts empty here.
  await db.lab.deleteMany({ where: { organizationId: team.teamId } });
  return { team, admin: api(db, callerFor(team, "admin")), viewer: api(db, callerFor(team, "viewer")) };
}

describe("model export and import", () => {
  it("round-trips the demo network: export(import(model)) is the model up to ids", async () => {
    const { admin, viewer } = await emptyTeam("roundtrip");
    const source = JSON.stringify(demoModel);
    const check = await admin.model.check({ source });
    expect(check.problems).toEqual([]);
    expect(check.counts.labs).toBe(demoModel.labs.length);
    const imported = await admin.model.import({ source });
    expect(imported.counts).toEqual(check.counts);
    const exported = await viewer.model.export();
    expect(withNaturalIds(exported)).toEqual(withNaturalIds(demoModel));
  });

  it("imports a 254-site synthetic intranet in one go and writes one summary audit event", async () => {
    const { team, admin, viewer } = await emptyTeam("synthetic");
    const model = syntheticModel({ sites: 254, endpointsPerSite: 5 });
    const started = performance.now();
    const imported = await admin.model.import({ source: JSON.stringify(model) });
    console.log(
      `imported 254 sites / ${model.nics.length} NICs in ${Math.round(performance.now() - started)} ms`,
    );
    expect(imported.counts).toMatchObject({
      sites: 254,
      nics: model.nics.length,
      leases: model.leases.length,
    });
    expect(withNaturalIds(await viewer.model.export())).toEqual(withNaturalIds(model));
    const events = await db.auditEvent.findMany({ where: { organizationId: team.teamId } });
    expect(events.map((event) => [event.action, event.after])).toEqual([["model.import", imported.counts]]);
  }, 180_000);

  it("refuses text that is not JSON, naming why", async () => {
    const { admin } = await emptyTeam("notjson");
    const check = await admin.model.check({ source: "{ labs: [" });
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]!.message).toMatch(/^not valid JSON/);
    const failed = await rejection(admin.model.import({ source: "{ labs: [" }));
    expect(failed.code).toBe("BAD_REQUEST");
    expect(failed.fields.source).toMatch(/^not valid JSON/);
  });

  it("names every field error by its path and writes nothing", async () => {
    const { team, admin } = await emptyTeam("fields");
    const broken = structuredClone(demoModel) as unknown as {
      sites: { segment: unknown }[];
      nics: { mac: unknown }[];
    };
    broken.sites[3]!.segment = 70_000;
    broken.nics[0]!.mac = "not-a-mac";
    const failed = await rejection(admin.model.import({ source: JSON.stringify(broken) }));
    expect(failed.code).toBe("BAD_REQUEST");
    expect(Object.keys(failed.fields).sort()).toEqual(["nics.0.mac", "sites.3.segment"]);
    expect(failed.message).toMatch(/sites\.3\.segment: /);
    expect(await db.lab.count({ where: { organizationId: team.teamId } })).toBe(0);
  });

  it("refuses a file over the per-import limits before reading it further", async () => {
    const { admin } = await emptyTeam("limits");
    const labs = Array.from({ length: 301 }, (_, index) => ({ id: `l${index}`, name: `lab-${index}` }));
    const check = await admin.model.check({ source: JSON.stringify({ labs }) });
    expect(check.problems).toEqual([
      { path: ["labs"], message: "301 labs is more than one import takes (300): split the file" },
    ]);
  });

  it("lists every collision with the team's objects by path, imports nothing, and leaves another team alone", async () => {
    const { team, admin } = await emptyTeam("collide");
    const other = await emptyTeam("bystander");
    await other.admin.model.import({ source: JSON.stringify(demoModel) });
    const otherBefore = withNaturalIds(await other.viewer.model.export());

    await admin.lab.create({ name: demoModel.labs[1]!.name });
    const first = demoModel.intranets[0]!;
    await admin.intranet.create({ name: first.name, netname: first.netname, cidr: first.cidr });
    const source = JSON.stringify(demoModel);
    const check = await admin.model.check({ source });
    expect(check.problems.map((problem) => problem.path.join("."))).toEqual([
      "labs.1.name",
      "intranets.0.name",
      "intranets.0.netname",
    ]);
    const failed = await rejection(admin.model.import({ source }));
    expect(failed.code).toBe("CONFLICT");
    expect(Object.keys(failed.fields)).toEqual(["labs.1.name", "intranets.0.name", "intranets.0.netname"]);
    expect(await db.lab.count({ where: { organizationId: team.teamId } })).toBe(1);
    expect(await db.machine.count({ where: { organizationId: team.teamId } })).toBe(0);
    expect(withNaturalIds(await other.viewer.model.export())).toEqual(otherBefore);
  });

  it("is for admins: an editor may export but not import", async () => {
    const team = await createTeamFixture(db, "roles");
    const editor = api(db, callerFor(team, "editor"));
    await expect(editor.model.export()).resolves.toMatchObject({ labs: [{ id: team.labId }] });
    expect((await rejection(editor.model.import({ source: "{}" }))).code).toBe("FORBIDDEN");
  });
});
