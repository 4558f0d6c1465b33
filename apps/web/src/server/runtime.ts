// One database pool, one auth instance per server process. Created lazily: `next build` imports
// route modules while collecting page data, and must not open a database then.
import { type Auth, createAuth, createCallerResolver } from "@labnet/api";
import { connectionBudget, createPrismaClient, type PrismaClient } from "@labnet/db";

interface Runtime {
  db: PrismaClient;
  auth: Auth;
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
  const auth = createAuth({
    db,
    secret,
    baseURL: process.env.LABNET_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    rateLimit: process.env.LABNET_RATE_LIMIT !== "0",
  });
  globalForRuntime.labnetRuntime = {
    db,
    auth,
    resolveCaller: createCallerResolver({ db, auth }),
    dbMode: mode,
  };
  return globalForRuntime.labnetRuntime;
}
