// The authorisation matrix, generated from the router itself: every procedure × every role ×
// own/foreign team. A procedure missing from the policy, or a call that the policy forbids but
// the router allows (or the reverse), fails here.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret } from "./auth/tokens";
import type { Database } from "./db";
import { createInventoryFixture, type InventoryFixture, rejection } from "./inventory/fixtures";
import { policy } from "./policy";
import { appRouter } from "./root";
import { api, callerFor, createTeamFixture, type TeamFixture } from "./testing/fixtures";
import { type Access, type Role, roleAtLeast, roles } from "./trpc";

type InputBuilder = (
  db: Database,
  own: TeamFixture,
  foreign: TeamFixture,
) => Promise<{ own: unknown; foreign?: unknown }>;

async function inviteIn(db: Database, team: TeamFixture) {
  const { secret, hash } = generateSecret("invite");
  const invite = await db.teamInvite.create({
    data: {
      organizationId: team.teamId,
      tokenHash: hash,
      role: "viewer",
      expiresAt: new Date(Date.now() + 3_600_000),
      createdById: team.users.admin.userId,
    },
  });
  return { id: invite.id, secret };
}

async function tokenIn(db: Database, team: TeamFixture) {
  const { hash, displayPrefix } = generateSecret("api");
  const token = await db.apiToken.create({
    data: {
      organizationId: team.teamId,
      name: "ci",
      role: "viewer",
      tokenHash: hash,
      prefix: displayPrefix,
      createdById: team.users.admin.userId,
    },
  });
  return token.id;
}

async function machineIn(db: Database, team: TeamFixture) {
  const machine = await db.machine.create({
    data: { organizationId: team.teamId, labId: team.labId, name: `m-${Math.random()}`, kind: "physical" },
  });
  return machine.id;
}

async function agentIn(db: Database, team: TeamFixture) {
  const { hash, displayPrefix } = generateSecret("agent");
  const agent = await db.agent.create({
    data: {
      organizationId: team.teamId,
      machineId: await machineIn(db, team),
      tokenHash: hash,
      prefix: displayPrefix,
      hostname: "host",
      platform: "linux-x64",
      agentVersion: "0.1.0",
    },
  });
  return agent.id;
}

/** A plan in the team's small inventory, taken as far as `stage`; the first publish when published. */
async function planIn(db: Database, team: TeamFixture, stage: "draft" | "approved" | "published") {
  const inventory = await createInventoryFixture(db, team);
  const plan = await api(db, callerFor(team, "editor")).plan.create({ title: "policy check" });
  if (stage === "draft") return { ...plan, acknowledgements: [] as string[], inventory };
  const admin = api(db, callerFor(team, "admin"));
  const approved = await admin.plan.approve({ id: plan.id, version: plan.version });
  const acknowledgements = (await admin.plan.get({ id: plan.id })).preview.blocking.map((f) => f.key);
  if (stage === "approved") return { ...plan, version: approved.version, acknowledgements, inventory };
  await admin.plan.publish({ id: plan.id, version: approved.version, acknowledgements });
  return { ...plan, version: approved.version + 1, acknowledgements, inventory };
}

/** A published plan that is no longer the head (the lease moved and was published again). */
async function supersededPlanIn(db: Database, team: TeamFixture) {
  const first = await planIn(db, team, "published");
  await db.staticLease.update({ where: { id: first.inventory.leaseId }, data: { ip: "192.168.10.25" } });
  const admin = api(db, callerFor(team, "admin"));
  const second = await api(db, callerFor(team, "editor")).plan.create({ title: "lease move" });
  const approved = await admin.plan.approve({ id: second.id, version: second.version });
  const acknowledgements = (await admin.plan.get({ id: second.id })).preview.blocking.map((f) => f.key);
  await admin.plan.publish({ id: second.id, version: approved.version, acknowledgements });
  return first.id;
}

/** Inputs naming inventory rows: a small inventory in each team, the input built from it. */
/** A dnsmasq hosts file giving one new lease to the fixture's site (segment 10). */
const sampleDhcpFile = {
  path: "dnsmasq.hosts.conf",
  content: "52:54:00:12:34:99,192.168.10.30,imported-vm\n",
};

