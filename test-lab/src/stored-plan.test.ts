import { appRouter, createCallerFactory } from "@labnet/api";
import { type AgentTestbed, createAgentTestbed } from "@labnet/api/agent/testing";
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPlanTarget } from "./stored-plan";

let database: TestDatabase;
let testbed: AgentTestbed;

beforeAll(async () => {
  database = await createTestDatabase();
  testbed = await createAgentTestbed(database.prisma);
}, 180_000);

afterAll(async () => {
  await testbed?.close();
  await database?.drop();
});

describe("loadPlanTarget", () => {
  it("returns the network the plan would publish, not the inventory edited since", async () => {
    const { admin } = testbed;
    const caller = createCallerFactory(appRouter)({ db: admin.db, requestId: "lab", caller: admin.caller });
    const created = await caller.plan.create({ title: "bring the labs up" });
    const leasesBefore = await database.prisma.staticLease.count({ where: { organizationId: admin.teamId } });
    expect(leasesBefore).toBeGreaterThan(1);
    const oneLease = await database.prisma.staticLease.findFirstOrThrow({
      where: { organizationId: admin.teamId },
    });
    await database.prisma.staticLease.delete({ where: { id: oneLease.id } });

    const result = await loadPlanTarget(database.prisma, created.id);
    if (!result.ok) throw new Error(result.error);
    expect(result.plan).toMatchObject({ id: created.id, number: created.number, title: "bring the labs up" });
    expect(result.plan.model.leases).toHaveLength(leasesBefore);
    expect(result.plan.model.machines.map((machine) => machine.id)).toContain(
      testbed.ids.get("berlin-router"),
    );
  });

  it("names an unknown plan id", async () => {
    const result = await loadPlanTarget(database.prisma, "no-such-plan");
    expect(result).toEqual({ ok: false, error: expect.stringContaining("plan no-such-plan not found") });
  });

  it("refuses a stored target that no longer fits the model, naming the field", async () => {
    const { admin } = testbed;
    const caller = createCallerFactory(appRouter)({ db: admin.db, requestId: "lab", caller: admin.caller });
    const created = await caller.plan.create({ title: "old snapshot" });
    const plan = await database.prisma.plan.findUniqueOrThrow({ where: { id: created.id } });
    await database.prisma.modelSnapshot.update({
      where: { id: plan.targetSnapshotId },
      data: { model: { machines: "not a list" } },
    });
    const result = await loadPlanTarget(database.prisma, created.id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not a valid model today:\n.*machines/);
  });
});
