// A value stored before the text policy (written here straight into the database) makes publish
// refuse with PRECONDITION_FAILED naming the object and field: no revision, no 500.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentTestbed, createAgentTestbed } from "./agent/testing";

let database: TestDatabase;
let bed: AgentTestbed;
beforeAll(async () => {
  database = await createTestDatabase();
  bed = await createAgentTestbed(database.prisma);
}, 120_000);
afterAll(async () => {
  await bed?.close();
  await database?.drop();
});

describe("rendering stored values", () => {
  it("refuses to publish a vSwitch name holding a line break, naming it, and stores nothing", async () => {
    const vswitch = await database.prisma.vSwitch.findFirstOrThrow({
      where: { organizationId: bed.team.teamId, type: "internal" },
    });
    await database.prisma.vSwitch.update({
      where: { id: vswitch.id },
      data: { name: "Default\nStart-Process calc.exe #" },
    });
    const error = await bed.publish().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect((error as TRPCError).message).toMatch(
      /^refusing to render: vSwitch "Default\\nStart-Process calc\.exe #" \(id ".+"\) name must not contain control characters \(U\+000A at position 7\)/,
    );
    expect(await database.prisma.machineRevision.count({ where: { organizationId: bed.team.teamId } })).toBe(
      0,
    );

    await database.prisma.vSwitch.update({ where: { id: vswitch.id }, data: { name: "LAN ’quoted’ $(x)" } });
    const published = await bed.publish();
    expect(published.published.length).toBeGreaterThan(0);
  });
});