function inventoryInputs(build: (inventory: InventoryFixture) => unknown): InputBuilder {
  return async (db, own, foreign) => ({
    own: build(await createInventoryFixture(db, own)),
    foreign: build(await createInventoryFixture(db, foreign)),
  });
}

/** A one-lab model file that collides with nothing a fixture team holds. */
const importableModel = {
  labs: [{ id: "lab", name: "imported-lab" }],
  machines: [{ id: "host", labId: "lab", name: "host", kind: "hyperv-host" }],
};

/** A valid input for every procedure, and where it names an entity, the same from another team. */
const inputs: Record<string, InputBuilder> = {
  "agent.list": async () => ({ own: {} }),
  "agent.reports": async (db, own, foreign) => ({
    own: { machineId: await machineIn(db, own) },
    foreign: { machineId: await machineIn(db, foreign) },
  }),
  "agent.drift": async (db, own, foreign) => ({
    own: { machineId: await machineIn(db, own) },
    foreign: { machineId: await machineIn(db, foreign) },
  }),
  "agent.createEnrollment": async (db, own, foreign) => ({
    own: { machineId: await machineIn(db, own) },
    foreign: { machineId: await machineIn(db, foreign) },
  }),
  "agent.revoke": async (db, own, foreign) => ({
    own: { id: await agentIn(db, own) },
    foreign: { id: await agentIn(db, foreign) },
  }),
  "agent.rotate": async (db, own, foreign) => ({
    own: { id: await agentIn(db, own) },
    foreign: { id: await agentIn(db, foreign) },
  }),
  "audit.list": async () => ({ own: {} }),
  "model.export": async () => ({ own: undefined }),
  "model.check": async () => ({ own: { source: JSON.stringify(importableModel) } }),
  "model.import": async () => ({ own: { source: JSON.stringify(importableModel) } }),
  "importer.preview": inventoryInputs((inv) => ({ siteId: inv.siteId, files: [sampleDhcpFile] })),
  "importer.commit": inventoryInputs((inv) => ({
    siteId: inv.siteId,
    files: [sampleDhcpFile],
    siteVersion: 1,
    routerVersion: 1,
  })),
  "insight.mesh": async () => ({ own: undefined }),
  "insight.lab": async (_db, own, foreign) => ({
    own: { labId: own.labId },
    foreign: { labId: foreign.labId },
  }),
  "insight.matrix": async () => ({ own: undefined }),
  "insight.path": async () => ({ own: { from: "internet", to: "internet" } }),
  "insight.findings": async () => ({ own: {} }),
  "lab.list": async () => ({ own: {} }),
  "lab.get": inventoryInputs((inv) => ({ id: inv.labId })),
  "lab.create": async () => ({ own: { name: "new notebook" } }),
  "lab.update": inventoryInputs((inv) => ({ id: inv.labId, version: 1, name: "renamed notebook" })),
  "lab.dependents": inventoryInputs((inv) => ({ id: inv.labId })),
  "lab.delete": inventoryInputs((inv) => ({ id: inv.labId, version: 1 })),
  "machine.list": async () => ({ own: {} }),
  "machine.create": inventoryInputs((inv) => ({ labId: inv.labId, name: "vm9", kind: "utility-vm" })),
  "machine.update": inventoryInputs((inv) => ({ id: inv.vmId, version: 1, name: "vm1b" })),
  "machine.dependents": inventoryInputs((inv) => ({ id: inv.routerId })),
  "machine.delete": inventoryInputs((inv) => ({ id: inv.vmId, version: 1 })),
  "vswitch.create": inventoryInputs((inv) => ({ labId: inv.labId, name: "DMZ", type: "private" })),
  "vswitch.update": inventoryInputs((inv) => ({
    id: inv.vswitchId,
    version: 1,
    name: "LAN2",
    type: "internal",
  })),
  "vswitch.dependents": inventoryInputs((inv) => ({ id: inv.vswitchId })),
  "vswitch.delete": inventoryInputs((inv) => ({ id: inv.vswitchId, version: 1 })),
  "nic.create": inventoryInputs((inv) => ({ machineId: inv.vmId, name: "eth1", mac: "00-15-5D-00-00-99" })),
  "nic.update": inventoryInputs((inv) => ({
    id: inv.nicId,
    version: 1,
    name: "eth0",
    mac: "00:15:5d:00:00:01",
    mtu: 1400,
  })),
  "nic.dependents": inventoryInputs((inv) => ({ id: inv.nicId })),
  "nic.delete": inventoryInputs((inv) => ({ id: inv.nicId, version: 1 })),
  "router.updateSettings": inventoryInputs((inv) => ({
    machineId: inv.routerId,
    version: 1,
    openwrtVersion: "23.05.4",
  })),
  "router.saveUplink": inventoryInputs((inv) => ({
    machineId: inv.routerId,
    version: 1,
    hops: [{ name: "modem", kind: "modem" }],
  })),
  "router.saveShares": inventoryInputs((inv) => ({
    machineId: inv.routerId,
    version: 1,
    shares: [
      {
        name: "data",
        remoteUnc: "//192.168.20.10/data",
        mountPoint: "/mnt/data",
        credentialsFile: "/etc/samba/credentials/data",
      },
    ],
  })),
  "intranet.list": async () => ({ own: {} }),
  "intranet.get": inventoryInputs((inv) => ({ id: inv.intranetId })),
  "intranet.create": async () => ({ own: { name: "lab net", netname: "labnet2", cidr: "10.20.0.0/16" } }),
  "intranet.update": inventoryInputs((inv) => ({
    id: inv.intranetId,
    version: 1,
    name: "corp",
    netname: "corp",
    cidr: "192.168.0.0/16",
    port: 656,
  })),
  "intranet.dependents": inventoryInputs((inv) => ({ id: inv.intranetId })),
  "intranet.delete": inventoryInputs((inv) => ({ id: inv.intranetId, version: 1 })),
  "site.list": async () => ({ own: {} }),
  "site.nextFreeSegment": inventoryInputs((inv) => ({ intranetId: inv.intranetId })),
  "site.create": inventoryInputs((inv) => ({
    intranetId: inv.intranetId,
    routerId: inv.routerId,
    tincName: "gamma",
  })),
  "site.update": inventoryInputs((inv) => ({
    id: inv.siteId,
    version: 1,
    intranetId: inv.intranetId,
    routerId: inv.routerId,
    tincName: "alpha",
    segment: 10,
    lanIp: "192.168.10.1",
    connectTo: [inv.peerSiteId],
  })),
  "site.dependents": inventoryInputs((inv) => ({ id: inv.siteId })),
  "site.delete": inventoryInputs((inv) => ({ id: inv.siteId, version: 1 })),
  "lease.list": async () => ({ own: {} }),
  "lease.nextFreeIp": inventoryInputs((inv) => ({ siteId: inv.siteId })),
  "lease.exportCsv": async () => ({ own: {} }),
  "lease.create": inventoryInputs((inv) => ({ siteId: inv.siteId, mac: "0015.5d00.0002", hostname: "vm2" })),
  "lease.update": inventoryInputs((inv) => ({
    id: inv.leaseId,
    version: 1,
    siteId: inv.siteId,
    mac: "00:15:5d:00:00:01",
    ip: "192.168.10.21",
    hostname: "vm1",
  })),
  "lease.delete": inventoryInputs((inv) => ({ id: inv.leaseId, version: 1 })),
  "lease.bulkPreview": inventoryInputs((inv) => ({
    siteId: inv.siteId,
    text: "00:15:5d:00:00:03 192.168.10.30 vm3",
  })),
  "lease.bulkApply": inventoryInputs((inv) => ({
    siteId: inv.siteId,
    lines: [{ mac: "00:15:5d:00:00:03", ip: "192.168.10.30", hostname: "vm3" }],
  })),
  "plan.list": async () => ({ own: {} }),
  "plan.get": async (db, own, foreign) => ({
    own: { id: (await planIn(db, own, "draft")).id },
    foreign: { id: (await planIn(db, foreign, "draft")).id },
  }),
  "plan.previewCurrent": async () => ({ own: undefined }),
  "plan.rollout": async (db, own, foreign) => ({
    own: { id: (await planIn(db, own, "published")).id },
    foreign: { id: (await planIn(db, foreign, "published")).id },
  }),
  "plan.machineRevisions": async (db, own, foreign) => ({
    own: { machineId: (await planIn(db, own, "published")).inventory.routerId },
    foreign: { machineId: (await planIn(db, foreign, "published")).inventory.routerId },
  }),
  "plan.revisionDiff": async (db, own, foreign) => ({
    own: { machineId: (await planIn(db, own, "published")).inventory.routerId, from: 1, to: 1 },
    foreign: { machineId: (await planIn(db, foreign, "published")).inventory.routerId, from: 1, to: 1 },
  }),
  "plan.create": async (db, own) => {
    await createInventoryFixture(db, own);
    return { own: { title: "new plan" } };
  },
  "plan.update": async (db, own, foreign) => {
    const [mine, theirs] = [await planIn(db, own, "draft"), await planIn(db, foreign, "draft")];
    return {
      own: { id: mine.id, version: mine.version, title: "renamed" },
      foreign: { id: theirs.id, version: theirs.version, title: "renamed" },
    };
  },
  "plan.replan": async (db, own, foreign) => {
    const [mine, theirs] = [await planIn(db, own, "draft"), await planIn(db, foreign, "draft")];
    return {
      own: { id: mine.id, version: mine.version },
      foreign: { id: theirs.id, version: theirs.version },
    };
  },
  "plan.discard": async (db, own, foreign) => {
    const [mine, theirs] = [await planIn(db, own, "draft"), await planIn(db, foreign, "draft")];
    return {
      own: { id: mine.id, version: mine.version },
      foreign: { id: theirs.id, version: theirs.version },
    };
  },
  "plan.approve": async (db, own, foreign) => {
    const [mine, theirs] = [await planIn(db, own, "draft"), await planIn(db, foreign, "draft")];
    return {
      own: { id: mine.id, version: mine.version },
      foreign: { id: theirs.id, version: theirs.version },
    };
  },
  "plan.publish": async (db, own, foreign) => {
    const [mine, theirs] = [await planIn(db, own, "approved"), await planIn(db, foreign, "approved")];
    return {
      own: { id: mine.id, version: mine.version, acknowledgements: mine.acknowledgements },
      foreign: { id: theirs.id, version: theirs.version, acknowledgements: theirs.acknowledgements },
    };
  },
  "plan.rollback": async (db, own, foreign) => ({
    own: { planId: await supersededPlanIn(db, own) },
    foreign: { planId: (await planIn(db, foreign, "published")).id },
  }),
  "team.mine": async () => ({ own: undefined }),
  "team.switch": async (_db, own, foreign) => ({
    own: { teamId: own.teamId },
    foreign: { teamId: foreign.teamId },
  }),
  "team.create": async () => ({ own: { name: "Another team" } }),
  "team.rename": async () => ({ own: { name: "Renamed team" } }),
  "team.delete": async (_db, own) => ({ own: { confirmName: own.name } }),
  "team.members": async () => ({ own: undefined }),
  "team.setRole": async (_db, own, foreign) => ({
    own: { memberId: own.users.viewer.memberId, role: "editor" },
    foreign: { memberId: foreign.users.viewer.memberId, role: "editor" },
  }),
  "team.removeMember": async (_db, own, foreign) => ({
    own: { memberId: own.users.viewer.memberId },
    foreign: { memberId: foreign.users.viewer.memberId },
  }),
  "team.leave": async (db, own) => {
    // A second owner, so that the owner may leave too (a team always keeps one).
    const second = await createTeamFixture(db, "second-owner");
    await db.member.create({
      data: {
        id: `m-2nd-${own.teamId}`,
        organizationId: own.teamId,
        userId: second.users.owner.userId,
        role: "owner",
        createdAt: new Date(),
      },
    });
    return { own: undefined };
  },
  "team.invites": async () => ({ own: undefined }),
  "team.createInvite": async () => ({ own: { role: "viewer" } }),
  "team.revokeInvite": async (db, own, foreign) => ({
    own: { id: (await inviteIn(db, own)).id },
    foreign: { id: (await inviteIn(db, foreign)).id },
  }),
  "team.describeInvite": async (db, own) => ({ own: { token: (await inviteIn(db, own)).secret } }),
  "team.acceptInvite": async (db) => {
    // An invite to a third team: every signed-in user may accept it.
    const third = await createTeamFixture(db, "third");
    return { own: { token: (await inviteIn(db, third)).secret } };
  },
  "token.list": async () => ({ own: undefined }),
  "token.create": async () => ({ own: { name: "deploy", role: "viewer" } }),
  "token.revoke": async (db, own, foreign) => ({
    own: { id: await tokenIn(db, own) },
    foreign: { id: await tokenIn(db, foreign) },
  }),
};

