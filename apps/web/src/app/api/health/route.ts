import { healthReport } from "@labnet/db";
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
  const report = await healthReport(url, mode, packageJson.version);
  return Response.json(report.body, { status: report.httpStatus });
}
