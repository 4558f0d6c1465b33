import { TRPCError } from "@trpc/server";
import { type AuditContext, auditedTransaction } from "../../audit";
import { tokenEffectiveRole } from "../../auth/resolve-caller";
import { generateSecret } from "../../auth/tokens";
import { notFound } from "../../errors";
import { type Role, roleAtLeast } from "../../trpc";

export async function createApiToken(
  ctx: AuditContext & { role: Role },
  input: { name: string; role: Exclude<Role, "owner">; expiresInDays: number },
) {
  if (!roleAtLeast(ctx.role, input.role)) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: `You cannot create a token with more rights (${input.role}) than your own (${ctx.role}).`,
    });
  }
  if (!ctx.caller.userId)
    throw new TRPCError({ code: "FORBIDDEN", message: "Tokens are created by signed-in users." });
  const { secret, hash, displayPrefix } = generateSecret("api");
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const token = await auditedTransaction(ctx, async (tx, record) => {
    const created = await tx.apiToken.create({
      data: {
        organizationId: ctx.teamId,
        name: input.name,
        role: input.role,
        tokenHash: hash,
        prefix: displayPrefix,
        expiresAt,
        createdById: ctx.caller.userId!,
      },
    });
    record({
      action: "token.create",
      entityType: "api_token",
      entityId: created.id,
      after: { name: input.name, role: input.role, expiresAt },
    });
    return created;
  });
  // Shown once: labnet keeps only the hash.
  return { id: token.id, name: token.name, role: token.role, expiresAt, secret };
}

export async function listApiTokens(ctx: AuditContext) {
  const tokens = await ctx.db.apiToken.findMany({
    where: { organizationId: ctx.teamId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      role: true,
      prefix: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdAt: true,
      createdBy: {
        select: {
          name: true,
          email: true,
          members: { where: { organizationId: ctx.teamId }, select: { role: true }, take: 1 },
        },
      },
    },
  });
  const now = Date.now();
  return tokens.map(({ createdBy, ...token }) => {
    // What the token can do right now: its creator's removal or demotion limits it (see resolve-caller).
    const effectiveRole = tokenEffectiveRole(token.role, createdBy.members[0]?.role ?? null);
    return {
      ...token,
      createdBy: createdBy.name || createdBy.email,
      effectiveRole,
      state: token.revokedAt
        ? ("revoked" as const)
        : token.expiresAt && token.expiresAt.getTime() <= now
          ? ("expired" as const)
          : effectiveRole === null
            ? ("creator left" as const)
            : ("active" as const),
    };
  });
}

export async function revokeApiToken(ctx: AuditContext, id: string) {
  return auditedTransaction(ctx, async (tx, record) => {
    const token = await tx.apiToken.findFirst({ where: { id, organizationId: ctx.teamId } });
    if (!token) throw notFound("Token");
    if (!token.revokedAt) {
      await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
      record({ action: "token.revoke", entityType: "api_token", entityId: id, before: { name: token.name } });
    }
    return { id };
  });
}
