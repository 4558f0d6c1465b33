// A labnet agent API without Next.js, for tests and benchmarks: a team with the demo network, an
// admin to publish and enroll with, the live index and the REST handler, optionally served by a
// plain node:http server (the same `(Request) => Response` function the web app mounts).
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { NetworkModel } from "@labnet/model";
import { demoModel } from "@labnet/model/demo";
import type { Database } from "../db";
import { insertModel } from "../inventory/mapper";
import { api, callerFor, createTeamFixture, type TeamFixture } from "../testing/fixtures";
import { createEnrollmentToken } from "./agents";
import { type AgentHttpHandler, createAgentHttpHandler } from "./http";
import { AgentLiveIndex } from "./live-index";
import { publishCurrentInventory } from "./revisions";

export interface AgentTestbed {
  team: TeamFixture;
  /** Model id (e.g. "berlin-router") → database id. */
  ids: Map<string, string>;
  admin: { db: Database; requestId: string; caller: ReturnType<typeof callerFor>; teamId: string };
  /** The tRPC procedures the dashboard calls, as the team's admin. */
  dashboard: ReturnType<typeof api>;
  index: AgentLiveIndex;
  handler: AgentHttpHandler;
  /** Calls the handler directly: `call("/config", { token })`. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  enrollmentToken(modelMachineId: string): Promise<string>;
  enroll(modelMachineId: string, hostname?: string): Promise<{ agentId: string; agentToken: string }>;
  publish(): ReturnType<typeof publishCurrentInventory>;
  close(): Promise<void>;
}

export async function createAgentTestbed(
  db: Database,
  /** model: the team's network (default: the demo network); agentDir: apps/agent, for downloads. */
  options: { listenUrl?: string; pollIntervalSeconds?: number; model?: NetworkModel; agentDir?: string } = {},
): Promise<AgentTestbed> {
  const team = await createTeamFixture(db, "agents");
  const model = options.model ?? demoModel;
  const ids = await db.$transaction((tx) => insertModel(tx, team.teamId, model), { timeout: 60_000 });
  const admin = { db, requestId: "test", caller: callerFor(team, "admin"), teamId: team.teamId };
  const index = new AgentLiveIndex({ db, listenUrl: options.listenUrl, log: () => {} });
  await index.start();
  const handler = createAgentHttpHandler({
    db,
    index,
    pollIntervalSeconds: options.pollIntervalSeconds,
    log: () => {},
    agentDir: options.agentDir,
  });
  const testbed: AgentTestbed = {
    team,
    ids,
    admin,
    dashboard: api(db, admin.caller),
    index,
    handler,
    call(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      return handler(new Request(`http://labnet.test/api/agent/v1${path}`, { ...init, headers }));
    },
    async enrollmentToken(modelMachineId) {
      const machineId = ids.get(modelMachineId)!;
      return (await createEnrollmentToken(admin, { machineId, expiresInHours: 1 })).secret;
    },
    async enroll(modelMachineId, hostname = modelMachineId) {
      const response = await testbed.call("/enroll", {
        method: "POST",
        body: JSON.stringify({
          enrollmentToken: await testbed.enrollmentToken(modelMachineId),
          facts: { hostname, platform: "linux-x64", agentVersion: "test", macs: [] },
        }),
      });
      if (response.status !== 201) throw new Error(`enroll failed: ${await response.text()}`);
      return (await response.json()) as { agentId: string; agentToken: string };
    },
    publish: () => publishCurrentInventory(admin),
    close: () => index.stop(),
  };
  return testbed;
}

/** Serves a fetch-style handler on 127.0.0.1 (port 0 = any free port). */
export async function serveFetchHandler(
  handler: (request: Request) => Promise<Response>,
  port = 0,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((incoming, outgoing) => void bridge(handler, incoming, outgoing));
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Serves a fetch-style handler on a unix socket: reachable from other network namespaces (the
 * emulated lab's routers) without any address or route in the host's namespace.
 */
export async function serveFetchHandlerOnSocket(
  handler: (request: Request) => Promise<Response>,
  socketPath: string,
): Promise<{ close(): Promise<void> }> {
  const server = createServer((incoming, outgoing) => void bridge(handler, incoming, outgoing));
  server.listen(socketPath);
  await once(server, "listening");
  return {
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function bridge(
  handler: (request: Request) => Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
) {
  // Only a long poll needs to learn that the client went away; an AbortSignal costs every request.
  let signal: AbortSignal | undefined;
  if (incoming.url?.includes("wait=")) {
    const abort = new AbortController();
    outgoing.on("close", () => abort.abort());
    signal = abort.signal;
  }
  const headers: [string, string][] = [];
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    headers.push([incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!]);
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const chunks: Buffer[] = [];
  if (hasBody) for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const request = new Request(`http://${incoming.headers.host ?? "localhost"}${incoming.url}`, {
    method: incoming.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal,
  });
  try {
    const response = await handler(request);
    outgoing.statusCode = response.status;
    for (const [name, value] of response.headers) outgoing.setHeader(name, value);
    outgoing.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
  } catch (error) {
    outgoing.statusCode = 500;
    outgoing.end(String(error));
  }
}