/** Procedures whose input names an entity: each must answer NOT_FOUND for another team's. */
const namesEntity = new Set([
  "lab.get",
  "lab.update",
  "lab.dependents",
  "lab.delete",
  "machine.create",
  "machine.update",
  "machine.dependents",
  "machine.delete",
  "vswitch.create",
  "vswitch.update",
  "vswitch.dependents",
  "vswitch.delete",
  "nic.create",
  "nic.update",
  "nic.dependents",
  "nic.delete",
  "router.updateSettings",
  "router.saveUplink",
  "router.saveShares",
  "intranet.get",
  "intranet.update",
  "intranet.dependents",
  "intranet.delete",
  "site.nextFreeSegment",
  "site.create",
  "site.update",
  "site.dependents",
  "site.delete",
  "lease.nextFreeIp",
  "lease.update",
  "lease.delete",
  "lease.create",
  "lease.bulkPreview",
  "importer.preview",
  "importer.commit",
  "lease.bulkApply",
  "agent.reports",
  "agent.drift",
  "agent.createEnrollment",
  "agent.revoke",
  "agent.rotate",
  "insight.lab",
  "plan.get",
  "plan.rollout",
  "plan.machineRevisions",
  "plan.revisionDiff",
  "plan.update",
  "plan.replan",
  "plan.discard",
  "plan.approve",
  "plan.publish",
  "plan.rollback",
  "team.switch",
  "team.setRole",
  "team.removeMember",
  "team.revokeInvite",
  "token.revoke",
]);

