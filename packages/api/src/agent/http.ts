// The agent REST API (/api/agent/v1), as one `(Request) => Response` function: the Next.js route
// mounts it, tests and the benchmark mount the same function in a plain node:http server.
import { TRPCError } from "@trpc/server";
import { ZodError, type z } from "zod";
import type { Database } from "../db";
import { BodyTooLargeError, bodyLimits, readTextBody } from "../edge/body";
import { FieldErrors } from "../errors";
import { releaseStagedPlansOf } from "../plan/rollout";
import { zodFieldMessages } from "../trpc";
import { AgentAuthError, enrollAgent, rotateAgentToken } from "./agents";
import { agentDownloadRoutes } from "./downloads";
import type { AgentEntry, AgentLiveIndex } from "./live-index";
import { openApiDocument } from "./openapi";
import { enrollRequest, observationsRequest, reportRequest, tincKeyRequest } from "./protocol";
import { parseLeasesFile, storeObservations, storeReport } from "./reports";
import { revisionBundle } from "./revisions";
import { bundleTar } from "./tar";
import { storeTincPublicKey } from "./tinc-key";

export const agentBasePath = "/api/agent/v1";

export interface AgentHttpOptions {
  db: Database;
  index: AgentLiveIndex;
  /** The poll interval agents are told to use, before jitter (default 30 s). */
  pollIntervalSeconds?: number;
  /** The longest long-poll (`?wait=`) the server holds (default 60 s). */
  maxWaitSeconds?: number;
  log?: (message: string) => void;
  /** apps/agent, whose files GET /download/… serves (unset: those routes answer 503). */
  agentDir?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The part of the URL a route needs; parsed by hand because the 304 path runs per poll. */
interface Target {
  path: string;
  query: URLSearchParams;
}

type Handler = (request: Request, target: Target) => Promise<Response>;

const noQuery = new URLSearchParams();

function parseTarget(rawUrl: string): Target {
  const pathStart = rawUrl.indexOf("/", rawUrl.indexOf("//") + 2);
  const queryStart = rawUrl.indexOf("?", pathStart);
  const path = queryStart < 0 ? rawUrl.slice(pathStart) : rawUrl.slice(pathStart, queryStart);
  return { path, query: queryStart < 0 ? noQuery : new URLSearchParams(rawUrl.slice(queryStart + 1)) };
}

export type AgentHttpHandler = ((request: Request) => Promise<Response>) & {
  /** "METHOD /path" of every route, for the OpenAPI completeness test. */
  routes: string[];
};

export function createAgentHttpHandler(options: AgentHttpOptions): AgentHttpHandler {
  const { db, index } = options;
  const interval = options.pollIntervalSeconds ?? 30;
  const maxWait = options.maxWaitSeconds ?? 60;
  const log = options.log ?? ((message: string) => console.error(`[labnet agents] ${message}`));

  /** ±20 % jitter, so a fleet enrolled together does not poll in lockstep. */
  const pollAfter = () => Math.max(1, Math.round(interval * (0.8 + 0.4 * Math.random())));

  async function authenticate(request: Request): Promise<AgentEntry> {
    const header = request.headers.get("authorization") ?? "";
    const token = header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : "";
    if (!token.startsWith("lna_")) {
      throw new HttpError(401, "unauthenticated", "Send the agent token as `Authorization: Bearer lna_…`.");
    }
    const agent = await index.authenticate(token);
    if (!agent)
      throw new HttpError(401, "invalid_token", "The agent token is not valid. Enroll the agent again.");
    if (agent.revoked) {
      throw new HttpError(
        401,
        "revoked",
        "This agent was revoked in labnet. Create an enrollment token on the Agents page and enroll again.",
      );
    }
    index.touch(agent.agentId);
    return agent;
  }

  function pollHeaders(
    agent: AgentEntry,
    sha: string | null,
    revision: number | null,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      "cache-control": "no-store",
      "labnet-poll-after": String(pollAfter()),
    };
    if (sha) headers.etag = `"${sha}"`;
    if (revision !== null) headers["labnet-revision"] = String(revision);
    if (agent.rotateRequested) headers["labnet-rotate-token"] = "1";
    return headers;
  }

  /** The desired revision, after waiting up to ?wait= seconds for it to differ from If-None-Match. */
  async function desiredAfterWait(request: Request, url: Target, agent: AgentEntry) {
    const known = parseIfNoneMatch(request.headers.get("if-none-match"));
    let desired = await index.desired(agent.machineId);
    const waitText = url.query.get("wait");
    // Plain decimal digits only: Number() would also take "0x10" (16 s), "1e1" or " 5".
    const wait = waitText === null ? 0 : /^\d{1,3}$/.test(waitText) ? Number(waitText) : Number.NaN;
    if (!(wait >= 0 && wait <= maxWait)) {
      throw new HttpError(400, "invalid_input", `wait: whole seconds from 0 to ${maxWait}`, {
        wait: `whole seconds from 0 to ${maxWait}`,
      });
    }
    // Wait only while the agent holds what is desired; `*` matches whatever gets published, so
    // waiting could never change its answer.
    const unchanged = !known.any && (desired ? known.tags.includes(desired.sha256) : known.tags.length === 0);
    if (wait > 0 && unchanged) {
      await index.waitForChange(agent.machineId, desired?.sha256 ?? null, wait * 1000, request.signal);
      desired = await index.desired(agent.machineId);
    }
    return { desired, known };
  }

