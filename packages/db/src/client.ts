import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export interface PrismaClientOptions {
  /**
   * Connections the pool may open (pg's default is 10). Keep it below 10 against the embedded server, which
   * accepts 10 in all and serialises queries anyway.
   */
  maxConnections?: number;
}

export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
