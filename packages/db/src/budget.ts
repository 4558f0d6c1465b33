import type { DatabaseMode } from "./config";

/**
 * How many connections each part of a running labnet may open, per database mode: one table, so the parts
 * together never exceed what the server accepts. The embedded server (pglite-socket) refuses a connection
 * over its limit by closing it ("Server has closed the connection", or ECONNRESET), which costs a request;
 * it also counts a closed connection for a moment after the client has gone, hence the spare.
 */
export interface ConnectionBudget {
  /** Connections the server accepts (embedded: what labnet starts it with; postgres: assumed minimum). */
  server: number;
  /** The web server's Prisma pool (tRPC, auth, agent API). */
  web: number;
  /** The agent live index's LISTEN connection. */
  listen: number;
  /** GET /api/health's own pool, so health answers even while the Prisma pool is busy. */
  health: number;
  /** `npm start`'s migration and seed clients; they close before the web server starts. */
  startup: number;
  /** Headroom for connections the server has not yet counted as closed, and for a person's psql. */
  spare: number;
}

export const CONNECTION_BUDGETS: Record<DatabaseMode, ConnectionBudget> = {
  // PGlite runs one query at a time, so a bigger web pool adds only queueing, never throughput.
  embedded: { server: 20, web: 8, listen: 1, health: 1, startup: 3, spare: 7 },
  // PostgreSQL's default max_connections is 100; labnet takes a small share so several instances fit.
  postgres: { server: 100, web: 10, listen: 1, health: 1, startup: 3, spare: 85 },
};

export function connectionBudget(mode: DatabaseMode): ConnectionBudget {
  return CONNECTION_BUDGETS[mode];
}

/** Connections open at the same time in the worst case: the web server's parts, or start-up's clients. */
export function peakConnections(budget: ConnectionBudget): number {
  return Math.max(budget.web + budget.listen + budget.health, budget.startup) + budget.spare;
}
