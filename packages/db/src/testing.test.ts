import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseHealth } from "./health";
import { defaultMigrationsDir, readMigrations } from "./migrations/files";
import { createTestDatabase, type TestDatabase } from "./testing";

describe("createTestDatabase", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("gives a migrated database with a working Prisma client", async () => {
    const team = await database.prisma.organization.create({
      data: { id: "team-1", name: "Lab Team", slug: "lab-team", createdAt: new Date() },
    });
    const lab = await database.prisma.lab.create({ data: { organizationId: team.id, name: "notebook-7" } });
    expect(lab).toMatchObject({ name: "notebook-7", owner: "", version: 1, cpuCores: null });
    expect(lab.id).toMatch(/^c[a-z0-9]{20,}$/);

    await expect(
      database.prisma.lab.create({ data: { organizationId: team.id, name: "notebook-7" } }),
    ).rejects.toThrow(/Unique constraint/);
  });

  it("deletes a team's labs, audit events and tokens with the team", async () => {
    const team = await database.prisma.organization.create({
      data: { id: "team-2", name: "Other", slug: "other", createdAt: new Date() },
    });
    const user = await database.prisma.user.create({
      data: { id: "user-1", name: "Ana", email: "ana@example.org" },
    });
    await database.prisma.lab.create({ data: { organizationId: team.id, name: "notebook-1" } });
    await database.prisma.auditEvent.create({
      data: {
        organizationId: team.id,
        actorType: "user",
        actorId: user.id,
        actorLabel: "Ana",
        action: "lab.create",
        entityType: "lab",
        entityId: "notebook-1",
        after: { name: "notebook-1", cpuCores: 4 },
      },
    });
    await database.prisma.apiToken.create({
      data: {
        organizationId: team.id,
        name: "agent",
        role: "agent",
        tokenHash: "f".repeat(64),
        prefix: "lbn_ffff",
        createdById: user.id,
      },
    });
    await database.prisma.organization.delete({ where: { id: team.id } });
    expect(await database.prisma.lab.count({ where: { organizationId: team.id } })).toBe(0);
    expect(await database.prisma.auditEvent.count({ where: { organizationId: team.id } })).toBe(0);
    expect(await database.prisma.apiToken.count({ where: { organizationId: team.id } })).toBe(0);
  });

  it("reports the database mode and migration counts for /api/health", async () => {
    const migrations = await readMigrations(defaultMigrationsDir());
    expect(await databaseHealth(database.url, database.kind)).toEqual({
      db: database.kind,
      migrations: { applied: migrations.length, pending: 0 },
    });
  });
});

describe("dropping a test database", () => {
  it("removes it", async () => {
    const database = await createTestDatabase();
    await database.drop();
    const client = new pg.Client({ connectionString: database.url, connectionTimeoutMillis: 3_000 });
    await expect(client.connect()).rejects.toThrow();
    await client.end().catch(() => {});
  });
});
