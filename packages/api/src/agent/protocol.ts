// The agent protocol's request bodies, as zod schemas: they validate every request and generate
// the OpenAPI document, so the two cannot disagree.
import { macSchema, text } from "@labnet/model";
import { z } from "zod";

export const protocolVersion = "v1";

// What agents report is reality, not inventory: a host may be named "*" or carry odd characters,
// so these are single-line labels (no control, bidi or zero-width characters, a length limit)
// rather than the inventory's stricter kinds. A report that breaks them is a 400 with the field.
const hostname = text("label", { min: 1, max: 253 });

export const enrollRequest = z.object({
  enrollmentToken: text("id", { max: 200 }),
  facts: z.object({
    hostname,
    /** e.g. linux-x64, openwrt */
    platform: text("label", { min: 1, max: 80 }),
    agentVersion: text("label", { min: 1, max: 40 }),
    macs: z.array(macSchema).max(64, "at most 64 interface MACs").default([]),
  }),
});
export type EnrollRequest = z.infer<typeof enrollRequest>;

export const reportStatuses = ["applied", "failed", "rolled_back"] as const;
const reportIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,80}$/, "an id is 8-80 letters, digits, '-' or '_' (a UUID works)");
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 is 64 lower-case hex digits");

export const reportRequest = z
  .object({
    reportId: reportIdSchema,
    // 32-bit in the database: a larger number answered a 500 before.
    revision: z
      .int()
      .min(1, "revision numbers start at 1")
      .max(2_147_483_647, "no revision has a number that large"),
    sha256: sha256Schema,
    status: z.enum(reportStatuses),
    startedAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }),
    // Free text: tabs and line feeds pass; other control characters (terminal colours) do not.
    log: z
      .array(text("freeText", { max: 2000 }))
      .max(200, "send at most the last 200 log lines")
      .default([]),
    error: text("freeText", { max: 4000 }).nullish(),
  })
  .refine((report) => Date.parse(report.finishedAt) >= Date.parse(report.startedAt), {
    message: "finishedAt is before startedAt",
    path: ["finishedAt"],
  });
export type ReportRequest = z.infer<typeof reportRequest>;

const ipv4 = z.ipv4("an IPv4 address like 192.168.10.5");

export const interfaceObservation = z.object({
  name: text("label", { min: 1, max: 64 }),
  mac: macSchema.nullish(),
  mtu: z.int().min(68).max(65_535).nullish(),
  addresses: z
    .array(text("label", { max: 64 }))
    .max(64)
    .default([]),
});
export const leaseObservation = z.object({
  /** Unix seconds; 0 = infinite, as in /tmp/dhcp.leases. */
  expiresAt: z.int().min(0),
  mac: macSchema,
  ip: ipv4,
  hostname: text("label", { max: 253 }).nullish(),
});
export const tincPeerObservation = z.object({
  netname: text("label", { min: 1, max: 64 }),
  name: text("label", { min: 1, max: 64 }),
  address: text("label", { max: 128 }).nullish(),
  pmtu: z.int().min(0).max(65_535).nullish(),
  reachable: z.boolean().default(true),
});
export const pmtuProbeObservation = z.object({
  target: text("label", { min: 1, max: 253 }),
  /** Largest IPv4 packet that crossed with DF set. */
  pathMtu: z.int().min(68).max(65_535).nullable(),
  method: text("label", { max: 40 }).default("ping-df"),
  /** When this target was probed; probes run less often than observations are sent. */
  measuredAt: z.iso.datetime({ offset: true }).optional(),
});

const maxItems = 4096;
export const observationsRequest = z
  .object({
    batchId: reportIdSchema,
    observedAt: z.iso.datetime({ offset: true }),
    interfaces: z.array(interfaceObservation).max(256).optional(),
    leases: z.array(leaseObservation).max(maxItems).optional(),
    tincPeers: z.array(tincPeerObservation).max(maxItems).optional(),
    pmtuProbes: z.array(pmtuProbeObservation).max(256).optional(),
  })
  .refine(
    (batch) => batch.interfaces || batch.leases || batch.tincPeers || batch.pmtuProbes,
    "send at least one of interfaces, leases, tincPeers, pmtuProbes",
  );
export type ObservationsRequest = z.infer<typeof observationsRequest>;
export const observationKinds = {
  interfaces: "interfaces",
  leases: "leases",
  tincPeers: "tinc_peers",
  pmtuProbes: "pmtu_probes",
} as const;

export const tincKeyRequest = z.object({
  publicKey: z
    .string()
    .trim()
    .max(16_384, "a public key is at most 16 KiB")
    .regex(
      /^-----BEGIN RSA PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END RSA PUBLIC KEY-----$/,
      "send the PEM public key tincd -K wrote (BEGIN RSA PUBLIC KEY … END RSA PUBLIC KEY), never the private key",
    ),
});

export const configResponse = z.object({
  revision: z.int(),
  sha256: sha256Schema,
  machine: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  files: z.array(z.object({ path: z.string(), content: z.string(), mode: z.int(), sha256: sha256Schema })),
  reloadCommands: z.array(z.string()),
  pollAfterSeconds: z.number(),
});
export const enrollResponse = z.object({
  agentId: z.string(),
  agentToken: z.string(),
  machine: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  pollAfterSeconds: z.number(),
});
export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
