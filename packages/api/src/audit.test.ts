import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditedTransaction } from "./audit";
import { api, callerFor, createTeamFixture } from "./testing/fixtures";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

describe("audit trail", () => {
  it("records a mutation's event with actor, before/after and request id", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "audited");
    await api(db, callerFor(team, "owner"), "req-rename-1").team.rename({ name: "Renamed" });
    const events = await db.auditEvent.findMany({
      where: { organizationId: team.teamId, action: "team.rename" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "user",
      actorId: team.users.owner.userId,
      entityType: "team",
      entityId: team.teamId,
      before: { name: team.name },
      after: { name: "Renamed" },
      requestId: "req-rename-1",
    });
  });

  it("rolls the event back with its failed mutation", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "rollback");
    const scope = { db, requestId: "req-fail", caller: callerFor(team, "owner"), teamId: team.teamId };
    await expect(
      auditedTransaction(scope, async (tx, record) => {
        await tx.organization.update({ where: { id: team.teamId }, data: { name: "Half-written" } });
        record({ action: "team.rename", entityType: "team", entityId: team.teamId });
        throw new Error("the change fails after its event was recorded");
      }),
    ).rejects.toThrow("fails after");
    expect(await db.auditEvent.count({ where: { organizationId: team.teamId } })).toBe(0);
    expect((await db.organization.findUniqueOrThrow({ where: { id: team.teamId } })).name).toBe(team.name);
  });

  it("pages and filters the log for the active team only", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "paged");
    const other = await createTeamFixture(db, "other");
    for (let i = 0; i < 3; i++) await api(db, callerFor(team, "owner")).team.rename({ name: `Name ${i}` });
    await api(db, callerFor(other, "owner")).team.rename({ name: "Elsewhere" });
    const page = await api(db, callerFor(team, "viewer")).audit.list({ pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.items.every((event) => event.organizationId === team.teamId)).toBe(true);
    const filtered = await api(db, callerFor(team, "viewer")).audit.list({ entityType: "member" });
    expect(filtered.total).toBe(0);
    await expect(
      api(db, callerFor(team, "viewer")).audit.list({ from: new Date(2030, 0, 1), to: new Date(2020, 0, 1) }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
