// One analysis per team and inventory state. The fingerprint hashes every inventory row of the
// team inside the database: uplink hops, shares and ConnectTo rows carry no updatedAt, and
// timestamps of concurrent transactions can commit out of order, so max(updatedAt) + counts
// could miss a change; a row hash cannot. Hashing ~5,000 rows costs a few ms in PostgreSQL, far
// less than loading the model and analysing it again.
import { checkReferences, formatIssue, type NetworkModel } from "@labnet/model";
import { type Analysis, analyze, type ClassMatrix, classMatrix } from "@labnet/sim";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Database } from "../../db";
import { loadTeamModel } from "../../inventory/mapper";

export interface TeamInsight {
  fingerprint: string;
  model: NetworkModel;
  analysis: Analysis;
  /** Computed on first use: only the matrix view needs it. */
  classMatrix(): ClassMatrix;
}

const rowsOf = (table: string, alias: string, join: string, order: string) =>
  `(SELECT string_agg(md5(${alias}::text), ',' ORDER BY ${order}) FROM ${table} ${alias} ${join})`;

const fingerprintSql = `SELECT md5(concat_ws('|',
  ${rowsOf("lab", "t", `WHERE t."organizationId" = $1`, "t.id")},
  ${rowsOf("machine", "t", `WHERE t."organizationId" = $1`, "t.id")},
  ${rowsOf("router_settings", "t", `JOIN machine m ON m.id = t."machineId" WHERE m."organizationId" = $1`, `t."machineId"`)},
  ${rowsOf("uplink_hop", "t", `JOIN machine m ON m.id = t."routerId" WHERE m."organizationId" = $1`, "t.id")},
  ${rowsOf("samba_share", "t", `JOIN machine m ON m.id = t."routerId" WHERE m."organizationId" = $1`, "t.id")},
  ${rowsOf("vswitch", "t", `WHERE t."organizationId" = $1`, "t.id")},
  ${rowsOf("nic", "t", `WHERE t."organizationId" = $1`, "t.id")},
  ${rowsOf("intranet", "t", `WHERE t."organizationId" = $1`, "t.id")},
  ${rowsOf("site", "t", `WHERE t."organizationId" = $1`, "t.id")},
  ${rowsOf("site_connect", "t", `JOIN site s ON s.id = t."siteId" WHERE s."organizationId" = $1`, `t."siteId", t."peerId"`)},
  ${rowsOf("static_lease", "t", `WHERE t."organizationId" = $1`, "t.id")}
)) AS fingerprint`;

export async function inventoryFingerprint(db: Database, teamId: string): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ fingerprint: string }[]>(fingerprintSql, teamId);
  return rows[0]!.fingerprint;
}

/** Teams kept in memory; the least recently used one is dropped first. */
const capacity = 32;
const cache = new Map<string, Promise<TeamInsight>>();

/** How many times a team's model was loaded and analysed (tests check that the cache works). */
export const insightStats = { analyses: 0 };

async function compute(db: Database, teamId: string, fingerprint: string): Promise<TeamInsight> {
  let model: NetworkModel;
  try {
    model = await loadTeamModel(db, teamId);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    throw unusable(error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const issues = checkReferences(model);
  if (issues.length > 0) throw unusable(issues.map(formatIssue));
  insightStats.analyses++;
  const analysis = analyze(model);
  let matrix: ClassMatrix | undefined;
  return {
    fingerprint,
    model,
    analysis,
    classMatrix: () => {
      matrix ??= classMatrix(analysis);
      return matrix;
    },
  };
}

function unusable(problems: string[]): TRPCError {
  const shown = problems.slice(0, 5).join("; ");
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
  return new TRPCError({
    code: "PRECONDITION_FAILED",
    message: `The inventory does not form a network labnet can simulate: ${shown}${more}. Fix these records in the inventory, then reload.`,
  });
}

/** The team's model and analysis, recomputed only when an inventory row changed. */
export async function teamInsight(db: Database, teamId: string): Promise<TeamInsight> {
  const fingerprint = await inventoryFingerprint(db, teamId);
  const key = `${teamId}:${fingerprint}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    for (const stale of [...cache.keys()].filter((cached) => cached.startsWith(`${teamId}:`))) {
      cache.delete(stale);
    }
    entry = compute(db, teamId, fingerprint);
    // A failed computation is not cached: the next request tries again.
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    while (cache.size > capacity) cache.delete(cache.keys().next().value!);
  } else {
    // Map order is insertion order: re-inserting marks the entry as recently used.
    cache.delete(key);
    cache.set(key, entry);
  }
  return entry;
}
