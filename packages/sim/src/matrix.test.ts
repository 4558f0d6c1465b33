import { demoModel } from "@labnet/model/demo";
import { describe, expect, it } from "vitest";
import { analyze } from "./analyze";
import { classMatrix, gradeOf, pairGradeFromCode } from "./matrix";
import { verdictFor } from "./reachability";
import { syntheticModel } from "./synthetic";

function expectEveryPairMatches(analysis: ReturnType<typeof analyze>) {
  const matrix = classMatrix(analysis);
  const n = matrix.classIds.length;
  expect(matrix.grades).toHaveLength(n * n);
  const index = new Map(matrix.classIds.map((id, position) => [id, position]));
  for (const from of analysis.endpoints) {
    for (const to of analysis.endpoints) {
      if (from.id === to.id) continue;
      const code = matrix.grades[index.get(from.classId)! * n + index.get(to.classId)!]!;
      expect({ from: from.id, to: to.id, grade: pairGradeFromCode(code) }).toEqual({
        from: from.id,
        to: to.id,
        grade: gradeOf(verdictFor(analysis, from.id, to.id)),
      });
    }
  }
  return { matrix, index, n };
}

describe("classMatrix", () => {
  it("gives every endpoint pair of the demo the grade of its own verdict", () => {
    const analysis = analyze(demoModel);
    const { matrix, index, n } = expectEveryPairMatches(analysis);
    const grade = (from: string, to: string) =>
      pairGradeFromCode(matrix.grades[index.get(from)! * n + index.get(to)!]!);
    // Hamburg's LTE hop drops ICMP frag-needed: its way out is a black hole.
    expect(grade("seg:hamburg-lan", "internet")).toBe("black-hole");
    // Berlin's PPPoE modem may or may not pass ICMP frag-needed.
    expect(grade("seg:berlin-lan", "internet")).toBe("uncertain");
    // Across the mesh tinc clamps TCP and fragments UDP.
    expect(grade("seg:berlin-lan", "seg:hamburg-lan")).toBe("degraded");
    expect(grade("seg:berlin-lan", "seg:berlin-lan")).toBe("ok");
    // NAT keeps another lab's WAN side apart.
    expect(grade("seg:berlin-wan", "seg:munich-lan")).toBe("blocked");
  });

  it("agrees with verdictFor on a 12-site synthetic mesh", () => {
    expectEveryPairMatches(analyze(syntheticModel({ sites: 12, endpointsPerSite: 4 })));
  });

  it("rejects an unknown grade code", () => {
    expect(() => pairGradeFromCode("?")).toThrow(/unknown pair grade code/);
  });
});