  async function loadBundle(agent: AgentEntry, number: number) {
    const revision = await revisionBundle(db, agent.machineId, number);
    if (!revision) throw new HttpError(503, "retry", "The revision is being published; poll again.");
    return revision;
  }

  const routes: Record<string, Handler> = {
    ...agentDownloadRoutes(options.agentDir),
    "GET /openapi.json": async () =>
      Response.json(openApiDocument(), { headers: { "cache-control": "no-cache" } }),

    "POST /enroll": async (request) => {
      const body = parse(enrollRequest, await readJson(request));
      const enrolled = await enrollAgent(db, requestIdOf(request), body);
      return Response.json({ ...enrolled, pollAfterSeconds: pollAfter() }, { status: 201 });
    },

    "GET /ping": async (request) => {
      await authenticate(request);
      return new Response(null, { status: 204 });
    },

    "GET /config": async (request, url) => {
      const agent = await authenticate(request);
      const { desired, known } = await desiredAfterWait(request, url, agent);
      if (!desired) return new Response(null, { status: 204, headers: pollHeaders(agent, null, null) });
      const headers = pollHeaders(agent, desired.sha256, desired.number);
      if (known.matches(desired.sha256)) return new Response(null, { status: 304, headers });
      const revision = await loadBundle(agent, desired.number);
      const bundle = revision.bundle;
      headers["content-type"] = "application/json";
      return new Response(
        JSON.stringify({
          revision: revision.number,
          sha256: revision.sha256,
          machine: { id: agent.machineId, name: bundle.machineName, kind: bundle.kind },
          files: bundle.files,
          reloadCommands: bundle.reloadCommands,
          pollAfterSeconds: Number(headers["labnet-poll-after"]),
        }),
        { status: 200, headers },
      );
    },

    "GET /config/state.txt": async (request, url) => {
      const agent = await authenticate(request);
      const { desired } = await desiredAfterWait(request, url, agent);
      const headers = pollHeaders(agent, desired?.sha256 ?? null, desired?.number ?? null);
      headers["content-type"] = "text/plain; charset=utf-8";
      const line = [
        desired?.sha256 ?? "-",
        desired?.number ?? 0,
        headers["labnet-poll-after"],
        agent.rotateRequested ? 1 : 0,
      ].join(" ");
      return new Response(`${line}\n`, { status: 200, headers });
    },

    "GET /config.tar": async (request) => {
      const agent = await authenticate(request);
      const desired = await index.desired(agent.machineId);
      if (!desired) return new Response(null, { status: 204, headers: pollHeaders(agent, null, null) });
      const headers = pollHeaders(agent, desired.sha256, desired.number);
      if (parseIfNoneMatch(request.headers.get("if-none-match")).matches(desired.sha256)) {
        return new Response(null, { status: 304, headers });
      }
      const revision = await loadBundle(agent, desired.number);
      headers["content-type"] = "application/x-tar";
      return new Response(new Uint8Array(bundleTar(revision.bundle, revision.number)), {
        status: 200,
        headers,
      });
    },

    "POST /reports": async (request) => {
      const agent = await authenticate(request);
      const report = parse(reportRequest, await readJson(request));
      const revision = await db.machineRevision.findUnique({
        where: { machineId_number: { machineId: agent.machineId, number: report.revision } },
        select: { sha256: true },
      });
      if (!revision) {
        throw new HttpError(
          400,
          "invalid_input",
          `revision ${report.revision} was never published for this machine`,
          {
            revision: "never published for this machine",
          },
        );
      }
      if (revision.sha256 !== report.sha256) {
        throw new HttpError(400, "invalid_input", `sha256 does not match revision ${report.revision}`, {
          sha256: `does not match revision ${report.revision}`,
        });
      }
      const { duplicate } = await storeReport(db, requestIdOf(request), identity(agent), report);
      if (!duplicate && report.status === "applied") {
        // A canary's success moves its staged plans on; a failure here must not lose the report.
        await releaseStagedPlansOf(db, agent.organizationId, agent.machineId).catch((error: unknown) =>
          console.error(`[labnet] releasing staged plans after ${agent.machineId}'s report failed:`, error),
        );
      }
      return Response.json({ stored: !duplicate, duplicate }, { status: duplicate ? 200 : 201 });
    },

    "POST /observations": async (request) => {
      const agent = await authenticate(request);
      const batch = parse(observationsRequest, await readJson(request));
      const result = await storeObservations(db, identity(agent), batch);
      return Response.json(result, { status: result.duplicate ? 200 : 201 });
    },

    "POST /observations/leases": async (request, url) => {
      const agent = await authenticate(request);
      const { leases, errors } = parseLeasesFile(await readText(request));
      const batch = parse(observationsRequest, {
        batchId: url.query.get("batchId") ?? "",
        observedAt: url.query.get("observedAt") ?? new Date().toISOString(),
        leases,
      });
      const result = await storeObservations(db, identity(agent), batch);
      return Response.json({ ...result, skippedLines: errors }, { status: result.duplicate ? 200 : 201 });
    },

    "PUT /tinc-key": async (request) => tincKey(request),
    "POST /tinc-key": async (request) => tincKey(request),

    "POST /token/rotate": async (request) => {
      const agent = await authenticate(request);
      return Response.json(await rotateAgentToken(db, requestIdOf(request), agent.agentId), { status: 201 });
    },
  };

