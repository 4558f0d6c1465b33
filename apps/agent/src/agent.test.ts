// The real agent (the built single file, spawned as a process) against a running labnet agent API
// on the test database: enroll, apply into --root, dry run, rollback on a failed health check,
// recovery after being killed mid-apply, and a report spooled while labnet restarts.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createAgentHttpHandler } from "@labnet/api/agent";
import { type AgentTestbed, createAgentTestbed, serveFetchHandler } from "@labnet/api/agent/testing";
import { missingPrerequisite } from "@labnet/config/proof";
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failingBatch, neverPublishedReport, serveFailingOnBatch } from "./spool-fixtures";

const run = promisify(execFile);
const agentFile = join(import.meta.dirname, "..", "dist", "labnet-agent.mjs");
// Skipped without tincd, a failure instead under LABNET_REQUIRE_DAEMONS=1 (CI), like the proofs.
const hasTincd = (await missingPrerequisite(["tincd"], false)) === null;

let database: TestDatabase;
let bed: AgentTestbed;
let server: Awaited<ReturnType<typeof serveFetchHandler>>;
let work: string;
/**
 * PATH with a fake `ping` (a 1500-byte interface, then a path silently dropping packets above 1400
 * bytes) and a fake tinc 1.1 `tinc`; every agent run uses it, so no test pings the real network.
 */
let fakeEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  await run("npm", ["run", "build"], { cwd: join(import.meta.dirname, "..") });
  database = await createTestDatabase();
  bed = await createAgentTestbed(database.prisma, {
    listenUrl: database.url,
    pollIntervalSeconds: 1,
    agentDir: join(import.meta.dirname, ".."),
  });
  server = await serveFetchHandler(bed.handler);
  work = await mkdtemp(join(tmpdir(), "labnet-agent-test-"));
  fakeEnv = await fakeTools(join(work, "bin"));
  await bed.publish();
}, 180_000);
afterAll(async () => {
  await server?.close();
  await bed?.close();
  await database?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function agent(args: string[], options: { allowFailure?: boolean } = {}) {
  const result = await run(process.execPath, [agentFile, ...args], { timeout: 60_000, env: fakeEnv }).catch(
    (error) => {
      if (!options.allowFailure)
        throw new Error(`labnet-agent ${args.join(" ")} failed: ${error.stderr}${error.stdout}`);
      return { stdout: error.stdout as string, stderr: error.stderr as string, code: error.code as number };
    },
  );
  return { code: 0, ...result };
}

async function enrolled(machine: string, name: string) {
  const stateDir = join(work, name, "state");
  const root = join(work, name, "root");
  const token = await bed.enrollmentToken(machine);
  await agent([
    "enroll",
    "--server",
    server.url,
    "--token",
    token,
    "--state-dir",
    stateDir,
    "--hostname",
    name,
  ]);
  const credentials = JSON.parse(await readFile(join(stateDir, "credentials.json"), "utf8"));
  expect((await stat(join(stateDir, "credentials.json"))).mode & 0o777).toBe(0o600);
  return {
    stateDir,
    root,
    agentId: credentials.agentId as string,
    common: ["--state-dir", stateDir, "--root", root],
  };
}

async function changeDhcpLeaseTime(machine: string, leaseTime: string) {
  const site = await bed.admin.db.site.findFirstOrThrow({ where: { routerId: bed.ids.get(machine)! } });
  await bed.admin.db.site.update({ where: { id: site.id }, data: { leaseTime } });
  await bed.publish();
}

const reportsOf = (agentId: string) =>
  bed.admin.db.agentReport.findMany({ where: { agentId }, orderBy: { receivedAt: "asc" } });

describe("labnet-agent", () => {
  it("prints what would change with --dry-run and writes nothing", async () => {
    const a = await enrolled("munich-router", "munich-dry");
    const { stdout } = await agent(["run", "--once", "--dry-run", ...a.common]);
    expect(stdout).toMatch(/would change/);
    expect(stdout).toContain(join(a.root, "etc/config/dhcp"));
    expect(existsSync(a.root)).toBe(false);
    expect(await reportsOf(a.agentId)).toEqual([]);
  });

  it("applies the published bundle under --root and reports it applied", async () => {
    const a = await enrolled("berlin-router", "berlin-apply");
    await agent(["run", "--once", ...a.common]);
    const config = await bed.admin.db.machineRevision.findFirstOrThrow({
      where: { machineId: bed.ids.get("berlin-router")! },
      orderBy: { number: "desc" },
    });
    const files = (config.bundle as { files: { path: string; content: string; mode: number }[] }).files;
    for (const file of files) {
      const target = join(a.root, file.path);
      const written = await readFile(target, "utf8");
      // tincd -K appends the router's new public key to its own hosts file.
      if (/\/hosts\/berlin$/.test(file.path)) expect(written.startsWith(file.content)).toBe(true);
      else expect(written).toBe(file.content);
      expect((await stat(target)).mode & 0o777).toBe(file.mode);
    }
    const reports = await reportsOf(a.agentId);
    expect(reports.map((report) => [report.status, report.revision])).toEqual([["applied", config.number]]);
    const row = await bed.admin.db.agent.findUniqueOrThrow({ where: { id: a.agentId } });
    expect(row.appliedRevision).toBe(config.number);
    const observations = await bed.admin.db.agentObservation.count({
      where: { agentId: a.agentId, kind: "interfaces" },
    });
    expect(observations).toBe(1);

    // Unchanged: a second run answers 304 and writes and reports nothing.
    const { stdout } = await agent(["run", "--once", ...a.common]);
    expect(stdout).not.toMatch(/applying/);
    expect(await reportsOf(a.agentId)).toHaveLength(1);
  });

  it("reports tinc peers with their PMTU and path-MTU probes measured with DF pings", async () => {
    const a = await enrolled("munich-router", "munich-observe");
    await agent(["run", "--once", ...a.common, "--probe-targets", "192.0.2.10", "--max-probe-targets", "2"]);
    const latest = async (kind: string) =>
      (
        await bed.admin.db.agentObservation.findFirstOrThrow({
          where: { agentId: a.agentId, kind },
          orderBy: { observedAt: "desc" },
        })
      ).data;
    expect(await latest("tinc_peers")).toEqual([
      {
        netname: expect.any(String),
        name: "hamburg",
        address: "203.0.113.9 port 655",
        pmtu: 1411,
        reachable: true,
      },
    ]);
    const probes = (await latest("pmtu_probes")) as { target: string; pathMtu: number; method: string }[];
    expect(probes.length).toBeGreaterThanOrEqual(1);
    expect(probes.length).toBeLessThanOrEqual(2);
    expect(probes[0]).toMatchObject({ target: "192.0.2.10", pathMtu: 1400, method: "ping-df" });
    const pings = (await readFile(join(work, "bin", "ping.log"), "utf8"))
      .split("\n")
      .filter((line) => line.startsWith("192.0.2.10 "));
    expect(pings.length).toBeLessThanOrEqual(12);
    expect(pings.every((line) => line.includes("-M do"))).toBe(true);
  });

  it.skipIf(!hasTincd)("makes the tinc key pair on the host and uploads only the public key", async () => {
    const a = await enrolled("hamburg-router", "hamburg-keys");
    await agent(["run", "--once", ...a.common]);
    const site = await bed.admin.db.site.findFirstOrThrow({
      where: { routerId: bed.ids.get("hamburg-router")! },
    });
    expect(site.publicKey).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/);
    const intranet = await bed.admin.db.intranet.findUniqueOrThrow({ where: { id: site.intranetId } });
    const privateKey = await readFile(join(a.root, "etc/tinc", intranet.netname, "rsa_key.priv"), "utf8");
    expect(privateKey).toMatch(/PRIVATE KEY/);
    const audit = await bed.admin.db.auditEvent.findMany({
      where: { action: "site.publicKey.upload", entityId: site.id },
    });
    expect(JSON.stringify(audit)).not.toMatch(/PRIVATE/);
  });

  it("rolls back and reports when the health check fails", async () => {
    const a = await enrolled("munich-router", "munich-rollback");
    await agent(["run", "--once", ...a.common]);
    const dhcp = join(a.root, "etc/config/dhcp");
    const before = await readFile(dhcp, "utf8");
    await changeDhcpLeaseTime("munich-router", "2h");
    const failed = await agent(
      ["run", "--once", ...a.common, "--health-check", "echo router unreachable; exit 3"],
      {
        allowFailure: true,
      },
    );
    expect(failed.code).toBe(1);
    expect(await readFile(dhcp, "utf8")).toBe(before);
    const reports = await reportsOf(a.agentId);
    expect(reports.map((report) => report.status)).toEqual(["applied", "rolled_back"]);
    expect(reports[1]!.error).toMatch(/health check failed: .*exited 3: router unreachable/);
    expect(reports[1]!.log.join("\n")).toMatch(/restored .*etc\/config\/dhcp/);
  });

  it("recovers an apply killed half-way at the next start", async () => {
    const a = await enrolled("office-router", "office-killed");
    await agent(["run", "--once", ...a.common]);
    const dhcp = join(a.root, "etc/config/dhcp");
    const before = await readFile(dhcp, "utf8");
    await changeDhcpLeaseTime("office-router", "3h");
    const marker = join(work, "office-killed", "checking");
    const child = spawn(
      process.execPath,
      [agentFile, "run", "--once", ...a.common, "--health-check", `touch ${marker}; sleep 30`],
      { env: fakeEnv },
    );
    await waitFor(() => existsSync(marker));
    // Files are written, the health check is running: the power goes out.
    expect(await readFile(dhcp, "utf8")).not.toBe(before);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(existsSync(join(a.stateDir, "journal.json"))).toBe(true);

    const { stdout } = await agent(["run", "--once", ...a.common]);
    expect(stdout).toMatch(/interrupted while checking/);
    expect(existsSync(join(a.stateDir, "journal.json"))).toBe(false);
    expect(await readFile(dhcp, "utf8")).toContain("'3h'");
    const reports = await reportsOf(a.agentId);
    expect(reports.map((report) => report.status)).toEqual(["applied", "rolled_back", "applied"]);
  });

  it("spools the report while labnet restarts and delivers it exactly once", async () => {
    const a = await enrolled("berlin-host", "berlin-host-restart");
    const port = new URL(server.url).port;
    const marker = join(work, "berlin-host-restart", "applied");
    const child: ChildProcess = spawn(
      process.execPath,
      [
        agentFile,
        "run",
        ...a.common,
        "--health-check",
        `touch ${marker}; sleep 2`,
        "--observe-every",
        "3600",
      ],
      { stdio: "pipe", env: fakeEnv },
    );
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    try {
      await waitFor(() => existsSync(marker)).catch((error) => {
        throw new Error(`${error.message}: ${output}`);
      });
      // labnet goes down right after the apply, before the report is sent…
      await server.close();
      await waitFor(() => /not sent/.test(output), 20_000);
      expect(await reportsOf(a.agentId)).toEqual([]);
      // …and comes back (a new process: new index and handler, same database, same port).
      const handler = createAgentHttpHandler({
        db: bed.admin.db,
        index: bed.index,
        pollIntervalSeconds: 1,
        log: () => {},
        agentDir: join(import.meta.dirname, ".."),
      });
      server = await serveFetchHandler(handler, Number(port));
      await waitFor(async () => (await reportsOf(a.agentId)).length > 0, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const reports = await reportsOf(a.agentId);
      expect(reports.map((report) => report.status)).toEqual(["applied"]);
      expect(await readdirCount(join(a.stateDir, "spool"))).toBe(0);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }, 90_000);
});

describe("labnet-agent from labnet", () => {
  it("is served as one file with its sha256 and version, and the served file runs", async () => {
    const manifest = (await (await fetch(`${server.url}/api/agent/v1/download`)).json()) as {
      version: string;
      files: { path: string; url: string; size: number; sha256: string }[];
    };
    const entry = manifest.files.find((file) => file.path === "labnet-agent.mjs")!;
    const response = await fetch(`${server.url}${entry.url}`);
    expect(response.status).toBe(200);
    const content = Buffer.from(await response.arrayBuffer());
    expect(content.equals(await readFile(agentFile))).toBe(true);
    expect(createHash("sha256").update(content).digest("hex")).toBe(entry.sha256);
    expect(entry.size).toBe(content.length);
    expect(response.headers.get("etag")).toBe(`"${entry.sha256}"`);
    expect(response.headers.get("labnet-agent-version")).toBe(manifest.version);
    const again = await fetch(`${server.url}${entry.url}`, {
      headers: { "if-none-match": `"${entry.sha256}"` },
    });
    expect(again.status).toBe(304);

    // One version everywhere: the package, the Node agent, the shell agent.
    const downloaded = join(work, "downloaded-agent.mjs");
    await writeFile(downloaded, content);
    const { stdout } = await run(process.execPath, [downloaded, "--version"]);
    expect(stdout.trim()).toBe(manifest.version);
    const shell = await readFile(join(import.meta.dirname, "..", "openwrt", "labnet-agent.sh"), "utf8");
    expect(/^VERSION=(\S+)$/m.exec(shell)![1]).toBe(manifest.version);
  });

  it("answers 503 with the reason when the server has no agent files", async () => {
    const bare = createAgentHttpHandler({ db: bed.admin.db, index: bed.index, log: () => {} });
    const response = await bare(
      new Request("http://labnet.test/api/agent/v1/download/openwrt/labnet-agent.sh"),
    );
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/npm run build -w @labnet\/agent/);
  });
});

describe("labnet-agent's spool", () => {
  it("parks a report labnet refuses (4xx), retries one answered 5xx without letting it block later ones, and shows both in status", async () => {
    const a = await enrolled("hamburg-host", "hamburg-parking");
    // Two entries spooled before this run, oldest first: a report of a revision never published
    // (labnet answers 400) and an observation batch that makes the server fail (500).
    const spool = join(a.stateDir, "spool");
    await mkdir(spool, { recursive: true });
    await writeFile(
      join(spool, "000000000000001-1-1.json"),
      JSON.stringify({
        method: "POST",
        path: "/reports",
        label: "poisoned report",
        body: JSON.stringify(neverPublishedReport("11111111-1111-4111-8111-111111111111")),
      }),
    );
    await writeFile(
      join(spool, "000000000000002-1-2.json"),
      JSON.stringify({
        method: "POST",
        path: "/observations",
        label: "failing batch",
        body: JSON.stringify(failingBatch()),
      }),
    );
    const flaky = await serveFailingOnBatch(bed.handler);
    try {
      const server = ["--server", flaky.url];
      const first = await agent(["run", "--once", ...a.common, ...server]);
      expect(first.stdout).toMatch(/applied/);
      const revision = await bed.admin.db.machineRevision.findFirstOrThrow({
        where: { machineId: bed.ids.get("hamburg-host")! },
        orderBy: { number: "desc" },
      });
      // The applied report got through although both older entries failed.
      const reports = await reportsOf(a.agentId);
      expect(reports.map((report) => [report.status, report.revision])).toEqual([
        ["applied", revision.number],
      ]);
      expect(await readdir(join(spool, "parked"))).toEqual(["000000000000001-1-1.json"]);
      expect((await readdir(spool)).filter((name) => name.endsWith(".json"))).toEqual([
        "000000000000002-1-2.json",
      ]);
      expect(flaky.failedAnswers()).toBe(1);
      expect(first.stdout.match(/parked 000000000000001-1-1\.json/g)).toHaveLength(1);
      expect(first.stdout).toMatch(/revision 999999 was never published/);

      const status = JSON.parse((await agent(["status", "--state-dir", a.stateDir])).stdout);
      expect(status).toMatchObject({
        enrolled: true,
        agentId: a.agentId,
        applied: { revision: revision.number, sha256: revision.sha256 },
        lastFailed: null,
        lastError: { message: expect.stringMatching(/500 boom/) },
        pendingReports: 1,
        parkedReports: 1,
      });
      expect(Date.now() - Date.parse(status.lastPollAt)).toBeLessThan(60_000);

      // The next run retries the failing entry (its backoff lived in the last process), and logs
      // nothing more about the parked one.
      const second = await agent(["run", "--once", ...a.common, ...server]);
      expect(flaky.failedAnswers()).toBe(2);
      expect(second.stdout).not.toMatch(/parked/);
      expect(await readdir(join(spool, "parked"))).toHaveLength(1);
    } finally {
      await flaky.close();
    }
  });
});

async function fakeTools(bin: string): Promise<NodeJS.ProcessEnv> {
  await mkdir(bin, { recursive: true });
  const ping = `#!/bin/sh
args="$*"
size=0
while [ $# -gt 1 ]; do [ "$1" = "-s" ] && size=$2; shift; done
echo "$1 $args" >> "${bin}/ping.log"
echo "PING $1 ($1) $size($((size + 28))) bytes of data."
if [ $((size + 28)) -gt 1500 ]; then echo "ping: local error: message too long, mtu=1500"; exit 1; fi
if [ $((size + 28)) -le 1400 ]; then echo "$((size + 8)) bytes from $1: icmp_seq=1 ttl=63 time=0.4 ms"; exit 0; fi
echo "1 packets transmitted, 0 received, 100% packet loss, time 0ms"
exit 1
`;
  const tinc = `#!/bin/sh
[ "$3 $4" = "dump nodes" ] || exit 1
echo "hamburg id 4f2a1c0de9b8 at 203.0.113.9 port 655 cipher 0 digest 0 maclength 0 compression 0 options 700000c status 0852 nexthop hamburg via hamburg distance 1 pmtu 1411 (min 1411 max 1411) rx 1 2 tx 3 4"
`;
  await writeFile(join(bin, "ping"), ping, { mode: 0o755 });
  await writeFile(join(bin, "tinc"), tinc, { mode: 0o755 });
  return { ...process.env, PATH: `${bin}:${process.env.PATH}` };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readdirCount(dir: string) {
  return (await readdir(dir).catch(() => [])).filter((name) => name.endsWith(".json")).length;
}
