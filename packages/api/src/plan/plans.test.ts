// Plans on the test database (real PostgreSQL when TEST_DATABASE_URL is set, else embedded):
// draft → approve → publish, stale bases, the concurrent publish race, acknowledgements, rollout
// from agent reports, staged canary release, rollback and revision history.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { demoModel } from "@labnet/model/demo";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentTestbed, createAgentTestbed } from "../agent/testing";
import type { Database } from "../db";
import { insertModel } from "../inventory/mapper";
import { api, callerFor, createTeamFixture, type TeamFixture } from "../testing/fixtures";

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

interface DemoTeam {
  team: TeamFixture;
  ids: Map<string, string>;
  editor: ReturnType<typeof api>;
  admin: ReturnType<typeof api>;
}

async function demoTeam(): Promise<DemoTeam> {
  const team = await createTeamFixture(db, "plans");
  const ids = await db.$transaction((tx) => insertModel(tx, team.teamId, demoModel), { timeout: 60_000 });
  return { team, ids, editor: api(db, callerFor(team, "editor")), admin: api(db, callerFor(team, "admin")) };
}

function forTestbed(bed: AgentTestbed): DemoTeam {
  return {
    team: bed.team,
    ids: bed.ids,
    editor: api(db, callerFor(bed.team, "editor")),
    admin: api(db, callerFor(bed.team, "admin")),
  };
}

async function moveLease(team: DemoTeam, ip: string) {
  await db.staticLease.update({ where: { id: team.ids.get("lease-berlin-host")! }, data: { ip } });
}

/** The keys of every blocking finding of the plan: what the publisher acknowledges. */
async function blockingKeys(team: DemoTeam, id: string) {
  return (await team.editor.plan.get({ id })).preview.blocking.map((finding) => finding.key);
}

/** Draft, approve and publish (acknowledging the demo's black hole); returns the plan's id. */
async function publishNow(team: DemoTeam, title: string) {
  const plan = await team.editor.plan.create({ title });
  const approved = await team.admin.plan.approve({ id: plan.id, version: plan.version });
  const acknowledgements = await blockingKeys(team, plan.id);
  await team.admin.plan.publish({ id: plan.id, version: approved.version, acknowledgements });
  return plan.id;
}

