// What agents send back: apply results (one per revision attempt) and observations. Both carry an
// id chosen by the agent, so a report re-sent after a lost response is stored exactly once.

import { Prisma } from "@labnet/db";
import { parseIPv4, parseMac } from "@labnet/model";
import type { z } from "zod";
import { auditedTransaction } from "../audit";
import type { Database } from "../db";
import { agentCaller } from "./agents";
import {
  type leaseObservation,
  type ObservationsRequest,
  observationKinds,
  type ReportRequest,
} from "./protocol";

export interface AgentIdentity {
  id: string;
  machineId: string;
  organizationId: string;
  hostname: string;
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** Stores the report once; `duplicate` tells the agent a retry was recognised (still a success). */
export async function storeReport(
  db: Database,
  requestId: string,
  agent: AgentIdentity,
  report: ReportRequest,
): Promise<{ duplicate: boolean }> {
  const existing = await db.agentReport.findUnique({
    where: { agentId_reportId: { agentId: agent.id, reportId: report.reportId } },
    select: { id: true },
  });
  if (existing) return { duplicate: true };
  const startedAt = new Date(report.startedAt);
  const finishedAt = new Date(report.finishedAt);
  const ctx = { db, requestId, teamId: agent.organizationId, caller: agentCaller(agent) };
  try {
    await auditedTransaction(ctx, async (tx, record) => {
      await tx.agentReport.create({
        data: {
          agentId: agent.id,
          machineId: agent.machineId,
          reportId: report.reportId,
          revision: report.revision,
          sha256: report.sha256,
          status: report.status,
          startedAt,
          finishedAt,
          durationMs: finishedAt.getTime() - startedAt.getTime(),
          log: report.log,
          error: report.error ?? null,
        },
      });
      // The agent row shows the latest attempt; an older report arriving late (spooled while
      // offline) is stored but does not overwrite a newer state.
      await tx.agent.updateMany({
        where: {
          id: agent.id,
          OR: [{ lastReportAt: null }, { lastReportAt: { lte: finishedAt } }],
        },
        data: {
          lastResult: report.status,
          lastError: report.status === "applied" ? null : (report.error ?? "no error message sent"),
          lastReportAt: finishedAt,
          ...(report.status === "applied"
            ? { appliedRevision: report.revision, appliedSha256: report.sha256 }
            : {}),
        },
      });
      record({
        action: `agent.report.${report.status}`,
        entityType: "machine",
        entityId: agent.machineId,
        after: { revision: report.revision, reportId: report.reportId, error: report.error ?? undefined },
      });
    });
    return { duplicate: false };
  } catch (error) {
    // Two copies of the same report raced: the other one was stored.
    if (isUniqueViolation(error)) return { duplicate: true };
    throw error;
  }
}

/** Observations are stored as they come (history with time); the latest per kind is what drift reads. */
export async function storeObservations(
  db: Database,
  agent: AgentIdentity,
  batch: ObservationsRequest,
): Promise<{ stored: string[]; duplicate: boolean }> {
  const observedAt = new Date(batch.observedAt);
  const rows = (Object.keys(observationKinds) as (keyof typeof observationKinds)[])
    .filter((key) => batch[key] !== undefined)
    .map((key) => ({
      agentId: agent.id,
      machineId: agent.machineId,
      batchId: batch.batchId,
      kind: observationKinds[key],
      data: batch[key] as Prisma.InputJsonValue,
      observedAt,
    }));
  const created = await db.agentObservation.createMany({ data: rows, skipDuplicates: true });
  return { stored: rows.map((row) => row.kind), duplicate: created.count === 0 };
}

/** The latest observation of each kind for a machine (one indexed lookup per kind). */
export async function latestObservations(db: Database | Prisma.TransactionClient, machineId: string) {
  const kinds = Object.values(observationKinds);
  const rows = await Promise.all(
    kinds.map((kind) =>
      db.agentObservation.findFirst({
        where: { machineId, kind },
        orderBy: { observedAt: "desc" },
        select: { kind: true, data: true, observedAt: true },
      }),
    ),
  );
  return Object.fromEntries(rows.filter((row) => row !== null).map((row) => [row.kind, row])) as Partial<
    Record<(typeof kinds)[number], { data: unknown; observedAt: Date }>
  >;
}

type Lease = z.infer<typeof leaseObservation>;

/**
 * /tmp/dhcp.leases as dnsmasq writes it (`<expiry> <mac> <ip> <hostname|*> <client-id|*>`), for the
 * shell agent, which sends the file as it is. Non-Ethernet and DHCPv6 entries are skipped.
 */
export function parseLeasesFile(text: string): { leases: Lease[]; errors: string[] } {
  const leases: Lease[] = [];
  const errors: string[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const fields = raw.trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0) continue;
    if (fields[0] === "duid") break;
    const [expiry, macText, ipText, name] = fields;
    if (fields.length < 4 || !/^\d+$/.test(expiry!)) {
      errors.push(`line ${index + 1}: expected <expiry> <mac> <ip> <hostname|*> [<client-id|*>]`);
      continue;
    }
    if (/^[0-9a-f]{1,2}-/i.test(macText!) && macText!.split("-").length !== 6) continue;
    const mac = parseMac(macText!);
    const ip = parseIPv4(ipText!);
    if (!mac.ok || !ip.ok) {
      errors.push(`line ${index + 1}: ${!mac.ok ? mac.error : ""}${!ip.ok ? ip.error : ""}`);
      continue;
    }
    leases.push({
      expiresAt: Number(expiry),
      mac: mac.value,
      ip: ip.value,
      hostname: name === "*" ? null : name!,
    });
  }
  return { leases, errors };
}
