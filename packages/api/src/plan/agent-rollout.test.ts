// Integration with the real labnet-agent (apps/agent, built to one file): publish a plan, let
// one agent apply it into a folder and another fail its health check and roll back; the rollout
// shows applied, and rolled back with the agent's own log lines.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentTestbed, createAgentTestbed, serveFetchHandler } from "../agent/testing";
import { api, callerFor } from "../testing/fixtures";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "..", "..", "..", "..");
const agentFile = join(repo, "apps/agent/dist/labnet-agent.mjs");

let database: TestDatabase;
let bed: AgentTestbed;
let server: Awaited<ReturnType<typeof serveFetchHandler>>;
let work: string;
beforeAll(async () => {
  await run("npm", ["run", "build", "-w", "@labnet/agent"], { cwd: repo });
  database = await createTestDatabase();
  bed = await createAgentTestbed(database.prisma, { listenUrl: database.url, pollIntervalSeconds: 1 });
  server = await serveFetchHandler(bed.handler);
  work = await mkdtemp(join(tmpdir(), "labnet-plan-agent-"));
}, 180_000);
afterAll(async () => {
  await server?.close();
  await bed?.close();
  await database?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function runAgent(machine: string, extra: string[] = []) {
  const stateDir = join(work, machine, "state");
  const root = join(work, machine, "root");
  const token = await bed.enrollmentToken(machine);
  await run(process.execPath, [
    agentFile,
    "enroll",
    "--server",
    server.url,
    "--token",
    token,
    "--state-dir",
    stateDir,
    "--hostname",
    `real-${machine}`,
  ]);
  // `run --once` exits non-zero when the apply did not succeed; its output is what we check.
  const { stdout } = await run(process.execPath, [
    agentFile,
    "run",
    "--once",
    "--state-dir",
    stateDir,
    "--root",
    root,
    "--health-timeout",
    "5",
    ...extra,
  ]).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return { stdout, root };
}

describe("a published plan applied by the real agent", () => {
  it("turns applied for a healthy machine and rolled back, with the agent's log, for a failing one", async () => {
    const editor = api(database.prisma, callerFor(bed.team, "editor"));
    const admin = api(database.prisma, callerFor(bed.team, "admin"));
    const plan = await editor.plan.create({ title: "First publish" });
    const approved = await admin.plan.approve({ id: plan.id, version: plan.version });
    const acknowledgements = (await admin.plan.get({ id: plan.id })).preview.blocking.map((f) => f.key);
    await admin.plan.publish({ id: plan.id, version: approved.version, acknowledgements });

    const healthy = await runAgent("berlin-router");
    expect(healthy.stdout).toMatch(/applied/);
    expect(await readFile(join(healthy.root, "etc/config/dhcp"), "utf8")).toContain("config host");
    const failing = await runAgent("munich-router", ["--health-check", "exit 3"]);
    expect(failing.stdout).toMatch(/rolled_back|health check failed/);
    // The rollback removed the files it had created.
    expect(await readdir(join(failing.root, "etc/config")).catch(() => [])).toEqual([]);

    const rollout = await editor.plan.rollout({ id: plan.id });
    const row = (name: string) => rollout.machines.find((machine) => machine.machineName === name)!;
    expect(row("berlin-router")).toMatchObject({
      status: "applied",
      agent: { hostname: "real-berlin-router" },
    });
    expect(row("munich-router")).toMatchObject({ status: "rolled_back" });
    expect(row("munich-router").report!.error).toMatch(/health check failed: `exit 3` exited 3/);
    expect(row("munich-router").report!.log.join("\n")).toMatch(/restoring the previous files/);
    expect(row("munich-router").note).toMatch(/restored the previous files/);
    expect(rollout.settled).toBe(false);
  });
});
