import { once } from "node:events";
import { createServer, type Server, Socket } from "node:net";
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentLiveIndex } from "./live-index";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** A port with nothing behind it until `open()`; then it forwards to the test database. */
async function laterProxy(target: URL) {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  let server: Server | undefined;
  return {
    url: Object.assign(new URL(target.href), { port: String(port) }).href,
    async open() {
      server = createServer((inbound) => {
        const outbound = new Socket().connect(Number(target.port), target.hostname);
        inbound.pipe(outbound).pipe(inbound);
        inbound.on("error", () => outbound.destroy());
        outbound.on("error", () => inbound.destroy());
      }).listen(port, "127.0.0.1");
      await once(server, "listening");
    },
    close: () => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))),
  };
}

describe("agent live index LISTEN connection", () => {
  it("starts in poll mode when LISTEN cannot connect, and keeps trying until it can", async () => {
    const proxy = await laterProxy(new URL(database.url));
    const logs: string[] = [];
    const index = new AgentLiveIndex({
      db: database.prisma,
      listenUrl: proxy.url,
      log: (line) => logs.push(line),
    });
    try {
      await index.start(); // resolves although the connection is refused: no request waits on it
      expect(index.mode).toBe("poll");
      expect(logs[0]).toMatch(/^LISTEN failed \(.*ECONNREFUSED.*\): re-checking every 2 s until it is back$/);

      await proxy.open();
      // Retries after 1 s, then 2 s …: the index notices the database within a few seconds.
      const settled = await waitFor(
        () => index.mode === "notify" || logs.some((line) => line.includes("does not deliver")),
        15_000,
      );
      expect(settled).toBe(true);
      // PostgreSQL delivers notifications; the embedded server does not, which is no reason to retry.
      expect(index.mode).toBe(database.kind === "postgres" ? "notify" : "poll");
    } finally {
      await index.stop();
      await proxy.close();
    }
  });
});
