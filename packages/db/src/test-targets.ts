// Which database servers this package's own tests run against: always the embedded one, and real PostgreSQL
// at TEST_DATABASE_URL (default: the local server). The default server is skipped, with the reason in the
// test title, when it does not answer; an explicit TEST_DATABASE_URL or LABNET_REQUIRE_DAEMONS=1 makes that
// a failure instead.
import pg from "pg";
import { createScratchDatabase, embeddedTemplate, type ScratchDatabase } from "./scratch-database";

const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestTarget {
  kind: "embedded" | "postgres";
  /** Why this target is skipped, or undefined when it runs. */
  skipReason?: string;
  create(): Promise<ScratchDatabase>;
}

export function describeTitle(target: TestTarget): string {
  return target.skipReason ? `${target.kind} (skipped: ${target.skipReason})` : target.kind;
}

export async function testTargets(): Promise<TestTarget[]> {
  const serverUrl = process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL;
  const required = Boolean(process.env.TEST_DATABASE_URL) || process.env.LABNET_REQUIRE_DAEMONS === "1";
  const unreachable = required ? undefined : await probe(serverUrl);
  return [
    {
      kind: "embedded",
      create: async () =>
        createScratchDatabase({ embeddedTemplate: await embeddedTemplate("empty", async () => {}) }),
    },
    {
      kind: "postgres",
      skipReason:
        unreachable && `PostgreSQL at ${serverUrl} is not reachable (${unreachable}); set TEST_DATABASE_URL`,
      create: () => createScratchDatabase({ serverUrl }),
    },
  ];
}

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}
