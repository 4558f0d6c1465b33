// The text policy at the API: every string input of every procedure refuses a NUL with a 400 that
// names the field (the generic guard), the fields the issue named refuse each hostile class with
// their own rule, and a secret planted in the database never leaves it.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createInventoryFixture, type InventoryFixture, rejection } from "./inventory/fixtures";
import { policy } from "./policy";
import { appRouter } from "./root";
import { api, callerFor, createTeamFixture, type TeamFixture } from "./testing/fixtures";

let database: TestDatabase;
let team: TeamFixture;
let inventory: InventoryFixture;
let owner: ReturnType<typeof api>;
beforeAll(async () => {
  database = await createTestDatabase();
  team = await createTeamFixture(database.prisma, "text");
  inventory = await createInventoryFixture(database.prisma, team);
  owner = api(database.prisma, callerFor(team, "owner"));
}, 60_000);
afterAll(() => database?.drop());

type Path = (string | number)[];
type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every path in an input schema that holds a string (through optional, default, pipes, arrays). */
function stringPaths(schema: z.ZodType, path: Path = []): Path[] {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return [path];
    case "object":
      return Object.entries(def.shape!).flatMap(([key, field]) => stringPaths(field, [...path, key]));
    case "array":
      return stringPaths(def.element!, [...path, 0]);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return stringPaths(def.innerType!, path);
    case "pipe":
      return stringPaths(def.in!, path);
    case "union":
      return def.options!.flatMap((option) => stringPaths(option, path));
    default:
      return [];
  }
}

function withValueAt(path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === "number" ? [withValueAt(rest, value)] : { [head!]: withValueAt(rest, value) };
}

