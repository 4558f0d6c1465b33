import { healthReport, readEmbeddedState } from "@labnet/db";
import { healthPool } from "~/server/health-pool";
import packageJson from "../../../../package.json";

export const dynamic = "force-dynamic";

/** Liveness and readiness in one: 200 when the database answers and no migration is pending. */
export async function GET() {
  const mode = process.env.LABNET_DB_MODE === "embedded" ? "embedded" : "postgres";
  const url = process.env.DATABASE_URL;
  if (!url) {
    return Response.json(
      {
        status: "error",
        db: mode,
        version: packageJson.version,
        reason: "DATABASE_URL is not set: start labnet with `npm start`",
      },
      { status: 503 },
    );
  }
  // Under `npm start` the embedded server is supervised; its state says whether it is being restarted.
  const dataDir = process.env.LABNET_DATA_DIR;
  const embedded = mode === "embedded" && dataDir ? await readEmbeddedState(dataDir) : undefined;
  const report = await healthReport(healthPool(url, mode), mode, packageJson.version, { embedded });
  return Response.json(report.body, { status: report.httpStatus });
}
