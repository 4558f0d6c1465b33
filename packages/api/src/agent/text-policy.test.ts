// Agent reports and observations follow the text policy: a NUL, a bidi override or a terminal
// escape in any string is a 400 naming the field (the agent parks the batch), never a 500 and
// never a stored row.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentTestbed, createAgentTestbed } from "./testing";

let database: TestDatabase;
let bed: AgentTestbed;
let agentToken: string;
beforeAll(async () => {
  database = await createTestDatabase();
  bed = await createAgentTestbed(database.prisma, { listenUrl: database.url });
  ({ agentToken } = await bed.enroll("berlin-router"));
}, 120_000);
afterAll(async () => {
  await bed?.close();
  await database?.drop();
});

async function refused(path: string, body: unknown, token?: string) {
  const response = await bed.call(path, { method: "POST", token, body: JSON.stringify(body) });
  const payload = (await response.json()) as { error: { fields?: Record<string, string> } };
  return { status: response.status, fields: payload.error.fields ?? {} };
}

const report = (log: string[], error?: string) => ({
  reportId: `report-${Math.random().toString(36).slice(2, 10)}`,
  revision: 1,
  sha256: "0".repeat(64),
  status: "failed",
  startedAt: "2026-01-01T10:00:00.000Z",
  finishedAt: "2026-01-01T10:00:02.500Z",
  log,
  error,
});

describe("agent reports and observations", () => {
  it("refuses a NUL, a terminal escape or a bidi override in a report's log and error", async () => {
    const db = bed.admin.db;
    const before = await db.agentReport.count();
    expect(await refused("/reports", report(["ok", "bad\u0000line"]), agentToken)).toEqual({
      status: 400,
      fields: { "log.1": "must not contain control characters (U+0000 at position 3)" },
    });
    expect(await refused("/reports", report(["\u001b[31mred"]), agentToken)).toEqual({
      status: 400,
      fields: { "log.0": "must not contain control characters (U+001B at position 0)" },
    });
    expect(await refused("/reports", report([], "a\u202Eb"), agentToken)).toEqual({
      status: 400,
      fields: { error: "must not contain bidirectional override characters (U+202E at position 1)" },
    });
    expect(await db.agentReport.count()).toBe(before);
  });

  it("refuses hostile strings in observed leases, interfaces and tinc peers, naming the field", async () => {
    const batch = (extra: Record<string, unknown>) => ({
      batchId: `batch-${Math.random().toString(36).slice(2, 10)}`,
      observedAt: new Date().toISOString(),
      ...extra,
    });
    const lease = { expiresAt: 0, mac: "00:15:5d:00:00:09", ip: "192.168.10.9" };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ leases: [{ ...lease, hostname: "pc\u0000" }] }, "leases.0.hostname", /U\+0000/],
      [{ leases: [{ ...lease, hostname: "pc\nfake line" }] }, "leases.0.hostname", /U\+000A/],
      [{ interfaces: [{ name: "eth0\u2066", addresses: [] }] }, "interfaces.0.name", /bidirectional/],
      [
        { tincPeers: [{ netname: "labnet", name: "x", address: "a\u200Bb" }] },
        "tincPeers.0.address",
        /zero-width/,
      ],
    ];
    const before = await bed.admin.db.agentObservation.count();
    for (const [extra, field, message] of cases) {
      const outcome = await refused("/observations", batch(extra), agentToken);
      expect(outcome.status, field).toBe(400);
      expect(outcome.fields[field], field).toMatch(message);
    }
    expect(await bed.admin.db.agentObservation.count()).toBe(before);
  });

  it("refuses hostile enrolment facts before any token is spent", async () => {
    const enrollmentToken = await bed.enrollmentToken("munich-router");
    const outcome = await refused("/enroll", {
      enrollmentToken,
      facts: { hostname: "host\u0000", platform: "openwrt", agentVersion: "1.0", macs: [] },
    });
    expect(outcome).toEqual({
      status: 400,
      fields: { "facts.hostname": "must not contain control characters (U+0000 at position 4)" },
    });
  });
});
