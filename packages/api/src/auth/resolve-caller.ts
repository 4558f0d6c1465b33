import { TRPCError } from "@trpc/server";
import type { Database } from "../db";
import { asRole, type Caller, lowerRole, type Role } from "../trpc";
import type { Auth } from "./auth";
import { hashSecret, secretKind } from "./tokens";

/** lastUsedAt is informative: write it at most once a minute per token, not on every call. */
const lastUsedResolutionMs = 60_000;

export function createCallerResolver({ db, auth }: { db: Database; auth: Auth }) {
  return async function resolveCaller(headers: Headers): Promise<Caller | null> {
    const authorization = headers.get("authorization");
    if (authorization?.toLowerCase().startsWith("bearer ")) {
      return resolveApiToken(db, authorization.slice(7).trim());
    }
    const session = await auth.api.getSession({ headers });
    if (!session) return null;
    const team = await activeTeam(
      db,
      session.user.id,
      session.session.id,
      session.session.activeOrganizationId ?? null,
    );
    return {
      actor: { type: "user", id: session.user.id, label: session.user.name || session.user.email },
      userId: session.user.id,
      sessionId: session.session.id,
      team,
    };
  };
}

interface TokenRow {
  id: string;
  name: string;
  organizationId: string;
  role: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The creator's role in the token's team now; null when they are no longer a member. */
  creatorRole: string | null;
}

/**
 * What a token may do: the lower of its own role and its creator's current role in the team;
 * null when the creator is no longer a member (the token then does nothing at all).
 */
export function tokenEffectiveRole(tokenRole: string, creatorRole: string | null): Role | null {
  return creatorRole === null ? null : lowerRole(asRole(tokenRole), asRole(creatorRole));
}

/**
 * The creator's membership is read in the same query as the token, on every request: removing or
 * demoting the creator takes effect on the token's next call.
 */
async function resolveApiToken(db: Database, secret: string): Promise<Caller> {
  const invalid = new TRPCError({
    code: "UNAUTHORIZED",
    message: "The API token is invalid, expired or revoked. Create a new one under Team → API tokens.",
  });
  if (secretKind(secret) !== "api") throw invalid;
  const [token] = await db.$queryRaw<TokenRow[]>`
    SELECT t.id, t.name, t."organizationId", t.role, t."expiresAt", t."lastUsedAt", t."revokedAt",
           m.role AS "creatorRole"
      FROM api_token t
      LEFT JOIN member m ON m."userId" = t."createdById" AND m."organizationId" = t."organizationId"
     WHERE t."tokenHash" = ${hashSecret(secret)}
     LIMIT 1`;
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) throw invalid;
  const role = tokenEffectiveRole(token.role, token.creatorRole);
  if (!role) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message:
        "The person who created this API token is no longer a member of its team, so the token no longer works. Ask a team admin for a new one.",
    });
  }
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > lastUsedResolutionMs) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return {
    actor: { type: "token", id: token.id, label: `token ${token.name}` },
    userId: null,
    sessionId: null,
    team: { teamId: token.organizationId, role },
  };
}

/**
 * The session's active team, if the user is still a member; otherwise their oldest membership
 * (written back to the session so the choice sticks), or null when they belong to no team.
 */
async function activeTeam(db: Database, userId: string, sessionId: string, activeTeamId: string | null) {
  if (activeTeamId) {
    const member = await db.member.findFirst({ where: { userId, organizationId: activeTeamId } });
    if (member) return { teamId: member.organizationId, role: asRole(member.role) };
  }
  const first = await db.member.findFirst({ where: { userId }, orderBy: { createdAt: "asc" } });
  if (!first) return null;
  await db.session.update({ where: { id: sessionId }, data: { activeOrganizationId: first.organizationId } });
  return { teamId: first.organizationId, role: asRole(first.role) };
}
