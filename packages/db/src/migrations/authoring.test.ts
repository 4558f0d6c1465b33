import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findRepoRoot } from "../config";
import { createMigration, diffMigrationsToSchema } from "./authoring";

const repoRoot = findRepoRoot(import.meta.dirname);
const committedSchema = join(repoRoot, "prisma", "schema.prisma");
const committedMigrations = join(repoRoot, "prisma", "migrations");

describe("drift check", () => {
  it("finds no drift between the committed migrations and schema.prisma", async () => {
    const diff = await diffMigrationsToSchema({
      migrationsDir: committedMigrations,
      schemaPath: committedSchema,
    });
    expect(diff).toMatchObject({ empty: true });
  });

  describe("with a schema that gained a field", () => {
    let workDir: string;
    let schemaPath: string;
    let migrationsDir: string;

    beforeEach(async () => {
      workDir = await mkdtemp(join(tmpdir(), "labnet-drift-"));
      schemaPath = join(workDir, "schema.prisma");
      migrationsDir = join(workDir, "migrations");
      await cp(committedMigrations, migrationsDir, { recursive: true });
      const schema = await readFile(committedSchema, "utf8");
      const withLocation = schema.replace(
        /(model Lab \{\n(?:.*\n)*?\s+notes\s+String\s+@default\(""\)\n)/,
        '$1  location       String       @default("")\n',
      );
      expect(withLocation).not.toBe(schema);
      await writeFile(schemaPath, withLocation);
    });
    afterEach(() => rm(workDir, { recursive: true, force: true }));

    it("reports the missing SQL", async () => {
      const diff = await diffMigrationsToSchema({ migrationsDir, schemaPath });
      expect(diff.empty).toBe(false);
      expect(diff.sql).toContain(`ALTER TABLE "lab" ADD COLUMN     "location" TEXT NOT NULL DEFAULT ''`);
    });

    it("makes `migration:check` exit non-zero and print that SQL", () => {
      const run = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "scripts/migration-check.ts",
          "--migrations",
          migrationsDir,
          "--schema",
          schemaPath,
        ],
        {
          cwd: join(import.meta.dirname, "..", ".."),
          encoding: "utf8",
          timeout: 60_000,
          env: { ...process.env },
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("drift:");
      expect(run.stderr).toContain(`ADD COLUMN     "location"`);
    });

    it("authors the migration that removes the drift", async () => {
      const created = await createMigration("Add lab location", {
        migrationsDir,
        schemaPath,
        now: new Date("2026-12-01T10:00:00Z"),
      });
      expect(created?.folder).toBe(join(migrationsDir, "20261201100000_add_lab_location"));
      expect(await readdir(migrationsDir)).toContain("20261201100000_add_lab_location");
      expect(await diffMigrationsToSchema({ migrationsDir, schemaPath })).toMatchObject({ empty: true });
      expect(await createMigration("again", { migrationsDir, schemaPath })).toBeUndefined();
    });

    it("refuses a migration name with characters Prisma's folders cannot hold", async () => {
      await expect(createMigration("lab/location", { migrationsDir, schemaPath })).rejects.toThrow(
        'migration name "lab/location" may contain only letters, digits, spaces, - and _',
      );
    });
  });
});
