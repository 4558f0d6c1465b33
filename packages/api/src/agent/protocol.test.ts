// The agent protocol end to end through the REST handler, on the test database (real PostgreSQL
// when TEST_DATABASE_URL is set, else the embedded server).
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db";
import { requestRotation, revokeAgent } from "./agents";
import { machineDrift } from "./drift";
import { AgentLiveIndex } from "./live-index";
import { openApiDocument } from "./openapi";
import { type AgentTestbed, createAgentTestbed } from "./testing";

let database: TestDatabase;
let bed: AgentTestbed;
beforeAll(async () => {
  database = await createTestDatabase();
  bed = await createAgentTestbed(database.prisma, { listenUrl: database.url });
}, 120_000);
afterAll(async () => {
  await bed?.close();
  await database?.drop();
});

const report = (revision: number, sha256: string, reportId: string, status = "applied") => ({
  reportId,
  revision,
  sha256,
  status,
  startedAt: "2026-01-01T10:00:00.000Z",
  finishedAt: "2026-01-01T10:00:02.500Z",
  log: ["wrote /etc/config/dhcp", "reloaded dnsmasq"],
});

async function json(response: Response) {
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
  return (await response.json()) as Record<string, any>;
}

describe("enrollment", () => {
  it("trades a one-time token and the host's facts for an agent token", async () => {
    const enrollmentToken = await bed.enrollmentToken("munich-router");
    const body = {
      enrollmentToken,
      facts: {
        hostname: "munich-owrt",
        platform: "openwrt",
        agentVersion: "1.0",
        macs: ["00-15-5D-01-02-03"],
      },
    };
    const first = await bed.call("/enroll", { method: "POST", body: JSON.stringify(body) });
    expect(first.status).toBe(201);
    const enrolled = await json(first);
    expect(enrolled.agentToken).toMatch(/^lna_/);
    expect(enrolled.machine.name).toBe("munich-router");
    const row = await bed.admin.db.agent.findUniqueOrThrow({ where: { id: enrolled.agentId } });
    expect(row.macs).toEqual(["00:15:5d:01:02:03"]);
    expect(row.tokenHash).not.toContain(enrolled.agentToken);
    const audit = await bed.admin.db.auditEvent.findFirst({
      where: { action: "agent.enroll", entityId: row.id },
    });
    expect(audit).toMatchObject({ actorType: "agent", actorLabel: "munich-owrt" });

    const again = await bed.call("/enroll", { method: "POST", body: JSON.stringify(body) });
    expect(again.status).toBe(401);
    expect((await json(again)).error.message).toMatch(/already used/);
  });

  it("names the field and the rule when the facts are wrong", async () => {
    const response = await bed.call("/enroll", {
      method: "POST",
      body: JSON.stringify({
        enrollmentToken: "lne_x",
        facts: { hostname: "", platform: "linux", agentVersion: "1", macs: ["zz"] },
      }),
    });
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(Object.keys(error.fields).sort()).toEqual(["facts.hostname", "facts.macs.0"]);
  });

  it("refuses an expired enrollment token", async () => {
    const token = await bed.enrollmentToken("hamburg-router");
    await bed.admin.db.enrollmentToken.updateMany({
      where: { organizationId: bed.team.teamId, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const response = await bed.call("/enroll", {
      method: "POST",
      body: JSON.stringify({
        enrollmentToken: token,
        facts: { hostname: "h", platform: "p", agentVersion: "1" },
      }),
    });
    expect(response.status).toBe(401);
  });
});

describe("polling", () => {
  it("answers 204 before the first publish, 200 with the bundle after, then 304 for its ETag", async () => {
    const { agentToken } = await bed.enroll("berlin-router");
    const before = await bed.call("/config", { token: agentToken });
    expect(before.status).toBe(204);
    expect(Number(before.headers.get("labnet-poll-after"))).toBeGreaterThanOrEqual(24);
    // `*` matches only a current representation: with nothing published there is none.
    const star = await bed.call("/config", { token: agentToken, headers: { "if-none-match": "*" } });
    expect(star.status).toBe(204);

    const published = await bed.publish();
    expect(published.published.map((p) => p.machineName)).toContain("berlin-router");
    const fresh = await bed.call("/config", { token: agentToken });
    expect(fresh.status).toBe(200);
    const bundle = await json(fresh);
    expect(bundle.machine.name).toBe("berlin-router");
    expect(bundle.files.map((file: { path: string }) => file.path)).toContain("/etc/config/dhcp");
    expect(fresh.headers.get("etag")).toBe(`"${bundle.sha256}"`);

    const unchanged = await bed.call("/config", {
      token: agentToken,
      headers: { "if-none-match": `"${bundle.sha256}"` },
    });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("labnet-revision")).toBe(String(bundle.revision));
  });

  it("publishes a new revision only for machines whose files changed", async () => {
    const again = await bed.publish();
    expect(again.published).toEqual([]);
    expect(again.unchanged).toBeGreaterThan(0);
  });

  it("answers an unchanged poll from memory, without the database", async () => {
    const db = bed.admin.db;
    let forbidden = false;
    const guarded = new Proxy(db, {
      get(target, property, receiver) {
        if (forbidden) throw new Error(`database touched: ${String(property)}`);
        return Reflect.get(target, property, receiver);
      },
    }) as Database;
    const index = new AgentLiveIndex({ db: guarded, log: () => {} });
    const { createAgentHttpHandler } = await import("./http");
    const handler = createAgentHttpHandler({ db: guarded, index });
    const { agentToken } = await bed.enroll("berlin-host");
    const poll = (etag?: string) =>
      handler(
        new Request("http://labnet.test/api/agent/v1/config", {
          headers: {
            authorization: `Bearer ${agentToken}`,
            ...(etag ? { "if-none-match": `"${etag}"` } : {}),
          },
        }),
      );
    const first = await poll();
    expect(first.status).toBe(200);
    const sha = (await json(first)).sha256;
    forbidden = true;
    for (let i = 0; i < 20; i++) expect((await poll(sha)).status).toBe(304);
    forbidden = false;
    await index.stop();
  });

  it("records last-seen times in batches", async () => {
    const { agentId, agentToken } = await bed.enroll("hamburg-host");
    await bed.admin.db.agent.update({ where: { id: agentId }, data: { lastSeenAt: null } });
    await bed.call("/config", { token: agentToken });
    expect((await bed.admin.db.agent.findUniqueOrThrow({ where: { id: agentId } })).lastSeenAt).toBeNull();
    await bed.index.flushLastSeen();
    expect(
      (await bed.admin.db.agent.findUniqueOrThrow({ where: { id: agentId } })).lastSeenAt,
    ).not.toBeNull();
  });

  it("long-polls: a publish during ?wait= answers at once", async () => {
    const { agentToken } = await bed.enroll("office-router");
    const first = await json(await bed.call("/config", { token: agentToken }));
    const started = Date.now();
    const waiting = bed.call("/config?wait=20", {
      token: agentToken,
      headers: { "if-none-match": first.sha256 },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const site = await bed.admin.db.site.findFirstOrThrow({
      where: { routerId: bed.ids.get("office-router")! },
    });
    await bed.admin.db.site.update({ where: { id: site.id }, data: { leaseTime: "6h" } });
    await bed.publish();
    const changed = await waiting;
    expect(changed.status).toBe(200);
    expect((await json(changed)).revision).toBe(first.revision + 1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("rejects a wait beyond the limit, naming the parameter", async () => {
    const { agentToken } = await bed.enroll("munich-host");
    const response = await bed.call("/config?wait=600", { token: agentToken });
    expect(response.status).toBe(400);
    expect((await json(response)).error.fields).toEqual({ wait: "whole seconds from 0 to 60" });
  });

  it("rejects ?wait= that is not plain decimal seconds (0x10, 1e1, a space, a sign, a fraction)", async () => {
    const { agentToken } = await bed.enroll("hamburg-router");
    for (const wait of ["0x10", "1e1", " 5", "5 ", "+5", "-1", "1.5", "", "0010", "61"]) {
      const started = Date.now();
      const response = await bed.call(`/config?wait=${encodeURIComponent(wait)}`, { token: agentToken });
      expect({ wait, status: response.status }).toEqual({ wait, status: 400 });
      expect((await json(response)).error.fields).toEqual({ wait: "whole seconds from 0 to 60" });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect((await bed.call("/config?wait=0", { token: agentToken })).status).toBe(200);
  });

  it("treats If-None-Match: * as matching any published revision (RFC 9110 §13.1.2), and a list of tags as any of them", async () => {
    const { agentToken } = await bed.enroll("berlin-router");
    const current = await json(await bed.call("/config", { token: agentToken }));
    const poll = (ifNoneMatch: string, path = "/config") =>
      bed.call(path, { token: agentToken, headers: { "if-none-match": ifNoneMatch } });
    const star = await poll("*");
    expect(star.status).toBe(304);
    expect(star.headers.get("etag")).toBe(`"${current.sha256}"`);
    expect((await poll("*", "/config.tar")).status).toBe(304);
    // `*` with a long poll answers at once: no publish could change a `*` answer.
    const started = Date.now();
    expect((await poll("*", "/config?wait=30")).status).toBe(304);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await poll(`"${"0".repeat(64)}", W/"${current.sha256}"`)).status).toBe(304);
    expect((await poll(`"${"0".repeat(64)}"`)).status).toBe(200);
  });

  it("hears revisions published by another process (NOTIFY, or the re-check on the embedded database)", async () => {
    const machineId = bed.ids.get("hamburg-router")!;
    const before = await bed.index.desired(machineId);
    const sha = "f".repeat(64);
    const number = (before?.number ?? 0) + 1;
    // Another labnet process: a separate connection, no in-process bus.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    await other.query(
      `INSERT INTO machine_revision (id, "organizationId", "machineId", number, bundle, sha256, "createdBy")
       VALUES ($1, $2, $3, $4, '{}', $5, 'other process')`,
      [`rev-${Date.now()}`, bed.team.teamId, machineId, number, sha],
    );
    await other.query("SELECT pg_notify('labnet_revision', $1)", [`${machineId}:${number}:${sha}`]);
    await other.end();
    const deadline = Date.now() + 5_000;
    while ((await bed.index.desired(machineId))?.sha256 !== sha && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await bed.index.desired(machineId)).toEqual({ number, sha256: sha });
    expect(bed.index.mode).toBe(database.kind === "postgres" ? "notify" : "poll");
  });
});

describe("token scope", () => {
  it("an agent reads only its own machine and cannot report another machine's revision", async () => {
    const a = await bed.enroll("berlin-router", "berlin-a");
    const b = await bed.enroll("munich-router", "munich-b");
    await bed.publish();
    const aConfig = await json(await bed.call("/config", { token: a.agentToken }));
    const bConfig = await json(await bed.call("/config", { token: b.agentToken }));
    expect(aConfig.machine.name).toBe("berlin-router");
    expect(bConfig.machine.name).toBe("munich-router");
    const bRevision = await bed.admin.db.machineRevision.findFirstOrThrow({
      where: { machineId: bed.ids.get("munich-router")!, number: bConfig.revision },
    });
    // A's revision number may coincide; B's hash never belongs to A's machine.
    const forged = await bed.call("/reports", {
      method: "POST",
      token: a.agentToken,
      body: JSON.stringify(report(aConfig.revision, bRevision.sha256, "forged-report-1")),
    });
    expect(forged.status).toBe(400);
    expect((await json(forged)).error.fields).toHaveProperty("sha256");
  });

  it("refuses a revoked token at once and an unknown one", async () => {
    const { agentId, agentToken } = await bed.enroll("berlin-router", "berlin-revoked");
    expect((await bed.call("/ping", { token: agentToken })).status).toBe(204);
    await revokeAgent(bed.admin, agentId);
    const refused = await bed.call("/config", { token: agentToken });
    expect(refused.status).toBe(401);
    expect((await json(refused)).error.code).toBe("revoked");
    expect((await bed.call("/config", { token: "lna_nope" })).status).toBe(401);
    expect((await bed.call("/config")).status).toBe(401);
  });

  it("enrolling a machine again revokes its previous agent", async () => {
    const first = await bed.enroll("munich-router", "first");
    const second = await bed.enroll("munich-router", "second");
    expect((await bed.call("/ping", { token: first.agentToken })).status).toBe(401);
    expect((await bed.call("/ping", { token: second.agentToken })).status).toBe(204);
  });
});

describe("reports", () => {
  it("stores a replayed report id once", async () => {
    const { agentId, agentToken } = await bed.enroll("berlin-router", "berlin-reports");
    const config = await json(await bed.call("/config", { token: agentToken }));
    const body = JSON.stringify(report(config.revision, config.sha256, "report-replayed-0001"));
    const responses = await Promise.all(
      [1, 2, 3].map(() => bed.call("/reports", { method: "POST", token: agentToken, body })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(
      await bed.admin.db.agentReport.count({ where: { agentId, reportId: "report-replayed-0001" } }),
    ).toBe(1);
    const agent = await bed.admin.db.agent.findUniqueOrThrow({ where: { id: agentId } });
    expect(agent).toMatchObject({ appliedRevision: config.revision, lastResult: "applied", lastError: null });
  });

  it("keeps the newest state when an older spooled report arrives late", async () => {
    const { agentId, agentToken } = await bed.enroll("berlin-router", "berlin-late");
    const config = await json(await bed.call("/config", { token: agentToken }));
    const newer = {
      ...report(config.revision, config.sha256, "report-newer-0001"),
      finishedAt: "2026-01-02T00:00:00.000Z",
    };
    const older = {
      ...report(config.revision, config.sha256, "report-older-0001", "rolled_back"),
      error: "health check failed",
    };
    await bed.call("/reports", { method: "POST", token: agentToken, body: JSON.stringify(newer) });
    await bed.call("/reports", { method: "POST", token: agentToken, body: JSON.stringify(older) });
    const agent = await bed.admin.db.agent.findUniqueOrThrow({ where: { id: agentId } });
    expect(agent.lastResult).toBe("applied");
    expect(await bed.admin.db.agentReport.count({ where: { agentId } })).toBe(2);
  });

  it("names each invalid field", async () => {
    const { agentToken } = await bed.enroll("berlin-router", "berlin-invalid");
    const response = await bed.call("/reports", {
      method: "POST",
      token: agentToken,
      body: JSON.stringify({ ...report(1, "abc", "x"), status: "done" }),
    });
    expect(response.status).toBe(400);
    expect(Object.keys((await json(response)).error.fields).sort()).toEqual(["reportId", "sha256", "status"]);
    const huge = await bed.call("/reports", {
      method: "POST",
      token: agentToken,
      body: JSON.stringify(report(2 ** 31, "a".repeat(64), "report-huge-revision")),
    });
    expect(huge.status).toBe(400);
    expect((await json(huge)).error.fields).toEqual({ revision: "no revision has a number that large" });
  });
});

describe("observations and drift", () => {
  it("turns a lease whose MAC is the registered MAC + 1 into a one-click lease fix", async () => {
    const { agentToken } = await bed.enroll("berlin-router", "berlin-observer");
    const lease = await bed.admin.db.staticLease.findFirstOrThrow({
      where: { organizationId: bed.team.teamId, hostname: "berlin-host" },
    });
    const incremented = `${lease.mac.slice(0, 15)}${(Number.parseInt(lease.mac.slice(15), 16) + 1).toString(16).padStart(2, "0")}`;
    const leasesFile = `1767261600 ${incremented} ${lease.ip} berlin-host 01:${incremented}\n0 aa:bb:cc:dd:ee:ff 192.168.10.150 * *\n`;
    const response = await bed.call("/observations/leases?batchId=leases-batch-0001", {
      method: "POST",
      token: agentToken,
      headers: { "content-type": "text/plain" },
      body: leasesFile,
    });
    expect(response.status).toBe(201);
    const replay = await bed.call("/observations/leases?batchId=leases-batch-0001", {
      method: "POST",
      token: agentToken,
      body: leasesFile,
    });
    expect((await json(replay)).duplicate).toBe(true);

    const drift = await machineDrift(bed.admin, bed.ids.get("berlin-router")!);
    const item = drift.items.find((candidate) => candidate.kind === "lease-mac-incremented");
    expect(item?.message).toMatch(/host MAC drifted \(Windows update\?\)/);
    expect(item?.fix).toEqual({
      procedure: "lease.update",
      input: expect.objectContaining({
        id: lease.id,
        version: lease.version,
        mac: incremented,
        ip: lease.ip,
      }),
    });
  });

  it("reports an interface MTU that differs from the inventory", async () => {
    const { agentToken } = await bed.enroll("munich-router", "munich-observer");
    const nic = await bed.admin.db.nic.findFirstOrThrow({
      where: { machineId: bed.ids.get("munich-router")!, name: "eth0" },
    });
    const response = await bed.call("/observations", {
      method: "POST",
      token: agentToken,
      body: JSON.stringify({
        batchId: "interfaces-0001",
        observedAt: new Date().toISOString(),
        interfaces: [{ name: "eth0", mac: nic.mac, mtu: 1400, addresses: ["192.168.20.1/16"] }],
      }),
    });
    expect(response.status).toBe(201);
    const drift = await machineDrift(bed.admin, bed.ids.get("munich-router")!);
    expect(drift.items).toContainEqual(
      expect.objectContaining({ kind: "nic-mtu", observed: "MTU 1400", desired: "MTU 1500" }),
    );
  });

  it("shows the latest tinc peers and path-MTU probes, and names the invalid probe field", async () => {
    const { agentToken } = await bed.enroll("office-router", "office-observer");
    expect((await machineDrift(bed.admin, bed.ids.get("office-router")!)).pmtuProbes).toBeNull();
    const measuredAt = "2026-11-22T03:40:00.000Z";
    const batch = (batchId: string, pathMtu: number) =>
      JSON.stringify({
        batchId,
        observedAt: new Date().toISOString(),
        tincPeers: [
          { netname: "labnet", name: "munich", address: "203.0.113.7 port 655", pmtu: 1411, reachable: true },
        ],
        pmtuProbes: [{ target: "203.0.113.7", pathMtu, method: "ping-df", measuredAt }],
      });
    const bad = await bed.call("/observations", {
      method: "POST",
      token: agentToken,
      body: batch("probes-0000", 40),
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((await json(bad)).error.fields)).toEqual(["pmtuProbes.0.pathMtu"]);
    const response = await bed.call("/observations", {
      method: "POST",
      token: agentToken,
      body: batch("probes-0001", 1400),
    });
    expect(response.status).toBe(201);
    const drift = await machineDrift(bed.admin, bed.ids.get("office-router")!);
    expect(drift.tincPeers?.peers).toEqual([
      { netname: "labnet", name: "munich", address: "203.0.113.7 port 655", pmtu: 1411, reachable: true },
    ]);
    // A public tinc Address is outside the inventory: nothing to predict.
    expect(drift.pmtuProbes?.probes).toEqual([
      { target: "203.0.113.7", pathMtu: 1400, method: "ping-df", measuredAt, predicted: null },
    ]);
  });

  it("puts the simulator's path MTU beside a probe to an inventory address and flags a disagreement", async () => {
    const { agentToken } = await bed.enroll("berlin-router", "berlin-prober");
    const lease = await bed.admin.db.staticLease.findFirstOrThrow({
      where: { organizationId: bed.team.teamId, hostname: "munich-host" },
    });
    const send = (batchId: string, pathMtu: number) =>
      bed.call("/observations", {
        method: "POST",
        token: agentToken,
        body: JSON.stringify({
          batchId,
          observedAt: new Date().toISOString(),
          pmtuProbes: [{ target: lease.ip, pathMtu }],
        }),
      });
    expect((await send("predicted-0001", 600)).status).toBe(201);
    const [low] = (await machineDrift(bed.admin, bed.ids.get("berlin-router")!)).pmtuProbes!.probes;
    expect(low!.predicted).toEqual({
      pathMtu: expect.any(Number),
      certain: expect.any(Boolean),
      mismatch: true,
    });
    const predicted = low!.predicted!.pathMtu!;
    expect(predicted).toBeGreaterThan(600);
    expect((await send("predicted-0002", predicted)).status).toBe(201);
    const [same] = (await machineDrift(bed.admin, bed.ids.get("berlin-router")!)).pmtuProbes!.probes;
    expect(same!.predicted).toMatchObject({ pathMtu: predicted, mismatch: false });
  });
});

describe("token rotation", () => {
  it("keeps the old token until the new one is used, then only the new one works", async () => {
    const { agentId, agentToken } = await bed.enroll("hamburg-router", "hamburg-rotating");
    await requestRotation(bed.admin, agentId);
    const poll = await bed.call("/config", { token: agentToken });
    expect(poll.headers.get("labnet-rotate-token")).toBe("1");
    const rotated = await json(await bed.call("/token/rotate", { method: "POST", token: agentToken }));
    expect(rotated.agentToken).toMatch(/^lna_/);
    expect((await bed.call("/ping", { token: agentToken })).status).toBe(204);
    const withNew = await bed.call("/config", { token: rotated.agentToken });
    expect(withNew.headers.get("labnet-rotate-token")).toBeNull();
    expect((await bed.call("/ping", { token: agentToken })).status).toBe(401);
    expect((await bed.call("/ping", { token: rotated.agentToken })).status).toBe(204);
  });
});

describe("tinc public key", () => {
  it("stores the router's public key on its sites (audited) and the next publish renders it", async () => {
    const { agentToken } = await bed.enroll("hamburg-router", "hamburg-keys");
    const publicKey = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAtestkeyAAAA\n-----END RSA PUBLIC KEY-----";
    const refused = await bed.call("/tinc-key", {
      method: "PUT",
      token: agentToken,
      body: JSON.stringify({
        publicKey: "-----BEGIN RSA PRIVATE KEY-----\nxx\n-----END RSA PRIVATE KEY-----",
      }),
    });
    expect(refused.status).toBe(400);
    const stored = await bed.call("/tinc-key", {
      method: "PUT",
      token: agentToken,
      body: JSON.stringify({ publicKey }),
    });
    expect(stored.status).toBe(200);
    expect((await json(stored)).changed).toEqual(["hamburg"]);
    const audit = await bed.admin.db.auditEvent.findFirst({
      where: { action: "site.publicKey.upload", actorLabel: "hamburg-keys" },
    });
    expect(audit?.actorType).toBe("agent");
    await bed.publish();
    const berlin = await bed.enroll("berlin-router", "berlin-sees-key");
    const config = await json(await bed.call("/config", { token: berlin.agentToken }));
    const hostsFile = config.files.find((file: { path: string }) => file.path.endsWith("/hosts/hamburg"));
    expect(hostsFile.content).toContain("MIIBCgKCAQEAtestkeyAAAA");
  });
});

describe("shell agent endpoints", () => {
  it("serves a state line and a tar whose SHA256SUMS match the files", async () => {
    const { agentToken } = await bed.enroll("berlin-router", "berlin-shell");
    const state = await (await bed.call("/config/state.txt", { token: agentToken })).text();
    const [sha, revision, pollAfter, rotate] = state.trim().split(" ");
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(revision)).toBeGreaterThan(0);
    expect(Number(pollAfter)).toBeGreaterThan(0);
    expect(rotate).toBe("0");
    const tar = await bed.call("/config.tar", { token: agentToken });
    expect(tar.headers.get("content-type")).toBe("application/x-tar");
    const bytes = Buffer.from(await tar.arrayBuffer());
    expect(bytes.length % 512).toBe(0);
    expect(bytes.toString("latin1")).toContain("labnet/SHA256SUMS");
    expect(
      (await bed.call("/config.tar", { token: agentToken, headers: { "if-none-match": sha! } })).status,
    ).toBe(304);
  });
});

describe("OpenAPI document", () => {
  it("documents every route the handler serves", () => {
    const paths = (openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths;
    for (const route of bed.handler.routes) {
      const [method, path] = route.split(" ") as [string, string];
      expect({ route, documented: Boolean(paths[path]?.[method.toLowerCase()]) }).toEqual({
        route,
        documented: true,
      });
    }
  });

  it("is served at /openapi.json and unknown routes point to it", async () => {
    const served = await bed.call("/openapi.json");
    expect((await json(served)).openapi).toBe("3.1.0");
    const missing = await bed.call("/nope");
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.message).toMatch(/openapi\.json/);
  });
});
