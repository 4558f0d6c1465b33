// Rate-limit counters in the database, so that every labnet process on one PostgreSQL counts
// together (an in-memory limit would give each instance its own allowance). One atomic upsert per
// attempt, on the database's clock: concurrent attempts cannot all read a stale count, and
// instances with skewed clocks agree on the window. better-auth uses it for its per-address keys
// (`customStorage`), labnet's sign-in hook for its per-account keys.
import { createHash } from "node:crypto";
import type { Database } from "../db";

export interface RateLimitRule {
  /** Seconds. */
  window: number;
  max: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window frees up; null when allowed. */
  retryAfter: number | null;
}

/** How often one process deletes windows that ended long ago. */
const pruneEveryMs = 10 * 60_000;

export function databaseRateLimit(db: Database) {
  let lastPrune = 0;
  return {
    async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
      // A fixed window: the first attempt starts it, later ones count; an expired window restarts.
      const [row] = await db.$queryRaw<{ count: number; retryAfter: number }[]>`
        INSERT INTO rate_limit (key, count, "windowStart") VALUES (${key}, 1, now())
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limit."windowStart" <= now() - make_interval(secs => ${rule.window})
                       THEN 1 ELSE rate_limit.count + 1 END,
          "windowStart" = CASE WHEN rate_limit."windowStart" <= now() - make_interval(secs => ${rule.window})
                       THEN now() ELSE rate_limit."windowStart" END
        RETURNING count,
          ceil(extract(epoch FROM "windowStart" + make_interval(secs => ${rule.window}) - now()))::int AS "retryAfter"`;
      if (Date.now() - lastPrune > pruneEveryMs) {
        lastPrune = Date.now();
        await db.$executeRaw`DELETE FROM rate_limit WHERE "windowStart" < now() - interval '1 day'`;
      }
      const allowed = row!.count <= rule.max;
      return { allowed, retryAfter: allowed ? null : Math.max(1, row!.retryAfter) };
    },
  };
}

/** The key of an account's sign-in attempts; the address is hashed, guesses are not stored as typed. */
export function accountKey(email: string): string {
  return `account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
}
