// better-auth owns accounts, passwords and sessions (httpOnly cookies, CSRF-checked by origin).
// Teams, roles, invitations and API tokens are labnet's own, authorised in trpc.ts, so that one
// middleware decides every call.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import type { Database } from "../db";
import { createTeamForNewUser } from "./first-team";

export interface AuthOptions {
  db: Database;
  /** At least 32 random characters; the start script keeps one per data folder. */
  secret: string;
  /** The URL users open, e.g. http://localhost:3000 */
  baseURL: string;
  /** Rate limits are on in production; tests may switch them off. */
  rateLimit?: boolean;
}

export const minPasswordLength = 10;

export function createAuth({ db, secret, baseURL, rateLimit = true }: AuthOptions) {
  return betterAuth({
    appName: "labnet",
    secret,
    baseURL,
    trustedOrigins: [baseURL],
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength, maxPasswordLength: 200, autoSignIn: true },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
    },
    advanced: {
      // Secure cookies whenever labnet is served over https; plain http on localhost still works.
      useSecureCookies: baseURL.startsWith("https://"),
      ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
    },
    rateLimit: {
      enabled: rateLimit,
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: 5 },
        "/sign-up/email": { window: 60, max: 5 },
        "/change-password": { window: 60, max: 5 },
      },
    },
    databaseHooks: {
      user: { create: { after: async (user) => createTeamForNewUser(db, user) } },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
