// Runs every rule and returns the findings in a stable order.
import { compareStrings } from "../context";
import type { Finding } from "../types";
import { bridgedDhcpFindings, duplicateFindings, leaseFindings, segmentFindings } from "./address-rules";
import { hypervFindings } from "./hyperv-rules";
import type { RuleInput } from "./input";
import { meshFindings } from "./mesh-rules";
import { internetPathFindings, tunnelFindings } from "./path-rules";
import { sambaFindings } from "./samba-rules";
import { sqmFindings } from "./sqm-rules";

const ruleSets = [
  meshFindings,
  segmentFindings,
  duplicateFindings,
  leaseFindings,
  bridgedDhcpFindings,
  hypervFindings,
  internetPathFindings,
  tunnelFindings,
  sambaFindings,
  sqmFindings,
];

const severityOrder = { error: 0, warning: 1, info: 2 } as const;

/** Stable identity of a finding: its rule and the objects it is about. */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}|${finding.objects.map((object) => `${object.type}:${object.id}`).join(",")}`;
}

export function runRules(input: RuleInput): Finding[] {
  const findings = ruleSets.flatMap((rules) => rules(input));
  const keyed = findings.map((finding) => ({ finding, key: findingKey(finding) }));
  keyed.sort(
    (a, b) =>
      severityOrder[a.finding.severity] - severityOrder[b.finding.severity] ||
      compareStrings(a.key, b.key) ||
      compareStrings(a.finding.explanation, b.finding.explanation),
  );
  return keyed.map(({ finding }) => finding);
}
