import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoModelInput } from "@labnet/model/demo";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli";

const root = join(import.meta.dirname, "..", "..", "..");
const exampleFile = join(root, "examples", "demo-model.json");
const scratch = mkdtempSync(join(tmpdir(), "labnet-sim-"));

describe("labnet-sim CLI", () => {
  it("examples/demo-model.json is the demo model (regenerate it from demoModelInput when the demo changes)", () => {
    expect(JSON.parse(readFileSync(exampleFile, "utf8"))).toEqual(JSON.parse(JSON.stringify(demoModelInput)));
  });

  it("analyzes the example as a table, exit 1 for blocking findings", () => {
    const result = runCli(["analyze", exampleFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("ERRORS (1)");
    expect(result.stdout).toMatch(/seg:hamburg-lan\s+4\s+yes\s+1428\s+hamburg-lte\s+black-hole/);
  });

  it("prints the analysis as JSON", () => {
    const result = runCli(["analyze", exampleFile, "--format", "json"]);
    expect(JSON.parse(result.stdout).sites).toHaveLength(4);
  });

  it("diffs two models", () => {
    const after = structuredClone(demoModelInput);
    after.machines!.find((machine) => machine.id === "hamburg-router")!.router!.uplink![0]!.mtu = 1500;
    const afterFile = join(scratch, "after.json");
    writeFileSync(afterFile, JSON.stringify(after));
    const result = runCli(["diff", exampleFile, afterFile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "internet seg:hamburg-lan: 1428 tcp black-hole udp black-hole -> 1500 tcp ok udp ok",
    );
    expect(result.stdout).toContain("FINDINGS RESOLVED");
    expect(runCli(["diff", exampleFile, exampleFile]).stdout).toBe(
      "No changes in reachability, paths, services or findings.",
    );
  });

  it("names the file, field and rule for bad input, exit 2", () => {
    const broken = structuredClone(demoModelInput);
    broken.leases![0]!.mac = "00:15:5d:zz:00:01";
    const brokenFile = join(scratch, "broken.json");
    writeFileSync(brokenFile, JSON.stringify(broken));
    const result = runCli(["analyze", brokenFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.json: leases\.0\.mac: .*not a MAC address/);
    const notJson = join(scratch, "not.json");
    writeFileSync(notJson, "{ nope");
    expect(runCli(["analyze", notJson])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("not valid JSON"),
    });
    expect(runCli(["analyze"]).code).toBe(2);
    expect(runCli(["analyze", exampleFile, "--format", "xml"]).code).toBe(2);
  });
});