type Procedure = { _def: { type: "query" | "mutation" | "subscription"; meta?: { access?: Access } } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;
const paths = Object.keys(procedures).sort();

function allowed(access: Access, role: Role | "anonymous"): boolean {
  if (access === "public") return true;
  if (role === "anonymous") return false;
  return access === "authenticated" || roleAtLeast(role, access);
}

async function call(db: Database, path: string, caller: ReturnType<typeof callerFor> | null, input: unknown) {
  const root = api(db, caller) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<unknown>>
  >;
  const [group, name] = path.split(".") as [string, string];
  return root[group]![name]!(input);
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

describe("authorisation policy", () => {
  it("lists every procedure of the router, with the same access as its procedure kind", () => {
    expect(paths).toEqual(Object.keys(policy).sort());
    for (const path of paths) {
      expect({ path, access: procedures[path]!._def.meta?.access }).toEqual({
        path,
        access: policy[path]!.access,
      });
    }
    expect(Object.keys(inputs).sort()).toEqual(paths);
  });

  it("says for every mutation whether it is audited", () => {
    for (const path of paths.filter((p) => procedures[p]!._def.type === "mutation")) {
      expect({ path, audited: policy[path]!.audited !== undefined }).toEqual({ path, audited: true });
    }
  });
});

describe.each(paths)("%s", (path) => {
  const entry = policy[path]!;
  const isMutation = procedures[path]!._def.type === "mutation";

  it.each(["anonymous", ...roles] as const)("as %s in its own team", async (role) => {
    const db = database.prisma;
    const own = await createTeamFixture(db, "own");
    const foreign = await createTeamFixture(db, "foreign");
    const { own: input } = await inputs[path]!(db, own, foreign);
    const caller = role === "anonymous" ? null : callerFor(own, role);
    const auditBefore = await db.auditEvent.count();
    const outcome = await call(db, path, caller, input).then(
      () => "allowed",
      (error: unknown) => {
        if (!(error instanceof TRPCError)) throw error;
        if (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN") return "denied";
        throw new Error(`${path} as ${role}: ${error.code} ${error.message}`);
      },
    );
    // Owner-only rules inside a handler (e.g. admins cannot touch owners) are not role denials here:
    // the fixture inputs target a viewer, which every allowed role may manage.
    expect(outcome).toBe(allowed(entry.access, role) ? "allowed" : "denied");
    if (outcome === "allowed" && isMutation && entry.audited === true) {
      expect(await db.auditEvent.count()).toBeGreaterThan(auditBefore);
    }
    if (outcome === "denied" && isMutation) {
      expect(await db.auditEvent.count()).toBe(auditBefore);
    }
  });

  const rolesWithForeignInput = namesEntity.has(path)
    ? roles.filter((role) => allowed(entry.access, role))
    : [];
  it.each(rolesWithForeignInput)("as %s, an id from another team is not found", async (role) => {
    const db = database.prisma;
    const own = await createTeamFixture(db, "own");
    const foreign = await createTeamFixture(db, "foreign");
    const built = await inputs[path]!(db, own, foreign);
    expect(built.foreign).toBeDefined();
    await expect(call(db, path, callerFor(own, role), built.foreign)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("who may give which role", () => {
  // Written out here, not derived from policy.ts, so a change to the policy table must change this too.
  const mayInvite: Record<Role, Role[]> = {
    viewer: [],
    editor: [],
    admin: ["viewer", "editor"],
    owner: ["viewer", "editor", "admin"],
  };
  const maySetRole: Record<Role, Role[]> = {
    viewer: [],
    editor: [],
    admin: ["viewer", "editor"],
    owner: ["viewer", "editor", "admin", "owner"],
  };

  it.each(roles)(
    "as %s, invite links are created exactly for the roles docs/roles.md lists",
    async (role) => {
      const db = database.prisma;
      const team = await createTeamFixture(db, "invite-roles");
      const caller = api(db, callerFor(team, role));
      const outcomes: Record<string, string> = {};
      for (const invited of roles) {
        const call = caller.team.createInvite({ role: invited as "viewer" });
        outcomes[invited] = await call.then(
          () => "created",
          async () => {
            const { code, fields } = await rejection(call);
            return `${code} ${JSON.stringify(fields)}`;
          },
        );
      }
      for (const invited of roles) {
        if (mayInvite[role].includes(invited)) expect(outcomes[invited]).toBe("created");
        else expect(outcomes[invited]).not.toBe("created");
      }
      if (role === "admin")
        expect(outcomes.admin).toBe('FORBIDDEN {"role":"only an owner can invite admins"}');
      // No one invites an owner: the input schema has no such role.
      expect(outcomes.owner).toMatch(
        role === "owner" || role === "admin" ? /^BAD_REQUEST \{"role":/ : /^FORBIDDEN \{\}/,
      );
      expect(await db.teamInvite.count({ where: { organizationId: team.teamId } })).toBe(
        mayInvite[role].length,
      );
    },
  );

  it.each(["admin", "owner"] as const)(
    "as %s, a member's role changes exactly as docs/roles.md lists",
    async (role) => {
      const db = database.prisma;
      for (const from of roles) {
        for (const to of roles) {
          const team = await createTeamFixture(db, "set-role");
          // A second member with role `from`, so the caller never changes their own membership.
          const target = await createTeamFixture(db, "target");
          const memberId = `m-target-${target.teamId}`;
          await db.member.create({
            data: {
              id: memberId,
              organizationId: team.teamId,
              userId: target.users.viewer.userId,
              role: from,
              createdAt: new Date(),
            },
          });
          const outcome = await api(db, callerFor(team, role))
            .team.setRole({ memberId, role: to })
            .then(() => "changed")
            .catch((error: TRPCError) => error.code);
          const expected =
            maySetRole[role].includes(from) && maySetRole[role].includes(to) ? "changed" : "FORBIDDEN";
          expect({ from, to, outcome }).toEqual({ from, to, outcome: expected });
        }
      }
    },
  );
});

describe("team scoping", () => {
  it("lists only the active team's labs and members", async () => {
    const db = database.prisma;
    const own = await createTeamFixture(db, "own");
    const foreign = await createTeamFixture(db, "foreign");
    const labs = await api(db, callerFor(own, "viewer")).lab.list({});
    expect(labs.items.map((lab) => lab.id)).toEqual([own.labId]);
    const members = await api(db, callerFor(own, "viewer")).team.members();
    expect(members.map((member) => member.userId).sort()).toEqual(
      Object.values(own.users)
        .map((user) => user.userId)
        .sort(),
    );
    expect(
      members.some((member) => Object.values(foreign.users).some((user) => user.userId === member.userId)),
    ).toBe(false);
  });
});