async function rejection(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe("drafting and publishing", () => {
  it("previews the first publish, publishes revisions with the plan id and moves the head", async () => {
    const team = await demoTeam();
    const plan = await team.editor.plan.create({ title: "First publish", description: "bring the labs up" });
    expect(plan.number).toBe(1);
    const detail = await team.editor.plan.get({ id: plan.id });
    expect(detail).toMatchObject({ status: "draft", title: "First publish", machinesAffected: 7 });
    expect(detail.preview.machines.every((machine) => machine.change === "added")).toBe(true);

    const publishedEarly = await rejection(team.admin.plan.publish({ id: plan.id, version: plan.version }));
    expect(publishedEarly.message).toMatch(/draft: an admin approves it first/);

    // The demo's LTE uplink black-holes large packets: the first publish must acknowledge it.
    expect(detail.preview.blocking.map((finding) => finding.ruleId)).toEqual(["path.black-hole"]);
    const approved = await team.admin.plan.approve({ id: plan.id, version: plan.version });
    const result = await team.admin.plan.publish({
      id: plan.id,
      version: approved.version,
      acknowledgements: await blockingKeys(team, plan.id),
    });
    expect(result.published).toHaveLength(7);
    const revisions = await db.machineRevision.findMany({ where: { planId: plan.id } });
    expect(revisions).toHaveLength(7);
    expect(revisions.every((revision) => revision.number === 1)).toBe(true);

    const list = await team.editor.plan.list({});
    expect(list.head).toMatchObject({ planId: plan.id, planNumber: 1 });
    expect(list.items[0]).toMatchObject({
      status: "published",
      publishedBy: expect.stringContaining("admin"),
    });
    const actions = (await team.editor.plan.get({ id: plan.id })).history.map((event) => event.action);
    expect(actions).toEqual(["plan.create", "plan.approve", "plan.publish"]);
  });

  it("refuses a plan that changes nothing, naming the plan that published this network", async () => {
    const team = await demoTeam();
    await publishNow(team, "baseline");
    const error = await rejection(team.editor.plan.create({ title: "nothing" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Nothing to publish: this network is exactly what plan #1 published/);
  });

  it("previews a lease move against the published network and publishes only the machines it changes", async () => {
    const team = await demoTeam();
    await publishNow(team, "baseline");
    await moveLease(team, "192.168.10.77");
    const current = await team.editor.plan.previewCurrent();
    expect(current.empty).toBe(false);
    const plan = await team.editor.plan.create({ title: "Move berlin-host" });
    const detail = await team.editor.plan.get({ id: plan.id });
    expect(detail.preview.machines.map((machine) => machine.machineName)).toEqual([
      "berlin-host",
      "berlin-router",
    ]);
    expect(detail.baseIsHead).toBe(true);
    const approved = await team.admin.plan.approve({ id: plan.id, version: plan.version });
    const result = await team.admin.plan.publish({ id: plan.id, version: approved.version });
    expect(result.published.map((revision) => [revision.machineName, revision.number])).toEqual([
      ["berlin-host", 2],
      ["berlin-router", 2],
    ]);
  });

  it("rejects a stale version with who changed the plan, and a bad canary on its field", async () => {
    const team = await demoTeam();
    const plan = await team.editor.plan.create({ title: "Lease move" });
    await team.admin.plan.approve({ id: plan.id, version: plan.version });
    const stale = await rejection(
      team.editor.plan.update({ id: plan.id, version: plan.version, title: "Renamed" }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toMatch(/changed by someone else.*approve by admin/);

    const machineWithoutFiles = team.ids.get("berlin-ci")!;
    const badCanary = await rejection(
      team.editor.plan.update({
        id: plan.id,
        version: plan.version + 1,
        title: "Lease move",
        staged: true,
        canaryMachineId: machineWithoutFiles,
      }),
    );
    expect(badCanary.code).toBe("BAD_REQUEST");
    expect(
      (badCanary.cause as unknown as { fields: Record<string, string> }).fields?.canaryMachineId,
    ).toMatch(/the canary must be a machine this plan changes/);
    const noCanary = await rejection(team.editor.plan.create({ title: "staged", staged: true }));
    expect(noCanary.message).toMatch(/a staged rollout needs a canary machine/);
  });
});

describe("two plans never publish over each other", () => {
  it("lets exactly one of two concurrent publishes win; the other becomes stale and says which plan won", async () => {
    const team = await demoTeam();
    const first = await team.editor.plan.create({ title: "A" });
    const second = await team.editor.plan.create({ title: "B" });
    const a = await team.admin.plan.approve({ id: first.id, version: first.version });
    const b = await team.admin.plan.approve({ id: second.id, version: second.version });
    const acknowledgements = await blockingKeys(team, first.id);
    const outcomes = await Promise.allSettled([
      team.admin.plan.publish({ id: first.id, version: a.version, acknowledgements }),
      api(db, callerFor(team.team, "owner")).plan.publish({
        id: second.id,
        version: b.version,
        acknowledgements,
      }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const lost = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(TRPCError);
    expect(lost.reason.code).toBe("CONFLICT");
    const winner = outcomes[0]!.status === "fulfilled" ? first : second;
    const loser = winner === first ? second : first;
    expect(lost.reason.message).toBe(
      `The network was published by plan #${winner.number} since this plan was made — re-plan to preview this change against it.`,
    );
    const loserNow = await team.editor.plan.get({ id: loser.id });
    expect(loserNow).toMatchObject({ status: "stale", baseIsHead: false });
    expect(loserNow.staleReason).toBe(`plan #${winner.number} was published since this plan was made`);
    // One set of revisions: the loser wrote nothing.
    expect(await db.machineRevision.count({ where: { planId: loser.id } })).toBe(0);
    expect(await db.machineRevision.count({ where: { organizationId: team.team.teamId } })).toBe(7);
  });

  it("publishes a re-planned stale plan on top of the new head", async () => {
    const team = await demoTeam();
    const early = await team.editor.plan.create({ title: "early" });
    await publishNow(team, "baseline");
    const stale = await team.editor.plan.get({ id: early.id });
    expect(stale.status).toBe("stale");
    const approveStale = await rejection(team.admin.plan.approve({ id: early.id, version: stale.version }));
    expect(approveStale.message).toMatch(/is stale: re-plan it/);

    await moveLease(team, "192.168.10.78");
    const replanned = await team.editor.plan.replan({ id: early.id, version: stale.version });
    const fresh = await team.editor.plan.get({ id: early.id });
    expect(fresh).toMatchObject({ status: "draft", baseIsHead: true, machinesAffected: 2 });
    const approved = await team.admin.plan.approve({ id: early.id, version: replanned.version });
    const published = await team.admin.plan.publish({ id: early.id, version: approved.version });
    expect(published.published).toHaveLength(2);
  });
});

describe("blocking findings", () => {
  it("publishes a change that partitions the mesh only when each blocking finding is acknowledged", async () => {
    const team = await demoTeam();
    await publishNow(team, "baseline");
    const hamburg = team.ids.get("site-hamburg")!;
    await db.siteConnect.deleteMany({
      where: { OR: [{ siteId: hamburg }, { peerId: hamburg }] },
    });
    const plan = await team.editor.plan.create({ title: "Cut hamburg" });
    const detail = await team.editor.plan.get({ id: plan.id });
    expect(detail.blockingCount).toBeGreaterThan(0);
    const partitioned = detail.preview.blocking.find((finding) => finding.ruleId === "mesh.partitioned")!;
    const approved = await team.admin.plan.approve({ id: plan.id, version: plan.version });

    const refused = await rejection(team.admin.plan.publish({ id: plan.id, version: approved.version }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(
      (refused.cause as unknown as { fields: Record<string, string> }).fields.acknowledgements,
    ).toContain("“Intranet mesh is not connected”");
    expect(await db.machineRevision.count({ where: { planId: plan.id } })).toBe(0);

    await team.admin.plan.publish({
      id: plan.id,
      version: approved.version,
      acknowledgements: detail.preview.blocking.map((finding) => finding.key),
    });
    const after = await team.editor.plan.get({ id: plan.id });
    expect(after.acknowledgements).toContainEqual(expect.objectContaining({ key: partitioned.key }));
  });
});

describe("rollout, staging, rollback and history", () => {
  let bed: AgentTestbed;
  let team: DemoTeam;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    bed = await createAgentTestbed(db, { listenUrl: database.url });
    team = forTestbed(bed);
  }, 120_000);
  afterAll(async () => {
    await bed?.close();
  });

  async function report(token: string, revision: number, status: string, log: string[], error?: string) {
    const config = (await (await bed.call("/config", { token })).json()) as { sha256: string };
    const response = await bed.call("/reports", {
      method: "POST",
      token,
      body: JSON.stringify({
        reportId: `r-${crypto.randomUUID()}`,
        revision,
        sha256: config.sha256,
        status,
        startedAt: new Date(Date.now() - 1000).toISOString(),
        finishedAt: new Date().toISOString(),
        log,
        ...(error ? { error } : {}),
      }),
    });
    expect(response.status).toBeLessThan(300);
  }

  it("shows pending until the agent reports, then applied; a failure shows the agent's log", async () => {
    tokens.berlin = (await bed.enroll("berlin-router", "berlin-owrt")).agentToken;
    tokens.munich = (await bed.enroll("munich-router", "munich-owrt")).agentToken;
    const planId = await publishNow(team, "baseline");
    let rollout = await team.editor.plan.rollout({ id: planId });
    expect(rollout.settled).toBe(false);
    const row = (name: string) => rollout.machines.find((machine) => machine.machineName === name)!;
    expect(row("berlin-router")).toMatchObject({ status: "pending", agent: { hostname: "berlin-owrt" } });
    expect(row("hamburg-router").note).toMatch(/enroll one for this machine/);

    await report(tokens.berlin!, 1, "applied", ["wrote /etc/config/dhcp"]);
    await report(
      tokens.munich!,
      1,
      "rolled_back",
      ["wrote /etc/config/network", "network reload failed"],
      "ifup wan: exit 1",
    );
    rollout = await team.editor.plan.rollout({ id: planId });
    expect(row("berlin-router")).toMatchObject({
      status: "applied",
      report: { log: ["wrote /etc/config/dhcp"] },
    });
    expect(row("munich-router")).toMatchObject({
      status: "rolled_back",
      report: { error: "ifup wan: exit 1", log: ["wrote /etc/config/network", "network reload failed"] },
    });
    expect(row("munich-router").note).toMatch(/restored the previous files/);
    expect(rollout.counts).toMatchObject({ applied: 1, rolled_back: 1, pending: 5 });
  });

  it("sends a staged plan to the canary first and to the rest as soon as the canary reports applied", async () => {
    await moveLease(team, "192.168.10.79");
    const berlinRouter = team.ids.get("berlin-router")!;
    const plan = await team.editor.plan.create({
      title: "Staged move",
      staged: true,
      canaryMachineId: berlinRouter,
    });
    const approved = await team.admin.plan.approve({ id: plan.id, version: plan.version });
    const published = await team.admin.plan.publish({ id: plan.id, version: approved.version });
    expect(published).toMatchObject({
      waitingForCanary: true,
      published: [{ machineName: "berlin-router" }],
    });

    let rollout = await team.editor.plan.rollout({ id: plan.id });
    expect(rollout.machines.map((machine) => [machine.machineName, machine.status, machine.canary])).toEqual([
      ["berlin-router", "pending", true],
      ["berlin-host", "waiting", false],
    ]);
    await report(tokens.berlin!, 2, "applied", ["reloaded dnsmasq"]);
    // The canary's report itself releases the rest: nobody has to watch the rollout page.
    expect((await db.plan.findUniqueOrThrow({ where: { id: plan.id } })).releasedAt).not.toBeNull();

    rollout = await team.editor.plan.rollout({ id: plan.id });
    expect(rollout.plan.releasedAt).not.toBeNull();
    expect(rollout.machines.map((machine) => [machine.machineName, machine.status])).toEqual([
      ["berlin-router", "applied"],
      ["berlin-host", "pending"],
    ]);
    const release = await db.auditEvent.findFirst({ where: { entityId: plan.id, action: "plan.release" } });
    expect(release).toMatchObject({ actorType: "system", actorLabel: expect.stringContaining("canary") });
  });

  it("rolls back to an earlier plan's network, previewed as the exact reverse", async () => {
    const list = await team.editor.plan.list({ status: "published" });
    const baseline = list.items.find((plan) => plan.title === "baseline")!;
    const rollback = await team.admin.plan.rollback({ planId: baseline.id });
    const detail = await team.editor.plan.get({ id: rollback.id });
    expect(detail).toMatchObject({
      title: `Roll back to plan #${baseline.number}`,
      rollbackOf: { id: baseline.id },
    });
    const dhcp = detail.preview.machines
      .find((machine) => machine.machineName === "berlin-router")!
      .files.find((file) => file.path === "/etc/config/dhcp")!;
    expect(dhcp.patch).toContain("-\toption ip '192.168.10.79'");
    expect(dhcp.patch).toContain("+\toption ip '192.168.10.5'");
    const notPublished = await rejection(team.admin.plan.rollback({ planId: rollback.id }));
    expect(notPublished.message).toMatch(/was never published \(it is draft\)/);
  });

  it("lists a machine's revisions with their plans and diffs any two of them", async () => {
    const berlinRouter = team.ids.get("berlin-router")!;
    const history = await team.editor.plan.machineRevisions({ machineId: berlinRouter });
    expect(history.items.map((revision) => [revision.number, revision.plan?.title])).toEqual([
      [2, "Staged move"],
      [1, "baseline"],
    ]);
    const diff = await team.editor.plan.revisionDiff({ machineId: berlinRouter, from: 1, to: 2 });
    const dhcp = diff.files.find((file) => file.path === "/etc/config/dhcp")!;
    expect(dhcp.patch).toContain("+\toption ip '192.168.10.79'");
    const missing = await rejection(
      team.editor.plan.revisionDiff({ machineId: berlinRouter, from: 1, to: 9 }),
    );
    expect((missing.cause as unknown as { fields: Record<string, string> }).fields.to).toBe(
      "berlin-router has no revision 9",
    );
  });
});
