import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthReport } from "./health";
import { defaultMigrationsDir } from "./migrations/files";
import { createTestDatabase, type TestDatabase } from "./testing";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

describe("healthReport", () => {
  it("is ok when every migration is applied", async () => {
    const report = await healthReport(database.url, database.kind, "1.2.3");
    expect(report.httpStatus).toBe(200);
    expect(report.body).toMatchObject({
      status: "ok",
      db: database.kind,
      version: "1.2.3",
      migrations: { pending: 0 },
    });
    expect(report.body.migrations!.applied).toBeGreaterThan(0);
  });

  it("answers 503 with the number of pending migrations", async () => {
    const dir = await mkdtemp(join(tmpdir(), "labnet-health-"));
    try {
      await cp(defaultMigrationsDir(), dir, { recursive: true });
      await mkdir(join(dir, "29991231000000_future"));
      await writeFile(join(dir, "29991231000000_future", "migration.sql"), "SELECT 1;\n");
      const report = await healthReport(database.url, database.kind, "1.2.3", { migrationsDir: dir });
      expect(report.httpStatus).toBe(503);
      expect(report.body.reason).toBe("1 migration(s) pending: restart labnet to apply them");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("answers 503 with a reason when the database is unreachable", async () => {
    const report = await healthReport("postgres://labnet@127.0.0.1:1/labnet", "postgres", "1.2.3");
    expect(report.httpStatus).toBe(503);
    expect(report.body.status).toBe("error");
    expect(report.body.reason).toMatch(/^database unreachable: /);
  });
});
