// One database pool, one auth instance per server process. Created lazily: `next build` imports
// route modules while collecting page data, and must not open a database then.
import { type Auth, createAuth, createCallerResolver } from "@labnet/api";
import { type OriginPolicy, originPolicyFromEnv, parseTrustedProxies } from "@labnet/api/edge";
import { connectionBudget, createPrismaClient, type PrismaClient } from "@labnet/db";

interface Runtime {
  db: PrismaClient;
  auth: Auth;
  /** Which browser origins may change data (LABNET_URL, LABNET_TRUSTED_ORIGINS). */
  origins: OriginPolicy;
  resolveCaller: ReturnType<typeof createCallerResolver>;
  dbMode: "embedded" | "postgres";
}

const globalForRuntime = globalThis as unknown as { labnetRuntime?: Runtime };

export function runtime(): Runtime {
  if (globalForRuntime.labnetRuntime) return globalForRuntime.labnetRuntime;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start labnet with `npm start`, which provides it.");
  const secret = process.env.BETTER_AUTH_SECRET;
  if (!secret)
    throw new Error("BETTER_AUTH_SECRET is not set: start labnet with `npm start`, which provides it.");
  const mode = process.env.LABNET_DB_MODE === "embedded" ? "embedded" : "postgres";
  // Sized from the mode's connection budget, which leaves room for LISTEN and the health pool.
  const db = createPrismaClient(url, { maxConnections: connectionBudget(mode).web });
  const origins = originPolicyFromEnv(process.env);
  const auth = createAuth({
    db,
    secret,
    baseURL: origins.canonical ?? `http://localhost:${process.env.PORT ?? 3000}`,
    origins,
    trustedProxies: parseTrustedProxies(process.env.LABNET_TRUSTED_PROXIES).map((proxy) => proxy.text),
    rateLimit: process.env.LABNET_RATE_LIMIT !== "0",
  });
  globalForRuntime.labnetRuntime = {
    db,
    auth,
    origins,
    resolveCaller: createCallerResolver({ db, auth }),
    dbMode: mode,
  };
  return globalForRuntime.labnetRuntime;
}
