// The OpenWrt shell agent under busybox: PATH holds only busybox applets, as on a router.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { machineDrift } from "@labnet/api/agent";
import { type AgentTestbed, createAgentTestbed, serveFetchHandler } from "@labnet/api/agent/testing";
import { missingPrerequisite } from "@labnet/config/proof";
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failingBatch, neverPublishedReport, serveFailingOnBatch } from "./spool-fixtures";

const run = promisify(execFile);
const script = join(import.meta.dirname, "..", "openwrt", "labnet-agent.sh");
// Skipped without busybox, a failure instead under LABNET_REQUIRE_DAEMONS=1 (CI), like the proofs.
const busybox = (await missingPrerequisite(["busybox"], false))
  ? null
  : (await run("sh", ["-c", "command -v busybox"])).stdout.trim();
const applets = [
  "sh",
  "wget",
  "tar",
  "sha256sum",
  "sed",
  "awk",
  "tr",
  "cat",
  "date",
  "mkdir",
  "mv",
  "rm",
  "cp",
  "cmp",
  "stat",
  "dirname",
  "basename",
  "ls",
  "sort",
  "grep",
  "tail",
  "sync",
  "sleep",
  "hostname",
  "touch",
  "echo",
];

let database: TestDatabase;
let bed: AgentTestbed;
let server: Awaited<ReturnType<typeof serveFetchHandler>>;
let work: string;
let bin: string;

beforeAll(async () => {
  if (!busybox) return;
  // labnet serves the built Node agent beside the shell agent: its download manifest lists both.
  // Built only when missing: agent.test.ts rebuilds it and runs it in parallel with this file.
  if (!existsSync(join(import.meta.dirname, "..", "dist", "labnet-agent.mjs"))) {
    await run("npm", ["run", "build"], { cwd: join(import.meta.dirname, "..") });
  }
  database = await createTestDatabase();
  bed = await createAgentTestbed(database.prisma, {
    listenUrl: database.url,
    agentDir: join(import.meta.dirname, ".."),
  });
  server = await serveFetchHandler(bed.handler);
  work = await mkdtemp(join(tmpdir(), "labnet-shell-agent-"));
  bin = join(work, "bin");
  await mkdir(bin);
  for (const applet of applets) await symlink(busybox, join(bin, applet));
  await bed.publish();
}, 180_000);
afterAll(async () => {
  await server?.close();
  await bed?.close();
  await database?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function shell(name: string, args: string[], env: Record<string, string> = {}) {
  const options = {
    env: {
      PATH: bin,
      LABNET_STATE_DIR: join(work, name, "state"),
      LABNET_ROOT: join(work, name, "root"),
      ...env,
    },
    timeout: 60_000,
  };
  return run(busybox!, ["sh", script, ...args], options).then(
    (result) => ({ code: 0, output: result.stdout + result.stderr }),
    (error) => ({ code: error.code as number, output: `${error.stdout}${error.stderr}` }),
  );
}

async function enrolled(machine: string, name: string) {
  const result = await shell(name, ["enroll", server.url, await bed.enrollmentToken(machine)]);
  expect(result).toEqual({ code: 0, output: expect.any(String) });
  const credentials = await readFile(join(work, name, "state", "credentials"), "utf8");
  expect((await stat(join(work, name, "state", "credentials"))).mode & 0o777).toBe(0o600);
  const agentId = /LABNET_AGENT_ID='([^']+)'/.exec(credentials)![1]!;
  return { agentId, root: join(work, name, "root") };
}

const reportsOf = (agentId: string) =>
  bed.admin.db.agentReport.findMany({ where: { agentId }, orderBy: { receivedAt: "asc" } });

