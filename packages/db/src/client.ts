import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export interface PrismaClientOptions {
  /**
   * Connections the pool may open (pg's default is 10). Long-lived clients take theirs from the mode's
   * connection budget (budget.ts), so everything together stays under what the server accepts.
   */
  maxConnections?: number;
}

export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