type Procedure = { _def: { inputs: z.ZodType[] } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

function call(path: string, input: unknown) {
  const [group, name] = path.split(".") as [string, string];
  const root = owner as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  return root[group]![name]!(input);
}

describe("the generic guard", () => {
  const cases = Object.keys(policy)
    .sort()
    .flatMap((path) =>
      procedures[path]!._def.inputs.flatMap((input) => stringPaths(input)).map(
        (field) => [path, field.join(".")] as const,
      ),
    );

  it("finds the string inputs of the API (so the walk below covers them)", () => {
    expect(cases.length).toBeGreaterThan(60);
    expect(cases).toContainEqual(["lab.list", "search"]);
    expect(cases).toContainEqual(["router.saveShares", "shares.0.mountOptions"]);
  });

  it("answers a NUL in every string input of every procedure with a 400 naming that field", async () => {
    const auditBefore = await database.prisma.auditEvent.count();
    const wrong: string[] = [];
    for (const [path, field] of cases) {
      const input = withValueAt(
        field.split(".").map((key) => (/^\d+$/.test(key) ? Number(key) : key)),
        "x\u0000y",
      );
      const outcome = await call(path, input).then(
        () => "accepted",
        (error: unknown) =>
          error instanceof TRPCError ? rejection(Promise.reject(error)) : Promise.reject(error),
      );
      const fine =
        typeof outcome === "object" &&
        outcome.code === "BAD_REQUEST" &&
        outcome.fields[field] === "must not contain control characters (U+0000 at position 1)";
      if (!fine) wrong.push(`${path} ${field}: ${JSON.stringify(outcome)}`);
    }
    expect(wrong).toEqual([]);
    expect(await database.prisma.auditEvent.count()).toBe(auditBefore);
  });

  it("also covers input a schema does not know, and lone surrogates", async () => {
    expect(await rejection(owner.lab.list({ search: "ok", extra: ["\u0000"] } as never))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { "extra.0": "must not contain control characters (U+0000 at position 0)" },
    });
    expect(await rejection(owner.lab.list({ search: "a\uD800" }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { search: "must be valid Unicode (lone surrogate U+D800 at position 1)" },
    });
  });
});

describe("the fields the issue named", () => {
  const hostile: [string, string, RegExp][] = [
    ["newline", "a\nb", /control characters \(U\+000A at position 1\)/],
    ["bidi override", "a\u202Eb", /bidirectional override characters \(U\+202E/],
    ["zero-width space", "a\u200Bb", /invisible \(zero-width\) characters \(U\+200B/],
    ["C1 control", "a\u0085b", /control characters \(U\+0085/],
    ["over-long", "a".repeat(1001), /at most \d+ characters \(has 1001\)/],
  ];
  const at = (name: string, field: string, send: (value: string) => Promise<unknown>) =>
    hostile.map(
      ([label, value, message]) => [`${name} ${field}: ${label}`, () => send(value), field, message] as const,
    );
  const rows = [
    ...at("lab.list", "search", (search) => owner.lab.list({ search })),
    ...at("machine.list", "search", (search) => owner.machine.list({ search })),
    ...at("audit.list", "actor", (actor) => owner.audit.list({ actor })),
    ...at("lease.list", "hostname", (hostname) => owner.lease.list({ hostname })),
    ...at("plan.create", "title", (title) => owner.plan.create({ title })),
    ...at("lab.create", "name", (name) => owner.lab.create({ name })),
    ...at("machine.create", "name", (name) =>
      owner.machine.create({ labId: inventory.labId, name, kind: "utility-vm" }),
    ),
    ...at("vswitch.create", "name", (name) =>
      owner.vswitch.create({ labId: inventory.labId, name, type: "internal" }),
    ),
    ...at("lease.create", "hostname", (hostname) =>
      owner.lease.create({ siteId: inventory.siteId, mac: "00:15:5d:00:99:01", hostname }),
    ),
  ];

  it.each(rows)("%s → 400 naming the field and the rule", async (_name, send, field, message) => {
    const failed = await rejection(send());
    expect(failed.code).toBe("BAD_REQUEST");
    expect(failed.fields[field]).toMatch(message);
  });

  it("refuses host names dnsmasq would read as a lease time", async () => {
    for (const hostname of ["0", "42", "12h", "7d", "infinite"]) {
      const failed = await rejection(
        owner.lease.create({ siteId: inventory.siteId, mac: "00:15:5d:00:99:02", hostname }),
      );
      expect(failed.fields.hostname, hostname).toMatch(/does not read as a lease time/);
    }
  });
});

describe("address classes", () => {
  it("refuses broadcast, multicast and all-zero MACs for leases and NICs", async () => {
    for (const [mac, rule] of [
      ["ff:ff:ff:ff:ff:ff", /broadcast/],
      ["01:00:5e:00:00:01", /multicast/],
      ["00-00-00-00-00-00", /all-zero/],
    ] as const) {
      const lease = await rejection(owner.lease.create({ siteId: inventory.siteId, mac, hostname: "h1" }));
      expect(lease.fields.mac).toMatch(rule);
      const nic = await rejection(owner.nic.create({ machineId: inventory.vmId, name: "eth9", mac }));
      expect(nic.fields.mac).toMatch(rule);
    }
  });

  it("refuses multicast, loopback and link-local intranets", async () => {
    for (const cidr of ["224.0.0.0/24", "127.0.0.0/8", "169.254.0.0/16", "240.0.0.0/8"]) {
      const failed = await rejection(owner.intranet.create({ name: `x${cidr}`, netname: "x", cidr }));
      expect(failed.fields.cidr, cidr).toMatch(/an intranet needs unicast addresses/);
    }
  });

  it("refuses a static lease for the Linux DHCP server's own NIC", async () => {
    const db = database.prisma;
    const server = await db.machine.create({
      data: { organizationId: team.teamId, labId: inventory.labId, name: "dhcp1", kind: "utility-vm" },
    });
    const nic = await db.nic.create({
      data: { organizationId: team.teamId, machineId: server.id, name: "eth0", mac: "00:15:5d:00:77:01" },
    });
    await db.site.update({ where: { id: inventory.peerSiteId }, data: { dhcpServerId: server.id } });
    const byMac = await rejection(
      owner.lease.create({ siteId: inventory.peerSiteId, mac: "00-15-5D-00-77-01", hostname: "dhcp1" }),
    );
    expect(byMac.fields.mac).toBe(
      "00:15:5d:00:77:01 is eth0 of dhcp1, the DHCP server of site beta: a DHCP server cannot lease an address to itself; give that NIC a static IP instead",
    );
    const byNic = await rejection(
      owner.lease.create({
        siteId: inventory.peerSiteId,
        mac: "00:15:5d:00:77:02",
        hostname: "dhcp1",
        nicId: nic.id,
      }),
    );
    expect(byNic.fields.nicId).toMatch(/cannot lease an address to itself/);
    const preview = await owner.lease.bulkPreview({
      siteId: inventory.peerSiteId,
      text: "00:15:5d:00:77:01 192.168.20.5 dhcp1",
    });
    expect(preview.rows[0]!.problems.mac).toMatch(/cannot lease an address to itself/);
  });
});

describe("share secrets", () => {
  const share = {
    name: "data",
    remoteUnc: "//192.168.3.10/data",
    mountPoint: "/mnt/data",
    credentialsFile: "/etc/samba/data.cred",
  };

  it("refuses a password in mountOptions, pointing at credentialsFile", async () => {
    const router = await owner.lab.get({ id: inventory.labId });
    const version = router.machines.find((machine) => machine.id === inventory.routerId)!.router!.version;
    const failed = await rejection(
      owner.router.saveShares({
        machineId: inventory.routerId,
        version,
        shares: [{ ...share, mountOptions: "vers=3.0,password=Planted-S3cret" }],
      }),
    );
    expect(failed.code).toBe("BAD_REQUEST");
    expect(failed.fields["shares.0.mountOptions"]).toBe(
      'must be free of secrets: put the password in a credentials file on the router and name it in credentialsFile (found "password=")',
    );
  });

  it("never shows a secret stored before the policy: not in lab.get, model.export nor the audit log", async () => {
    const db = database.prisma;
    const secret = "Planted-S3cret-4711";
    await db.sambaShare.create({
      data: {
        routerId: inventory.routerId,
        ...share,
        name: "legacy",
        mountPoint: "/mnt/legacy",
        servedInterfaces: ["lan"],
        mountOptions: `iocharset=utf8,username=anna,password=${secret},vers=2.0`,
      },
    });
    const lab = await owner.lab.get({ id: inventory.labId });
    const router = lab.machines.find((machine) => machine.id === inventory.routerId)!.router!;
    expect(router.shares.find((row) => row.name === "legacy")!.mountOptions).toBe("iocharset=utf8,vers=2.0");
    // Saving the shares as shown writes the audit event with before/after: neither holds the secret.
    await owner.router.saveShares({
      machineId: inventory.routerId,
      version: router.version,
      shares: router.shares.map(({ id: _id, routerId: _routerId, ...row }) => row) as never,
    });
    const responses = [lab, await owner.model.export(), await owner.audit.list({ pageSize: 200 })];
    for (const response of responses) expect(JSON.stringify(response)).not.toContain(secret);
    const stored = await db.sambaShare.findFirst({ where: { routerId: inventory.routerId, name: "legacy" } });
    expect(stored!.mountOptions).toBe("iocharset=utf8,vers=2.0");
  });

  it("still loads a model whose rows predate the policy", async () => {
    const db = database.prisma;
    await db.staticLease.create({
      data: {
        organizationId: team.teamId,
        siteId: inventory.siteId,
        mac: "00:15:5d:00:55:01",
        ip: "192.168.10.42",
        hostname: "42",
      },
    });
    const model = await owner.model.export();
    expect(model.leases.map((lease) => lease.hostname)).toContain("42");
  });
});
