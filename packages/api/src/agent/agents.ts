// Enrollment and agent tokens. An admin creates a one-time enrollment token for a machine; the
// agent trades it, with its facts, for a long-lived agent token. Both are shown once and stored
// as sha256 hashes. An agent token reads and reports for its own machine only.
import { TRPCError } from "@trpc/server";
import { type AuditContext, auditedTransaction } from "../audit";
import { generateSecret, hashSecret, secretKind } from "../auth/tokens";
import type { Database } from "../db";
import { notFound } from "../errors";
import type { Caller } from "../trpc";
import { notifyInTransaction } from "./events";
import type { EnrollRequest } from "./protocol";

export const enrollmentLifetimeHours = { default: 24, max: 24 * 14 };

export async function createEnrollmentToken(
  ctx: AuditContext,
  input: { machineId: string; expiresInHours: number },
) {
  const { secret, hash, displayPrefix } = generateSecret("enroll");
  const expiresAt = new Date(Date.now() + input.expiresInHours * 3_600_000);
  const created = await auditedTransaction(ctx, async (tx, record) => {
    const machine = await tx.machine.findFirst({
      where: { id: input.machineId, organizationId: ctx.teamId },
      select: { id: true, name: true, kind: true },
    });
    if (!machine) throw notFound("Machine");
    const token = await tx.enrollmentToken.create({
      data: {
        organizationId: ctx.teamId,
        machineId: machine.id,
        tokenHash: hash,
        prefix: displayPrefix,
        expiresAt,
        createdById: ctx.caller.userId,
      },
      select: { id: true },
    });
    record({
      action: "agent.enrollment.create",
      entityType: "machine",
      entityId: machine.id,
      after: { enrollmentId: token.id, prefix: displayPrefix, expiresAt },
    });
    return { id: token.id, machine };
  });
  // Shown once: labnet keeps only the hash.
  return { id: created.id, machine: created.machine, expiresAt, secret };
}

export class AgentAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AgentAuthError";
  }
}

/** The identity an agent acts under in audit events: the host it runs on. */
export function agentCaller(agent: { id: string; hostname: string; organizationId: string }): Caller {
  return {
    actor: { type: "agent", id: agent.id, label: agent.hostname },
    userId: null,
    sessionId: null,
    team: { teamId: agent.organizationId, role: "viewer" },
  };
}

/**
 * Trades a one-time enrollment token for an agent token. A machine has one active agent: enrolling
 * again (a reinstalled host) revokes the previous agent's token in the same transaction.
 */
