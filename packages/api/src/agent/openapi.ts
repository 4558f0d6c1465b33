// /api/agent/v1/openapi.json, generated from the same zod schemas that validate the requests.
import { z } from "zod";
import { agentDownloadFiles } from "./downloads";
import {
  configResponse,
  enrollRequest,
  enrollResponse,
  errorResponse,
  observationsRequest,
  protocolVersion,
  reportRequest,
  tincKeyRequest,
} from "./protocol";

const schema = (type: z.ZodType) => z.toJSONSchema(type, { io: "input", unrepresentable: "any" });
const json = (type: z.ZodType) => ({ "application/json": { schema: schema(type) } });
const text = (description: string) => ({ "text/plain": { schema: { type: "string", description } } });
const errors = {
  "400": {
    description: "Invalid input: `error.fields` names each field and the rule it broke",
    content: json(errorResponse),
  },
  "401": { description: "Missing, invalid or revoked agent token", content: json(errorResponse) },
};
const pollHeaders = {
  ETag: { description: "The bundle's sha256 (quoted)", schema: { type: "string" } },
  "Labnet-Poll-After": {
    description: "Seconds until the next poll (interval ± 20 % jitter)",
    schema: { type: "integer" },
  },
  "Labnet-Revision": { description: "The desired revision number", schema: { type: "integer" } },
  "Labnet-Rotate-Token": {
    description: "1 when labnet asks the agent to call POST /token/rotate",
    schema: { type: "string" },
  },
};
const conditional = [
  {
    name: "If-None-Match",
    in: "header",
    description:
      'The sha256 of the bundle the agent has ("sha", W/"sha" or a list of them); * matches any published revision',
    schema: { type: "string" },
  },
];
const wait = {
  name: "wait",
  in: "query",
  description:
    "Long poll: hold the request up to this many seconds (plain decimal digits, max 60) until the revision differs from If-None-Match",
  schema: { type: "integer", minimum: 0, maximum: 60 },
};

let document: unknown;

export function openApiDocument() {
  document ??= {
    openapi: "3.1.0",
    info: {
      title: "labnet agent API",
      version: protocolVersion,
      description:
        "Agents enroll once with a one-time enrollment token, then poll their machine's desired config, apply it safely and report. Every route but /enroll and /openapi.json takes `Authorization: Bearer lna_…`.",
    },
    servers: [{ url: "/api/agent/v1" }],
    components: { securitySchemes: { agentToken: { type: "http", scheme: "bearer" } } },
    security: [{ agentToken: [] }],
    paths: {
      "/openapi.json": {
        get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } },
      },
      "/enroll": {
        post: {
          summary: "Trade a one-time enrollment token and the host's facts for an agent token (shown once)",
          security: [],
          requestBody: { required: true, content: json(enrollRequest) },
          responses: { "201": { description: "Enrolled", content: json(enrollResponse) }, ...errors },
        },
      },
      "/ping": {
        get: {
          summary: "Health check: labnet is reachable and the token valid",
          responses: { "204": { description: "OK" }, ...errors },
        },
      },
      "/config": {
        get: {
          summary: "The machine's desired config (latest published revision)",
          parameters: [...conditional, wait],
          responses: {
            "200": { description: "A newer bundle", headers: pollHeaders, content: json(configResponse) },
            "204": { description: "Nothing published for this machine yet", headers: pollHeaders },
            "304": { description: "Unchanged (answered from memory)", headers: pollHeaders },
            ...errors,
          },
        },
      },
      "/config/state.txt": {
        get: {
          summary: "For the shell agent: one line `<sha256|-> <revision> <poll-after-seconds> <rotate 0|1>`",
          parameters: [wait],
          responses: {
            "200": { description: "State line", headers: pollHeaders, content: text("state line") },
            ...errors,
          },
        },
      },
      "/config.tar": {
        get: {
          summary:
            "For the shell agent: the bundle as a ustar archive (files/…, labnet/SHA256SUMS, labnet/reload, labnet/revision, labnet/sha256)",
          parameters: conditional,
          responses: {
            "200": {
              description: "Archive",
              headers: pollHeaders,
              content: { "application/x-tar": { schema: { type: "string", format: "binary" } } },
            },
            "204": { description: "Nothing published yet" },
            "304": { description: "Unchanged" },
            ...errors,
          },
        },
      },
      "/reports": {
        post: {
          summary: "The result of applying a revision; idempotent by reportId",
          requestBody: { required: true, content: json(reportRequest) },
          responses: {
            "201": { description: "Stored" },
            "200": { description: "Already stored (a retry)" },
            ...errors,
          },
        },
      },
      "/observations": {
        post: {
          summary: "Interfaces, live leases, tinc peers and path-MTU probes; idempotent by batchId",
          requestBody: { required: true, content: json(observationsRequest) },
          responses: {
            "201": { description: "Stored" },
            "200": { description: "Already stored" },
            ...errors,
          },
        },
      },
      "/observations/leases": {
        post: {
          summary: "For the shell agent: /tmp/dhcp.leases as it is; ?batchId=&observedAt=",
          parameters: [
            { name: "batchId", in: "query", required: true, schema: { type: "string" } },
            { name: "observedAt", in: "query", schema: { type: "string", format: "date-time" } },
          ],
          requestBody: { required: true, content: text("dnsmasq lease file") },
          responses: {
            "201": { description: "Stored" },
            "200": { description: "Already stored" },
            ...errors,
          },
        },
      },
      "/tinc-key": {
        put: {
          summary:
            "Upload the router's tinc public key (PEM); it goes into every site's hosts file at the next publish",
          requestBody: { required: true, content: { ...json(tincKeyRequest), ...text("PEM public key") } },
          responses: {
            "200": { description: "Stored on the router's sites" },
            "409": { description: "The machine serves no tinc site" },
            ...errors,
          },
        },
        post: {
          summary: "Same as PUT, for HTTP clients that only POST (busybox wget)",
          requestBody: { required: true, content: { ...json(tincKeyRequest), ...text("PEM public key") } },
          responses: { "200": { description: "Stored" }, ...errors },
        },
      },
      "/token/rotate": {
        post: {
          summary: "Issue a new agent token; the old one works until the new one is first used",
          responses: { "201": { description: "{ agentToken }" }, ...errors },
        },
      },
      ...downloadPaths(),
    },
  };
  return document;
}

/** The agents themselves (no token needed): a manifest and one path per file. */
function downloadPaths() {
  const missing = {
    description: "The agent files were not built on this server",
    content: json(errorResponse),
  };
  const paths: Record<string, unknown> = {
    "/download": {
      get: {
        summary:
          "The agent files this server serves: { version, files: [{ name, path, url, description, version, size, sha256 }] }",
        security: [],
        responses: { "200": { description: "Manifest" }, "503": missing },
      },
    },
  };
  for (const file of agentDownloadFiles) {
    paths[`/download/${file.path}`] = {
      get: {
        summary: file.description,
        security: [],
        parameters: [
          {
            name: "If-None-Match",
            in: "header",
            description: "The sha256 you have",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "The file; ETag = its sha256, Labnet-Agent-Version = the agent's version",
            content: { "text/plain": { schema: { type: "string" } } },
          },
          "304": { description: "Unchanged" },
          "503": missing,
        },
      },
    };
  }
  return paths;
}