  async function tincKey(request: Request) {
    const agent = await authenticate(request);
    // JSON ({"publicKey": …}) or the PEM text itself (what busybox wget can send from a file).
    const text = await readText(request);
    const body = parse(
      tincKeyRequest,
      text.trimStart().startsWith("{") ? parseJson(text) : { publicKey: text },
    );
    const result = await storeTincPublicKey(db, requestIdOf(request), identity(agent), body.publicKey);
    if (result.sites.length === 0) {
      throw new HttpError(
        409,
        "no_site",
        "This machine is the router of no tinc site: there is nowhere to put the key.",
      );
    }
    return Response.json(result, { status: 200 });
  }

  async function handle(request: Request): Promise<Response> {
    const url = parseTarget(request.url);
    const path = url.path.startsWith(agentBasePath) ? url.path.slice(agentBasePath.length) : url.path;
    const route = routes[`${request.method} ${path}`];
    try {
      if (!route) {
        const known = Object.keys(routes).some((key) => key.endsWith(` ${path}`));
        throw known
          ? new HttpError(405, "method_not_allowed", `${request.method} is not supported on ${path}`)
          : new HttpError(404, "not_found", `No agent API route ${path}; see ${agentBasePath}/openapi.json`);
      }
      return await route(request, url);
    } catch (error) {
      return errorResponse(error, log);
    }
  }
  return Object.assign(handle, { routes: Object.keys(routes) });
}

function identity(agent: AgentEntry) {
  return {
    id: agent.agentId,
    machineId: agent.machineId,
    organizationId: agent.organizationId,
    hostname: agent.hostname,
  };
}

function requestIdOf(request: Request): string {
  return request.headers.get("x-request-id") ?? crypto.randomUUID();
}

/**
 * If-None-Match as RFC 9110 §13.1.2 reads it for GET: `*` matches any current revision, else a
 * list of entity tags compared weakly (`W/"abc"` matches "abc"); bare `abc` is taken as "abc",
 * as the OpenWrt shell agent sends it.
 */
export function parseIfNoneMatch(header: string | null): {
  any: boolean;
  tags: string[];
  matches: (sha256: string) => boolean;
} {
  const items = (header ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  const any = items.includes("*");
  const tags = items
    .filter((item) => item !== "*")
    .map((item) => item.replace(/^W\//, "").replace(/^"|"$/g, ""));
  return { any, tags, matches: (sha256) => any || tags.includes(sha256) };
}

/** Streamed with a limit: an oversized upload is refused as it arrives, not after it sat in memory. */
async function readText(request: Request): Promise<string> {
  try {
    return await readTextBody(request, bodyLimits.agent);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new HttpError(413, "too_large", error.message);
    throw error;
  }
}

async function readJson(request: Request): Promise<unknown> {
  return parseJson(await readText(request));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  return schema.parse(value);
}

function errorResponse(error: unknown, log: (message: string) => void): Response {
  if (error instanceof HttpError) {
    const headers = error.status === 401 ? { "www-authenticate": 'Bearer realm="labnet-agent"' } : undefined;
    return Response.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
        },
      },
      { status: error.status, headers },
    );
  }
  if (error instanceof ZodError) {
    const { fields, message } = new FieldErrors(zodFieldMessages(error, "body"));
    return Response.json({ error: { code: "invalid_input", message, fields } }, { status: 400 });
  }
  if (error instanceof AgentAuthError) {
    return Response.json({ error: { code: "invalid_token", message: error.message } }, { status: 401 });
  }
  if (error instanceof TRPCError && error.code === "NOT_FOUND") {
    return Response.json({ error: { code: "not_found", message: error.message } }, { status: 404 });
  }
  log(`agent API failed: ${(error as Error)?.stack ?? String(error)}`);
  return Response.json(
    {
      error: {
        code: "internal",
        message: "labnet could not handle this request; it is logged on the server. The agent will retry.",
      },
    },
    { status: 500 },
  );
}
