import { cp, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEmbeddedState, writeEmbeddedState } from "./embedded-state";
import { createHealthPool, healthReport } from "./health";
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

  it("answers through a kept pool without a new connection per check", async () => {
    const pool = createHealthPool(database.url, database.kind);
    try {
      for (let check = 0; check < 3; check++) {
        expect((await healthReport(pool, database.kind, "1.2.3")).httpStatus).toBe(200);
      }
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("reports the supervised embedded server: its state when running, 503 and why while it restarts", async () => {
    const running = await healthReport(database.url, database.kind, "1.2.3", {
      embedded: { status: "running", pid: 42, restarts: 1 },
    });
    expect(running.httpStatus).toBe(200);
    expect(running.body.embedded).toEqual({ status: "running", pid: 42, restarts: 1 });

    const restarting = await healthReport(database.url, database.kind, "1.2.3", {
      embedded: { status: "restarting", attempt: 2, maxRestarts: 5, lastExit: "SIGKILL", restarts: 1 },
    });
    expect(restarting.httpStatus).toBe(503);
    expect(restarting.body.reason).toBe(
      "the embedded database stopped (SIGKILL) and is being restarted (attempt 2 of 5)",
    );

    const failed = await healthReport(database.url, database.kind, "1.2.3", {
      embedded: {
        status: "failed",
        reason: "the server exited (SIGKILL) and 5 restart(s) failed",
        restarts: 0,
      },
    });
    expect(failed.httpStatus).toBe(503);
    expect(failed.body.reason).toBe(
      "the embedded database is gone and labnet is stopping: the server exited (SIGKILL) and 5 restart(s) failed",
    );
  });
});

describe("embedded state file", () => {
  it("round-trips the supervisor's state, owner-only, and reads a missing or broken file as unknown", async () => {
    const dir = await mkdtemp(join(tmpdir(), "labnet-state-"));
    try {
      expect(await readEmbeddedState(dir)).toBeUndefined();
      const state = {
        status: "restarting",
        attempt: 1,
        maxRestarts: 5,
        lastExit: "SIGKILL",
        restarts: 0,
      } as const;
      await writeEmbeddedState(dir, state);
      expect(await readEmbeddedState(dir)).toEqual(state);
      expect((await stat(join(dir, "embedded-state.json"))).mode & 0o777).toBe(0o600);
      await writeFile(join(dir, "embedded-state.json"), '{"status":"sleeping"}');
      expect(await readEmbeddedState(dir)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
