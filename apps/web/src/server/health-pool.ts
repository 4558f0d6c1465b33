// GET /api/health's own small pool, kept for the process like the runtime's (see @labnet/db's connection
// budget), so a health check neither opens a connection per request nor waits behind a busy Prisma pool.
import { createHealthPool, type DatabaseMode } from "@labnet/db";

type Pool = ReturnType<typeof createHealthPool>;
const globalForHealth = globalThis as unknown as { labnetHealthPool?: Pool };

export function healthPool(url: string, mode: DatabaseMode): Pool {
  globalForHealth.labnetHealthPool ??= createHealthPool(url, mode);
  return globalForHealth.labnetHealthPool;
}
