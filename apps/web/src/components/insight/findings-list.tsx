"use client";
// Findings with their explanation, the fix, and a link to every object they concern: the lab map
// (outlining the node) for lab objects, the intranet map for mesh-wide findings.
import Link from "next/link";
import { severityStyle } from "./grades";
import type { FindingView } from "./types";

export function objectHref(object: FindingView["objects"][number]): string {
  if (object.labId) {
    return `/insight/labs/${encodeURIComponent(object.labId)}${object.nodeId ? `?focus=${encodeURIComponent(object.nodeId)}` : ""}`;
  }
  return "/insight";
}

export function FindingsList({ findings }: { findings: FindingView[] }) {
  return (
    <ul className="space-y-2" aria-label="Findings">
      {findings.map((finding) => {
        const style = severityStyle[finding.severity];
        return (
          <li key={finding.key} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ${style.badge}`}>
                {style.label}
              </span>
              <span className="font-medium text-slate-900">{finding.title}</span>
              <code className="text-xs text-slate-500">{finding.ruleId}</code>
              {finding.blocking && (
                <span className="rounded bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white">
                  blocks publish
                </span>
              )}
            </div>
            <p className="mt-1 text-slate-700">{finding.explanation}</p>
            <p className="mt-1 text-slate-700">
              <span className="font-medium">Fix: </span>
              {finding.fix}
            </p>
            <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
              {finding.objects.map((object) => (
                <Link
                  key={`${object.type}:${object.id}`}
                  href={objectHref(object)}
                  className="text-sky-800 underline-offset-2 hover:underline"
                >
                  {object.label}
                </Link>
              ))}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
