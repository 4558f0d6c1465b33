// The reachability matrix in compact form: one grade per ordered pair of endpoint classes. Every
// endpoint of a class shares its class's verdicts, so a 1,000-endpoint team needs ~500² grades,
// not 1,000², and a view can expand any endpoint pair from its two class ids.
import { verdictFor } from "./reachability";
import type { Analysis, PathVerdict } from "./types";

/**
 * How a pair fares, worst last: large packets pass untouched; pass only clamped or fragmented;
 * pass or die depending on a hop whose ICMP handling is unknown; die in a black hole; or the pair
 * has no path at all.
 */
export type PairGrade = "ok" | "degraded" | "uncertain" | "black-hole" | "blocked";

export const pairGrades: readonly PairGrade[] = ["ok", "degraded", "uncertain", "black-hole", "blocked"];

/** One character per grade, so a class matrix travels as a short string. */
export const pairGradeCode: Record<PairGrade, string> = {
  ok: "o",
  degraded: "d",
  uncertain: "u",
  "black-hole": "h",
  blocked: "x",
};

const gradeByCode = new Map(pairGrades.map((grade) => [pairGradeCode[grade], grade]));

export function pairGradeFromCode(code: string): PairGrade {
  const grade = gradeByCode.get(code);
  if (grade === undefined) throw new Error(`unknown pair grade code "${code}"`);
  return grade;
}

export function gradeOf(verdict: PathVerdict): PairGrade {
  if (!verdict.reachable) return "blocked";
  const large = verdict.largePacket;
  if (large === null) return "ok";
  if (large.tcp === "black-hole" || large.udp === "black-hole") return "black-hole";
  if (!large.certain) return "uncertain";
  return large.tcp === "ok" && large.udp === "ok" ? "ok" : "degraded";
}

export interface ClassMatrix {
  /** Row and column order of `grades`: the analysis's class ids. */
  classIds: string[];
  /** Row-major, `classIds.length²` characters of `pairGradeCode`: grades[from * n + to]. */
  grades: string;
}

/** The grade of every ordered class pair, from one representative endpoint per class. */
export function classMatrix(analysis: Analysis): ClassMatrix {
  const classIds = analysis.classes.map((members) => members.id);
  const codes: string[] = new Array(classIds.length * classIds.length);
  analysis.classes.forEach((from, row) => {
    const sender = from.endpointIds[0]!;
    analysis.classes.forEach((to, column) => {
      // Within a class, a second endpoint stands for "another NIC on the same segment".
      const receiver = (from.id === to.id ? to.endpointIds[1] : undefined) ?? to.endpointIds[0]!;
      codes[row * classIds.length + column] = pairGradeCode[gradeOf(verdictFor(analysis, sender, receiver))];
    });
  });
  return { classIds, grades: codes.join("") };
}
