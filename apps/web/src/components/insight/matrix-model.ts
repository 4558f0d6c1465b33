// The reachability matrix as a view model: endpoints grouped by site, each group collapsed to one
// row/column or expanded to its endpoints. Every row and column is a multiset of endpoint classes,
// and a cell combines the two multisets through sim's class grades: the cost of a cell is
// (classes in the row) × (classes in the column), independent of the number of endpoints, so a
// screenful of cells stays cheap at 1,000 endpoints.
import { type PairGrade, pairGradeFromCode, pairGrades } from "@labnet/sim";
import type { MatrixView } from "./types";

export interface AxisItem {
  /** Stable key: `g:<groupId>` or `e:<endpointId>`. */
  key: string;
  type: "group" | "endpoint";
  groupIndex: number;
  label: string;
  detail: string;
  expanded: boolean;
  /** Pairs of [classIndex, endpoints of that class] this row/column stands for. */
  classes: [number, number][];
  endpointId: string | null;
}

export interface CellSummary {
  /** The worst grade among pairs that have a path; "blocked" only when none has. */
  grade: PairGrade;
  counts: Record<PairGrade, number>;
  total: number;
  /** Same endpoint on both axes. */
  self: boolean;
  /** Class pair that shows the worst grade (the pair to explain when the cell is opened). */
  worst: [number, number] | null;
}

const rank = new Map(pairGrades.map((grade, index) => [grade, index]));

function multiset(classIndexes: number[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const index of classIndexes) counts.set(index, (counts.get(index) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

export interface MatrixModel {
  view: MatrixView;
  endpointCount: number;
  axis(expanded: ReadonlySet<string>): AxisItem[];
  cell(row: AxisItem, column: AxisItem): CellSummary;
  gradeOf(fromClass: number, toClass: number): PairGrade;
  /** One endpoint of a group that belongs to the class, to explain a class pair with a real pair. */
  representative(groupIndex: number, classIndex: number): string;
}

export function createMatrixModel(view: MatrixView): MatrixModel {
  const decoded: PairGrade[] = Array.from(view.grades, (code) => pairGradeFromCode(code));
  const gradeOf = (from: number, to: number) => decoded[from * view.classCount + to]!;
  const groupItems = view.groups.map(
    (group, groupIndex): AxisItem => ({
      key: `g:${group.id}`,
      type: "group",
      groupIndex,
      label: group.label,
      detail: `${group.detail ? `${group.detail} · ` : ""}${group.endpoints.length} endpoint${group.endpoints.length === 1 ? "" : "s"}`,
      expanded: false,
      classes: multiset(group.endpoints.map((endpoint) => endpoint.classIndex)),
      endpointId: null,
    }),
  );
  const endpointItems = view.groups.map((group, groupIndex) =>
    group.endpoints.map(
      (endpoint): AxisItem => ({
        key: `e:${endpoint.id}`,
        type: "endpoint",
        groupIndex,
        label: endpoint.name,
        detail: endpoint.ip ?? endpoint.kind,
        expanded: false,
        classes: [[endpoint.classIndex, 1]],
        endpointId: endpoint.id,
      }),
    ),
  );
  return {
    view,
    endpointCount: view.groups.reduce((sum, group) => sum + group.endpoints.length, 0),
    gradeOf,
    axis(expanded) {
      const items: AxisItem[] = [];
      groupItems.forEach((item, groupIndex) => {
        const open = expanded.has(view.groups[groupIndex]!.id);
        items.push(open ? { ...item, expanded: true } : item);
        if (open) items.push(...endpointItems[groupIndex]!);
      });
      return items;
    },
    cell(row, column) {
      const counts: Record<PairGrade, number> = {
        ok: 0,
        degraded: 0,
        uncertain: 0,
        "black-hole": 0,
        blocked: 0,
      };
      const self = row.endpointId !== null && row.endpointId === column.endpointId;
      let worst: [number, number] | null = null;
      let worstRank = -1;
      let total = 0;
      for (const [from, fromCount] of row.classes) {
        for (const [to, toCount] of column.classes) {
          const grade = gradeOf(from, to);
          const pairs = fromCount * toCount;
          counts[grade] += pairs;
          total += pairs;
          // Blocked ranks below every reachable grade: a cell shows the worst thing that gets through.
          const value = grade === "blocked" ? -0.5 : rank.get(grade)!;
          if (value > worstRank) {
            worstRank = value;
            worst = [from, to];
          }
        }
      }
      const grade: PairGrade = worst === null ? "blocked" : gradeOf(worst[0], worst[1]);
      return { grade, counts, total, self, worst };
    },
    representative(groupIndex, classIndex) {
      return view.groups[groupIndex]!.endpoints.find((endpoint) => endpoint.classIndex === classIndex)!.id;
    },
  };
}

/** The cell in words: "3 of 4 pairs have a path: 2 clamped or fragmented, 1 black hole". */
export function describeCell(summary: CellSummary, labels: Record<PairGrade, string>): string {
  if (summary.self) return "same endpoint";
  if (summary.total === 1) return labels[summary.grade];
  const parts = pairGrades
    .filter((grade) => grade !== "blocked" && summary.counts[grade] > 0)
    .map((grade) => `${summary.counts[grade]} ${labels[grade]}`);
  const reachable = summary.total - summary.counts.blocked;
  return `${reachable} of ${summary.total} pairs have a path${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
}
