import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { prismaTimestamp } from "./authoring";
import { readMigrations } from "./files";

describe("readMigrations", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("returns migrations in folder-name order with Prisma's checksum", async () => {
    dir = await mkdtemp(join(tmpdir(), "labnet-files-"));
    for (const [name, sql] of [
      ["20260102000000_second", "SELECT 2;"],
      ["20260101000000_first", "SELECT 1;\n"],
    ]) {
      await mkdir(join(dir, name!));
      await writeFile(join(dir, name!, "migration.sql"), sql!);
    }
    await writeFile(join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    const migrations = await readMigrations(dir);
    expect(migrations.map((migration) => migration.name)).toEqual([
      "20260101000000_first",
      "20260102000000_second",
    ]);
    // sha256("SELECT 1;\n"), as `sha256sum` prints it.
    expect(migrations[0]!.checksum).toBe("b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd");
  });

  it("names a missing migrations folder", async () => {
    await expect(readMigrations("/nonexistent/prisma/migrations")).rejects.toThrow(
      "migrations folder /nonexistent/prisma/migrations does not exist",
    );
  });
});

describe("prismaTimestamp", () => {
  it("formats as yyyyMMddHHmmss in UTC", () => {
    expect(prismaTimestamp(new Date("2026-11-22T03:04:05.678Z"))).toBe("20261122030405");
  });

  it("sorts like the dates it encodes", () => {
    const moment = fc.date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2999-12-31T23:59:59Z"),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(moment, moment, (a, b) => {
        const [first, second] = [prismaTimestamp(a), prismaTimestamp(b)];
        const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
        expect(Math.sign(first.localeCompare(second))).toBe(Math.sign(seconds(a) - seconds(b)));
      }),
    );
  });
});
