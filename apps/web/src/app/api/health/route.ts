import { migrationStatus } from "@labnet/db";
import { runtime } from "~/server/runtime";
import packageJson from "../../../../package.json";

export const dynamic = "force-dynamic";

/** Liveness and readiness in one: 200 when the database answers and no migration is pending. */
export async function GET() {
  const base = { version: packageJson.version };
  try {
    const { dbMode } = runtime();
    const url = process.env.DATABASE_URL!;
    const migrations = await migrationStatus(url);
    const ready = migrations.pending === 0 && migrations.failed.length === 0;
    return Response.json(
      {
        ...base,
        status: ready ? "ok" : "degraded",
        db: dbMode,
        migrations: { applied: migrations.applied, pending: migrations.pending },
        ...(ready
          ? {}
          : {
              reason:
                migrations.failed.length > 0
                  ? `failed migration: ${migrations.failed.join(", ")}`
                  : `${migrations.pending} migration(s) pending: restart labnet to apply them`,
            }),
      },
      { status: ready ? 200 : 503 },
    );
  } catch (error) {
    return Response.json(
      {
        ...base,
        status: "error",
        db: process.env.LABNET_DB_MODE === "embedded" ? "embedded" : "postgres",
        reason: `database unreachable: ${(error as Error).message}`,
      },
      { status: 503 },
    );
  }
}
