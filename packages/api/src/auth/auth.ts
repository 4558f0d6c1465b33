// better-auth owns accounts, passwords and sessions (httpOnly cookies, CSRF-checked by origin).
// Teams, roles, invitations and API tokens are labnet's own, authorised in trpc.ts, so that one
// middleware decides every call.
import { codePointProblem, text } from "@labnet/model";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { z } from "zod";
import type { Database } from "../db";
import { type OriginPolicy, originRefusal, trustedOriginsFor } from "../edge/origin";
import { FieldErrors } from "../errors";
import { zodFieldMessages } from "../trpc";
import { createTeamForNewUser } from "./first-team";
import { accountKey, databaseRateLimit } from "./rate-limit";

export interface AuthOptions {
  db: Database;
  /** At least 32 random characters; the start script keeps one per data folder. */
  secret: string;
  /** The URL users open, e.g. http://localhost:3000 */
  baseURL: string;
  /** Which browser origins may sign in (default: baseURL's origin only). */
  origins?: OriginPolicy;
  /** LABNET_TRUSTED_PROXIES: addresses whose X-Forwarded-For is believed. */
  trustedProxies?: string[];
  /** Rate limits are on in production; tests may switch them off. */
  rateLimit?: boolean;
}

export const minPasswordLength = 10;
export const maxPasswordLength = 200;

/** Per account, from any number of addresses: a slow guesser with many addresses still stops. */
export const accountSignInRule = { window: 15 * 60, max: 10 };
/** Per client address and path. */
export const addressSignInRule = { window: 60, max: 5 };

/**
 * Passwords: length in code points, no control or invisible characters (they cannot be typed
 * again reliably), and not only spaces — "          " passes a length rule but guards nothing.
 */
export const passwordSchema = z.string().superRefine((value, ctx) => {
  const length = [...value].length;
  const problem =
    length < minPasswordLength
      ? `must be at least ${minPasswordLength} characters`
      : length > maxPasswordLength
        ? `must be at most ${maxPasswordLength} characters`
        : value.trim() === ""
          ? "must not be only spaces"
          : value.trim() !== value
            ? "must not start or end with a space"
            : codePointProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const signUpInput = z.object({
  name: text("name"),
  email: z.email("must be an email address").max(254, "must be at most 254 characters"),
  password: passwordSchema,
});

const changePasswordInput = z.object({ newPassword: passwordSchema });

/** A bad field → 400 naming the field and the rule, as the rest of labnet answers. */
function checkFields(schema: z.ZodType, body: unknown) {
  const result = schema.safeParse(body);
  if (result.success) return;
  const { fields, message } = new FieldErrors(zodFieldMessages(result.error, "body"));
  throw new APIError("BAD_REQUEST", { code: "INVALID_INPUT", message, fields });
}

export function createAuth({
  db,
  secret,
  baseURL,
  origins,
  trustedProxies = [],
  rateLimit = true,
}: AuthOptions) {
  const policy: OriginPolicy = origins ?? { canonical: new URL(baseURL).origin, extra: [] };
  const limits = databaseRateLimit(db);
  return betterAuth({
    appName: "labnet",
    secret,
    baseURL,
    // Without a request no own origin is known: only the configured origins.
    trustedOrigins: (request) => trustedOriginsFor(policy, request?.headers ?? new Headers()),
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength,
      maxPasswordLength,
      // No session from sign-up: the answer for a new and for a registered email is then the same
      // (no account enumeration); the sign-up page signs in right after with the same password.
      autoSignIn: false,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
    },
    advanced: {
      // Secure cookies whenever labnet is served over https; plain http on localhost still works.
      useSecureCookies: baseURL.startsWith("https://"),
      // labnet's web server sets X-Forwarded-For from the socket (apps/web/server.ts); a proxy's
      // chain is walked only past LABNET_TRUSTED_PROXIES.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"], trustedProxies },
    },
    rateLimit: {
      enabled: rateLimit,
      window: 60,
      max: 100,
      customStorage: limits,
      customRules: {
        "/sign-in/email": addressSignInRule,
        "/sign-up/email": addressSignInRule,
        "/change-password": addressSignInRule,
        // Read on every page load; counting it would cost a database write per page.
        "/get-session": false,
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // An origin refusal says where the page was opened and what labnet is configured for,
        // before better-auth's own check answers a bare "Invalid origin".
        const origin = ctx.request?.method === "POST" ? ctx.request.headers.get("origin") : null;
        if (ctx.request && origin !== null) {
          const refusal = originRefusal(policy, ctx.request.headers, origin);
          if (refusal) throw new APIError("FORBIDDEN", { code: "INVALID_ORIGIN", message: refusal });
        }
        if (ctx.path === "/sign-up/email") checkFields(signUpInput, ctx.body);
        if (ctx.path === "/change-password") checkFields(changePasswordInput, ctx.body);
        if (ctx.path === "/sign-in/email" && rateLimit && ctx.request) {
          const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
          const decision = await limits.consume(accountKey(email), accountSignInRule);
          if (!decision.allowed) {
            throw new APIError(
              "TOO_MANY_REQUESTS",
              {
                code: "TOO_MANY_ATTEMPTS",
                message: "Too many sign-in attempts for this account. Try again later.",
              },
              { "retry-after": String(decision.retryAfter) },
            );
          }
        }
      }),
    },
    databaseHooks: {
      user: { create: { after: async (user) => createTeamForNewUser(db, user) } },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
