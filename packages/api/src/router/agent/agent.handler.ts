import type { Prisma } from "@labnet/db";
import type { AuditContext } from "../../audit";
import { notFound } from "../../errors";

/** An agent is online while it polls on time, stale after a few missed polls, offline after that. */
export const presence = { onlineSeconds: 90, staleSeconds: 600 };

export type Presence = "online" | "stale" | "offline" | "never";

export function presenceOf(lastSeenAt: Date | null, now = Date.now()): Presence {
  if (!lastSeenAt) return "never";
  const age = (now - lastSeenAt.getTime()) / 1000;
  return age <= presence.onlineSeconds ? "online" : age <= presence.staleSeconds ? "stale" : "offline";
}

/** Every machine of the team with its active agent (if any) and desired revision, a page at a time. */
export async function listAgents(
  ctx: AuditContext,
  input: { search: string; page: number; pageSize: number },
) {
  const where: Prisma.MachineWhereInput = {
    organizationId: ctx.teamId,
    ...(input.search
      ? {
          OR: [
            { name: { contains: input.search, mode: "insensitive" } },
            {
              agents: {
                some: { hostname: { contains: input.search, mode: "insensitive" }, revokedAt: null },
              },
            },
          ],
        }
      : {}),
  };
  const [total, machines] = await Promise.all([
    ctx.db.machine.count({ where }),
    ctx.db.machine.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true,
        name: true,
        kind: true,
        lab: { select: { name: true } },
        agents: {
          where: { revokedAt: null },
          orderBy: { enrolledAt: "desc" },
          take: 1,
          select: {
            id: true,
            hostname: true,
            platform: true,
            agentVersion: true,
            prefix: true,
            enrolledAt: true,
            lastSeenAt: true,
            appliedRevision: true,
            lastResult: true,
            lastError: true,
            lastReportAt: true,
            rotateRequestedAt: true,
          },
        },
      },
    }),
  ]);
  const ids = machines.map((machine) => machine.id);
  const desired =
    ids.length === 0
      ? []
      : await ctx.db.$queryRaw<{ machineId: string; number: number; createdAt: Date }[]>`
          SELECT DISTINCT ON ("machineId") "machineId", number, "createdAt"
          FROM machine_revision WHERE "machineId" = ANY(${ids}::text[])
          ORDER BY "machineId", number DESC`;
  const desiredBy = new Map(desired.map((row) => [row.machineId, row]));
  const now = Date.now();
  return {
    total,
    items: machines.map((machine) => {
      const agent = machine.agents[0] ?? null;
      const revision = desiredBy.get(machine.id) ?? null;
      return {
        machineId: machine.id,
        machineName: machine.name,
        kind: machine.kind,
        lab: machine.lab.name,
        desiredRevision: revision?.number ?? null,
        publishedAt: revision?.createdAt ?? null,
        agent: agent ? { ...agent, presence: presenceOf(agent.lastSeenAt, now) } : null,
      };
    }),
  };
}

export async function listReports(
  ctx: AuditContext,
  input: { machineId: string; page: number; pageSize: number },
) {
  const machine = await ctx.db.machine.findFirst({
    where: { id: input.machineId, organizationId: ctx.teamId },
    select: { id: true },
  });
  if (!machine) throw notFound("Machine");
  const where = { machineId: machine.id };
  const [total, items] = await Promise.all([
    ctx.db.agentReport.count({ where }),
    ctx.db.agentReport.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true,
        revision: true,
        status: true,
        startedAt: true,
        finishedAt: true,
        durationMs: true,
        log: true,
        error: true,
        receivedAt: true,
        agent: { select: { hostname: true } },
      },
    }),
  ]);
  return { total, items };
}