export async function enrollAgent(db: Database, requestId: string, request: EnrollRequest) {
  const refused = new AgentAuthError(
    "The enrollment token is invalid, expired, revoked or already used. Create a new one on the Agents page.",
  );
  if (secretKind(request.enrollmentToken) !== "enroll") throw refused;
  const enrollment = await db.enrollmentToken.findUnique({
    where: { tokenHash: hashSecret(request.enrollmentToken) },
    include: { machine: { select: { id: true, name: true, kind: true } } },
  });
  const now = new Date();
  if (!enrollment || enrollment.usedAt || enrollment.revokedAt || enrollment.expiresAt <= now) throw refused;
  const { secret, hash, displayPrefix } = generateSecret("agent");
  const facts = request.facts;
  const agentIdentity = { id: "", hostname: facts.hostname, organizationId: enrollment.organizationId };
  const ctx = { db, requestId, teamId: enrollment.organizationId, caller: agentCaller(agentIdentity) };
  const { agent, announce } = await auditedTransaction(ctx, async (tx, record) => {
    // Claim the token first: of two concurrent enrollments with the same token, one wins.
    const claimed = await tx.enrollmentToken.updateMany({
      where: { id: enrollment.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw refused;
    const previous = await tx.agent.findMany({
      where: { machineId: enrollment.machineId, revokedAt: null },
      select: { id: true },
    });
    await tx.agent.updateMany({
      where: { id: { in: previous.map((agent) => agent.id) } },
      data: { revokedAt: now },
    });
    const created = await tx.agent.create({
      data: {
        organizationId: enrollment.organizationId,
        machineId: enrollment.machineId,
        tokenHash: hash,
        prefix: displayPrefix,
        hostname: facts.hostname,
        platform: facts.platform,
        agentVersion: facts.agentVersion,
        macs: facts.macs,
        lastSeenAt: now,
      },
    });
    await tx.enrollmentToken.update({ where: { id: enrollment.id }, data: { agentId: created.id } });
    agentIdentity.id = created.id;
    ctx.caller.actor.id = created.id;
    record({
      action: "agent.enroll",
      entityType: "agent",
      entityId: created.id,
      after: {
        machine: enrollment.machine.name,
        hostname: facts.hostname,
        platform: facts.platform,
        agentVersion: facts.agentVersion,
        replaced: previous.map((agent) => agent.id),
      },
    });
    const announce = await notifyInTransaction(tx, { agents: previous.map((agent) => agent.id) });
    return { agent: created, announce };
  });
  announce();
  return { agentId: agent.id, agentToken: secret, machine: enrollment.machine };
}

export async function revokeAgent(ctx: AuditContext, agentId: string) {
  const { announce } = await auditedTransaction(ctx, async (tx, record) => {
    const agent = await tx.agent.findFirst({ where: { id: agentId, organizationId: ctx.teamId } });
    if (!agent) throw notFound("Agent");
    if (agent.revokedAt) return { announce: () => {} };
    await tx.agent.update({ where: { id: agentId }, data: { revokedAt: new Date(), nextTokenHash: null } });
    record({
      action: "agent.revoke",
      entityType: "agent",
      entityId: agentId,
      before: { hostname: agent.hostname, prefix: agent.prefix },
    });
    return { announce: await notifyInTransaction(tx, { agents: [agentId] }) };
  });
  announce();
  return { id: agentId };
}

/** The dashboard asks for a new token; the agent collects it on its next poll (see rotateAgentToken). */
export async function requestRotation(ctx: AuditContext, agentId: string) {
  const { announce } = await auditedTransaction(ctx, async (tx, record) => {
    const agent = await tx.agent.findFirst({ where: { id: agentId, organizationId: ctx.teamId } });
    if (!agent) throw notFound("Agent");
    if (agent.revokedAt) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "This agent is revoked; enroll the machine again to give it a new token.",
      });
    }
    await tx.agent.update({ where: { id: agentId }, data: { rotateRequestedAt: new Date() } });
    record({ action: "agent.rotate.request", entityType: "agent", entityId: agentId });
    return { announce: await notifyInTransaction(tx, { agents: [agentId] }) };
  });
  announce();
  return { id: agentId };
}

/**
 * Issues the agent a new token. The old one keeps working until the new one is first used, so an
 * agent that dies between receiving and saving the new token is not locked out: it asks again.
 */
export async function rotateAgentToken(db: Database, requestId: string, agentId: string) {
  const { secret, hash, displayPrefix } = generateSecret("agent");
  const agent = await db.agent.findUniqueOrThrow({ where: { id: agentId } });
  const ctx = { db, requestId, teamId: agent.organizationId, caller: agentCaller(agent) };
  const { announce } = await auditedTransaction(ctx, async (tx, record) => {
    await tx.agent.update({ where: { id: agentId }, data: { nextTokenHash: hash } });
    record({
      action: "agent.rotate.issue",
      entityType: "agent",
      entityId: agentId,
      after: { prefix: displayPrefix },
    });
    return { announce: await notifyInTransaction(tx, { agents: [agentId] }) };
  });
  announce();
  return { agentToken: secret };
}

/** First use of a rotated token: it becomes the only valid one. */
export async function promoteRotatedToken(db: Database, agentId: string, tokenHash: string, prefix: string) {
  const { announce } = await db.$transaction(async (tx) => {
    const promoted = await tx.agent.updateMany({
      where: { id: agentId, nextTokenHash: tokenHash, revokedAt: null },
      data: { tokenHash, prefix, nextTokenHash: null, rotateRequestedAt: null },
    });
    if (promoted.count === 0) return { announce: () => {} };
    return { announce: await notifyInTransaction(tx, { agents: [agentId] }) };
  });
  announce();
}