describe.skipIf(!busybox)("labnet-agent.sh under busybox sh", () => {
  it("keeps a server address with shell syntax inert in the credentials file it sources, and refuses a mangled token", async () => {
    const name = "hostile-address";
    // Userinfo reaches wget unchanged; the address is stored and later sourced by every command.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${IFS} is the shell's, on purpose
    const hostile = server.url.replace("http://", "http://x$(touch${IFS}pwned)'q@");
    const result = await shell(name, ["enroll", hostile, await bed.enrollmentToken("berlin-router")]);
    expect(result.code).toBe(0);
    const credentials = await readFile(join(work, name, "state", "credentials"), "utf8");
    const sourced = await run(
      "/bin/sh",
      ["-c", '. "$1" && printf %s "$LABNET_SERVER"', "sh", join(work, name, "state", "credentials")],
      {
        cwd: work,
      },
    );
    expect(sourced.stdout).toBe(hostile);
    const status = await shell(name, ["status"]);
    expect(status.code).toBe(0);
    await expect(stat(join(work, "pwned"))).rejects.toThrow();
    await expect(stat(join(process.cwd(), "pwned"))).rejects.toThrow();
    expect(credentials).not.toContain("pwned)@");

    const mangled = await shell("mangled-token", ["enroll", server.url, "lne_abc$(id)"]);
    expect(mangled.code).not.toBe(0);
    expect(mangled.output).toContain("enrollment token holds unexpected characters");
    const notHttp = await shell("not-http", ["enroll", "ftp://labnet", "lne_abc"]);
    expect(notHttp.output).toContain("must start with http:// or https://");
  });

  it("enrolls, applies the tar under LABNET_ROOT with the files' modes, and reports", async () => {
    const a = await enrolled("berlin-router", "berlin");
    const result = await shell("berlin", ["run", "--once"]);
    expect(result.output).toMatch(/applied/);
    expect(result.code).toBe(0);
    const revision = await bed.admin.db.machineRevision.findFirstOrThrow({
      where: { machineId: bed.ids.get("berlin-router")! },
      orderBy: { number: "desc" },
    });
    const files = (revision.bundle as { files: { path: string; content: string; mode: number }[] }).files;
    for (const file of files.filter((candidate) => !candidate.path.includes("/hosts/"))) {
      expect(await readFile(join(a.root, file.path), "utf8")).toBe(file.content);
      expect((await stat(join(a.root, file.path))).mode & 0o777).toBe(file.mode);
    }
    const reports = await reportsOf(a.agentId);
    expect(reports.map((report) => [report.status, report.revision])).toEqual([["applied", revision.number]]);
    expect(reports[0]!.log.join("\n")).toMatch(/wrote .*etc\/config\/dhcp/);

    const again = await shell("berlin", ["run", "--once"]);
    expect(again.output).not.toMatch(/wrote/);
    expect(await reportsOf(a.agentId)).toHaveLength(1);
  });

  it("is downloaded from labnet with busybox wget, checked against the manifest's sha256, and runs from there", async () => {
    const dl = join(work, "download");
    await mkdir(dl, { recursive: true });
    const wget = (path: string, output: string) =>
      run(busybox!, ["wget", "-q", "-O", output, `${server.url}/api/agent/v1/download${path}`], {
        env: { PATH: bin },
      });
    await wget("", join(dl, "manifest.json"));
    const manifest = JSON.parse(await readFile(join(dl, "manifest.json"), "utf8")) as {
      version: string;
      files: { path: string; url: string; sha256: string; size: number }[];
    };
    expect(manifest.version).toBe(
      JSON.parse(await readFile(join(import.meta.dirname, "..", "package.json"), "utf8")).version,
    );
    expect(manifest.files.map((file) => file.url)).toEqual([
      "/api/agent/v1/download/labnet-agent.mjs",
      "/api/agent/v1/download/openwrt/labnet-agent.sh",
      "/api/agent/v1/download/openwrt/labnet-agent.init",
    ]);
    const installed = { sh: join(dl, "labnet-agent.sh"), init: join(dl, "labnet-agent") };
    await wget("/openwrt/labnet-agent.sh", installed.sh);
    await wget("/openwrt/labnet-agent.init", installed.init);
    const sums = manifest.files
      .filter((file) => file.path.startsWith("openwrt/"))
      .map((file) => `${file.sha256}  ${file.path.endsWith(".sh") ? installed.sh : installed.init}`)
      .join("\n");
    await writeFile(join(dl, "SHA256SUMS"), `${sums}\n`);
    await run(busybox!, ["sha256sum", "-c", join(dl, "SHA256SUMS")], { env: { PATH: bin } });
    expect(await readFile(installed.sh, "utf8")).toBe(await readFile(script, "utf8"));
    expect(await readFile(installed.init, "utf8")).toMatch(
      /procd_set_param command \/usr\/sbin\/labnet-agent\.sh run/,
    );

    // Enrolled with a token made as the dashboard makes it, then one run of the downloaded agent.
    const machineId = bed.ids.get("munich-router")!;
    const { secret } = await bed.dashboard.agent.createEnrollment({ machineId });
    const env = {
      PATH: bin,
      LABNET_STATE_DIR: join(work, "downloaded", "state"),
      LABNET_ROOT: join(work, "downloaded", "root"),
    };
    await run(busybox!, ["sh", installed.sh, "enroll", server.url, secret], { env });
    const once = await run(busybox!, ["sh", installed.sh, "run", "--once"], { env, timeout: 60_000 });
    expect(once.stdout).toMatch(/revision \d+ applied/);
    const { items } = await bed.dashboard.agent.list({ search: "munich-router", page: 1, pageSize: 5 });
    const row = items.find((item) => item.machineId === machineId)!;
    expect(row.agent).toMatchObject({ appliedRevision: row.desiredRevision, lastResult: "applied" });
    expect(row.agent!.platform).toBe("openwrt");
    const status = await run(busybox!, ["sh", installed.sh, "status"], { env });
    expect(status.stdout).toContain(`applied revision: ${row.desiredRevision}\n`);
  });

  it("rolls back when the health check fails and reports it", async () => {
    const a = await enrolled("munich-router", "munich");
    await shell("munich", ["run", "--once"]);
    const dhcp = join(a.root, "etc/config/dhcp");
    const before = await readFile(dhcp, "utf8");
    const site = await bed.admin.db.site.findFirstOrThrow({
      where: { routerId: bed.ids.get("munich-router")! },
    });
    await bed.admin.db.site.update({ where: { id: site.id }, data: { leaseTime: "5h" } });
    await bed.publish();
    const failed = await shell("munich", ["run", "--once"], { LABNET_HEALTH_CHECK: "echo no route; exit 3" });
    expect(failed.code).toBe(2);
    expect(await readFile(dhcp, "utf8")).toBe(before);
    const reports = await reportsOf(a.agentId);
    expect(reports.map((report) => report.status)).toEqual(["applied", "rolled_back"]);
    expect(reports[1]!.error).toMatch(/health check failed: .*no route/);
  });

  it("recovers from an apply interrupted at the next start", async () => {
    const a = await enrolled("office-router", "office");
    await shell("office", ["run", "--once"]);
    const site = await bed.admin.db.site.findFirstOrThrow({
      where: { routerId: bed.ids.get("office-router")! },
    });
    await bed.admin.db.site.update({ where: { id: site.id }, data: { leaseTime: "7h" } });
    await bed.publish();
    const state = join(work, "office", "state");
    // Files written, the health check running: the power goes out.
    const marker = join(work, "office", "checking");
    const child = spawn(busybox!, ["sh", script, "run", "--once"], {
      env: {
        PATH: bin,
        LABNET_STATE_DIR: state,
        LABNET_ROOT: a.root,
        LABNET_HEALTH_CHECK: `touch ${marker}; sleep 5`,
      },
    });
    const deadline = Date.now() + 15_000;
    while (!existsSync(marker) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(existsSync(join(state, "journal"))).toBe(true);
    const next = await shell("office", ["run", "--once"]);
    expect(next.output).toMatch(/interrupted while checking/);
    expect(existsSync(join(state, "journal"))).toBe(false);
    expect(await readFile(join(a.root, "etc/config/dhcp"), "utf8")).toContain("'7h'");
    expect((await reportsOf(a.agentId)).map((report) => report.status)).toEqual([
      "applied",
      "rolled_back",
      "applied",
    ]);
  });

  it("parks a report labnet refuses (4xx), retries one answered 5xx without blocking later ones, and shows both in status", async () => {
    const flaky = await serveFailingOnBatch(bed.handler);
    try {
      const name = "berlin-parking";
      const enrolledHere = await shell(name, [
        "enroll",
        flaky.url,
        await bed.enrollmentToken("berlin-router"),
      ]);
      expect(enrolledHere.code).toBe(0);
      const agentId = /LABNET_AGENT_ID='([^']+)'/.exec(
        await readFile(join(work, name, "state", "credentials"), "utf8"),
      )![1]!;
      // Spooled before this run, oldest first: a report of a revision never published (400) and
      // an observation batch the server fails on (500).
      const spool = join(work, name, "state", "spool");
      await mkdir(spool, { recursive: true });
      await writeFile(
        join(spool, "1000000000-a.report"),
        JSON.stringify(neverPublishedReport("22222222-2222-4222-8222-222222222222")),
      );
      await writeFile(join(spool, "1000000001-b.observations"), JSON.stringify(failingBatch()));
      const first = await shell(name, ["run", "--once"]);
      expect(first.code).toBe(0);
      const revision = await bed.admin.db.machineRevision.findFirstOrThrow({
        where: { machineId: bed.ids.get("berlin-router")! },
        orderBy: { number: "desc" },
      });
      expect((await reportsOf(agentId)).map((report) => [report.status, report.revision])).toEqual([
        ["applied", revision.number],
      ]);
      expect(await readdir(join(spool, "parked"))).toEqual(["1000000000-a.report"]);
      expect((await readdir(spool)).filter((entry) => !entry.startsWith("."))).toEqual([
        "1000000001-b.observations",
        "parked",
      ]);
      // Its own backoff (1 s, doubling) is recorded beside it: one or two tries in this run.
      const retryFile = join(spool, ".retry.1000000001-b.observations");
      const [failures, nextTry] = (await readFile(retryFile, "utf8")).trim().split(" ").map(Number);
      expect(flaky.failedAnswers()).toBeGreaterThanOrEqual(1);
      expect(failures).toBe(flaky.failedAnswers());
      expect(nextTry! * 1000).toBeGreaterThan(Date.now() - 5_000);
      expect(first.output.match(/parked 1000000000-a\.report/g)).toHaveLength(1);

      const status = (await shell(name, ["status"])).output;
      expect(status).toContain(`applied revision: ${revision.number}\n`);
      expect(status).toContain(`applied sha256: ${revision.sha256}\n`);
      expect(status).toMatch(/last poll: \d{4}-\d\d-\d\dT[\d:]+Z\n/);
      expect(status).toMatch(/last error: \S+Z 1000000001-b\.observations not sent: .*500/);
      expect(status).toContain("pending reports: 1\n");
      expect(status).toContain("parked reports: 1\n");

      // Within its backoff the failing entry is not tried; after it, it is; the parked one never.
      const tries = flaky.failedAnswers();
      await writeFile(retryFile, `${failures} ${Math.floor(Date.now() / 1000) + 3600}\n`);
      const waiting = await shell(name, ["run", "--once"]);
      expect(waiting.output).not.toMatch(/parked/);
      expect(flaky.failedAnswers()).toBe(tries);
      await writeFile(retryFile, `${failures} 0\n`);
      await shell(name, ["run", "--once"]);
      expect(flaky.failedAnswers()).toBeGreaterThan(tries);
      expect(Number((await readFile(retryFile, "utf8")).split(" ")[0])).toBe(flaky.failedAnswers());
      expect(await readdir(join(spool, "parked"))).toHaveLength(1);
    } finally {
      await flaky.close();
    }
  });

  it("sends live leases: a MAC + 1 becomes a drift item", async () => {
    const a = await enrolled("hamburg-router", "hamburg");
    const lease = await bed.admin.db.staticLease.findFirstOrThrow({
      where: { organizationId: bed.team.teamId, hostname: "hamburg-host" },
    });
    const last = (Number.parseInt(lease.mac.slice(15), 16) + 1).toString(16).padStart(2, "0");
    await mkdir(join(a.root, "tmp"), { recursive: true });
    await writeFile(
      join(a.root, "tmp/dhcp.leases"),
      `0 ${lease.mac.slice(0, 15)}${last} ${lease.ip} hamburg-host *\n`,
    );
    await shell("hamburg", ["run", "--once"]);
    expect(await bed.admin.db.agentObservation.count({ where: { agentId: a.agentId } })).toBe(2);
    const drift = await machineDrift(bed.admin, bed.ids.get("hamburg-router")!);
    expect(drift.items.map((item) => item.kind)).toContain("lease-mac-incremented");
  });

  it("reads tinc 1.0's peers from the SIGUSR2 dump in its --logfile, and says why when it cannot", async () => {
    const a = await enrolled("munich-router", "munich-tinc");
    const env = { LABNET_OBSERVE_EVERY: "0", LABNET_PROBE_EVERY: "0" };
    const first = await shell("munich-tinc", ["run", "--once"], env);
    expect(first.output).toMatch(/tinc peers of \S+ unavailable: tincd is not running/);
    const [net] = await readdir(join(a.root, "etc/tinc"));
    // Stands in for tincd 1.0: ignores SIGUSR2; the log holds what a real tincd 1.0.36 wrote.
    const tincd = spawn("sh", ["-c", 'trap "" USR2; exec sleep 60'], { stdio: "ignore" });
    try {
      await mkdir(join(a.root, "var/run"), { recursive: true });
      await writeFile(join(a.root, `var/run/tinc.${net}.pid`), `${tincd.pid}\n`);
      const noLog = await shell("munich-tinc", ["run", "--once"], env);
      expect(noLog.output).toMatch(/unavailable: tinc 1.0 without --logfile/);
      await mkdir(join(a.root, "var/log"), { recursive: true });
      await writeFile(
        join(a.root, `var/log/tinc.${net}.log`),
        [
          "2026-11-22 03:43:02 tinc[6360]: Nodes:",
          "2026-11-22 03:43:02 tinc[6360]:  site1 at MYSELF cipher 0 digest 0 maclength 0 compression 0 options c status 0018 nexthop site1 via site1 pmtu 1518 (min 0 max 1518)",
          "2026-11-22 03:43:02 tinc[6360]:  site2 at 127.0.0.1 port 6656 cipher 427 digest 672 maclength 4 compression 0 options c status 001a nexthop site2 via site2 pmtu 1518 (min 500 max 1518)",
          "2026-11-22 03:43:02 tinc[6360]: End of nodes.",
          "",
        ].join("\n"),
      );
      await shell("munich-tinc", ["run", "--once"], env);
      const peers = await bed.admin.db.agentObservation.findMany({
        where: { agentId: a.agentId, kind: "tinc_peers" },
      });
      expect(peers.map((row) => row.data)).toEqual([
        [{ netname: net, name: "site2", address: "127.0.0.1 port 6656", pmtu: 1518, reachable: true }],
      ]);
      expect(tincd.exitCode).toBeNull();
    } finally {
      tincd.kill();
    }
  });

  it("probes path MTUs only with an iputils ping, saying once why not with busybox's", async () => {
    const a = await enrolled("office-router", "office-probes");
    const env = {
      LABNET_OBSERVE_EVERY: "0",
      LABNET_PROBE_TARGETS: "192.0.2.10",
      LABNET_MAX_PROBE_TARGETS: "1",
    };
    const withoutPing = await shell("office-probes", ["run", "--once"], env);
    expect(withoutPing.output).toMatch(/path-MTU probes unavailable: busybox ping cannot set DF/);
    expect(
      (await shell("office-probes", ["run", "--once"], env)).output.match(/probes unavailable/g) ?? [],
    ).toEqual([]);
    // iputils ping on a 1500-byte interface, behind a hop that silently drops packets above 1400.
    await writeFile(
      join(bin, "ping"),
      `#!/bin/sh
[ "$1" = -V ] && { echo "ping from iputils 20221126"; exit 0; }
size=0
while [ $# -gt 1 ]; do [ "$1" = -s ] && size=$2; shift; done
[ "$1" = nowhere.example ] && { echo "ping: nowhere.example: Name or service not known" >>"${bin}/unresolved.log"; echo "ping: nowhere.example: Name or service not known"; exit 2; }
[ $((size + 28)) -gt 1500 ] && { echo "ping: local error: message too long, mtu=1500"; exit 1; }
[ $((size + 28)) -le 1400 ] && { echo "$((size + 8)) bytes from $1: icmp_seq=1 ttl=63 time=0.4 ms"; exit 0; }
echo "1 packets transmitted, 0 received, 100% packet loss, time 0ms"
exit 1
`,
      { mode: 0o755 },
    );
    try {
      await shell("office-probes", ["run", "--once"], {
        ...env,
        LABNET_PROBE_TARGETS: "192.0.2.10 nowhere.example",
        LABNET_MAX_PROBE_TARGETS: "2",
      });
      const probes = await bed.admin.db.agentObservation.findMany({
        where: { agentId: a.agentId, kind: "pmtu_probes" },
      });
      expect(probes.map((row) => row.data)).toEqual([
        [
          { target: "192.0.2.10", pathMtu: 1400, method: "ping-df", measuredAt: expect.any(String) },
          { target: "nowhere.example", pathMtu: null, method: "ping-df", measuredAt: expect.any(String) },
        ],
      ]);
      // A name that does not resolve costs one ping, not twelve.
      expect((await readFile(join(bin, "unresolved.log"), "utf8")).trim().split("\n")).toHaveLength(1);
    } finally {
      await rm(join(bin, "ping"));
      await rm(join(bin, "unresolved.log"), { force: true });
    }
  });
});
