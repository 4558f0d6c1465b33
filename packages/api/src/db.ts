// The api layer is the only place that talks to the generated Prisma client.
import type { PrismaClient } from "@labnet/db";

export type Database = PrismaClient;
