// Reads top-down: context → init → procedure kinds. Authorisation *is* the procedure kind:
// a procedure's kind names the least role that may call it, and the team always comes from the
// caller's session or token — never from the request body.

import { findInvalidString, idSchema } from "@labnet/model";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Database } from "./db";
import { FieldErrors, invalidField } from "./errors";

// ── context ────────────────────────────────────────────────────────────────────────────────

export const roles = ["viewer", "editor", "admin", "owner"] as const;
export type Role = (typeof roles)[number];
const roleRank: Record<Role, number> = { viewer: 1, editor: 2, admin: 3, owner: 4 };

export function roleAtLeast(role: Role, least: Role): boolean {
  return roleRank[role] >= roleRank[least];
}

/** The lower of two roles: what a token may do when its creator's own role is lower than its own. */
export function lowerRole(a: Role, b: Role): Role {
  return roleRank[a] <= roleRank[b] ? a : b;
}

/** A role read from the database; an unknown string grants the least, never more. */
export function asRole(value: string): Role {
  return (roles as readonly string[]).includes(value) ? (value as Role) : "viewer";
}

/** Who is calling: a signed-in user, an API token or a machine's agent. */
export interface Actor {
  type: "user" | "token" | "agent";
  id: string;
  label: string;
}

/** The caller's active team and their role in it. */
export interface TeamAccess {
  teamId: string;
  role: Role;
}

export interface Caller {
  actor: Actor;
  /** The user behind the call (null for tokens and agents). */
  userId: string | null;
  /** The browser session (null for tokens and agents): the active team is stored on it. */
  sessionId: string | null;
  team: TeamAccess | null;
}

export interface Context {
  db: Database;
  requestId: string;
  caller: Caller | null;
}

export interface CreateContextOptions {
  db: Database;
  headers: Headers;
  /** Resolves the session cookie or bearer token; null for anonymous calls. */
  resolveCaller: (headers: Headers) => Promise<Caller | null>;
}

export async function createContext({ db, headers, resolveCaller }: CreateContextOptions): Promise<Context> {
  return {
    db,
    requestId: headers.get("x-request-id") ?? crypto.randomUUID(),
    caller: await resolveCaller(headers),
  };
}

// ── init ───────────────────────────────────────────────────────────────────────────────────

/** Who may call a procedure: the matrix test checks every procedure against this. */
export type Access = "public" | "authenticated" | Role;

export interface Meta {
  access: Access;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const fields =
        error.cause instanceof ZodError
          ? zodFieldMessages(error.cause)
          : error.cause instanceof FieldErrors
            ? error.cause.fields
            : null;
      const message =
        error.cause instanceof ZodError
          ? Object.entries(fields ?? {})
              .map(([f, m]) => `${f}: ${m}`)
              .join("; ")
          : shape.message;
      return { ...shape, message, data: { ...shape.data, fields, stack: undefined } };
    },
  });

/** "leases.0.mac" → message, the first rule broken per field; `whole` names an issue of the input itself. */
export function zodFieldMessages(error: ZodError, whole = "input"): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || whole;
    fields[key] ??= issue.message;
  }
  return fields;
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// ── procedure kinds ────────────────────────────────────────────────────────────────────────

/**
 * The generic guard behind every procedure kind, after its authorisation: no string holding a NUL
 * or a lone surrogate reaches a handler, even through an input schema that forgot the text policy.
 * PostgreSQL refuses both with an internal error (a 500); this makes it a 400 naming the field.
 */
const rejectInvalidStrings = t.middleware(async ({ getRawInput, next }) => {
  const found = findInvalidString(await getRawInput());
  if (found) throw invalidField(found.path.join(".") || "input", found.message);
  return next();
});

export const publicProcedure = t.procedure.meta({ access: "public" }).use(rejectInvalidStrings);

export const authenticatedProcedure = t.procedure
  .meta({ access: "authenticated" })
  .use(({ ctx, next }) => {
    if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    return next({ ctx: { ...ctx, caller: ctx.caller } });
  })
  .use(rejectInvalidStrings);

function teamProcedure(least: Role) {
  return t.procedure
    .meta({ access: least })
    .use(({ ctx, next }) => {
      if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
      const team = ctx.caller.team;
      if (!team) throw new TRPCError({ code: "FORBIDDEN", message: "Choose or create a team first." });
      if (!roleAtLeast(team.role, least)) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `This needs the ${least} role in this team; you are ${team.role}.`,
        });
      }
      // `scope` is what services take: the team is the caller's, never one named in the input.
      const scope = {
        db: ctx.db,
        requestId: ctx.requestId,
        caller: ctx.caller,
        teamId: team.teamId,
        role: team.role,
      };
      return next({ ctx: { ...ctx, caller: ctx.caller, team, scope } });
    })
    .use(rejectInvalidStrings);
}

/** Reads the active team's data. */
export const viewerProcedure = teamProcedure("viewer");
/** Edits the inventory and drafts plans. */
export const editorProcedure = teamProcedure("editor");
/** Publishes plans, manages agents, tokens and members. */
export const adminProcedure = teamProcedure("admin");
/** Manages the team itself. */
export const ownerProcedure = teamProcedure("owner");

export const idInput = z.object({ id: idSchema });
