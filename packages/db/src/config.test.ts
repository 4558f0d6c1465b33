import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DatabaseConfigError, findRepoRoot, getDatabaseConfig } from "./config";

const repoRoot = resolve(import.meta.dirname, "../../..");

describe("getDatabaseConfig", () => {
  it("uses the embedded database under <repo root>/.labnet when nothing is set", () => {
    expect(getDatabaseConfig({})).toEqual({ mode: "embedded", dataDir: join(repoRoot, ".labnet") });
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(getDatabaseConfig({ DATABASE_URL: "" }).mode).toBe("embedded");
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const url = "postgresql://labnet:secret@db.example:5432/labnet";
    expect(getDatabaseConfig({ DATABASE_URL: url })).toMatchObject({ mode: "postgres", url });
  });

  it("resolves LABNET_DATA_DIR to an absolute folder", () => {
    expect(getDatabaseConfig({ LABNET_DATA_DIR: "some/where" }).dataDir).toBe(resolve("some/where"));
  });

  it("names the variable and the rule when DATABASE_URL is not a PostgreSQL URL", () => {
    expect(() => getDatabaseConfig({ DATABASE_URL: "mysql://localhost/labnet" })).toThrow(
      DatabaseConfigError,
    );
    expect(() => getDatabaseConfig({ DATABASE_URL: "mysql://localhost/labnet" })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ connection URL/,
    );
  });
});

describe("findRepoRoot", () => {
  it("finds the workspace root from inside a package", () => {
    expect(findRepoRoot(import.meta.dirname)).toBe(repoRoot);
  });

  it("falls back to the start folder outside any workspace", () => {
    expect(findRepoRoot("/")).toBe("/");
  });
});
