// Colours and words for pair grades and severities, shared by the matrix, the ladder and the maps.
import type { PairGrade } from "@labnet/sim";

export const gradeStyle: Record<PairGrade, { label: string; cell: string; swatch: string; text: string }> = {
  ok: { label: "large packets pass", cell: "bg-emerald-500", swatch: "#10b981", text: "text-emerald-800" },
  degraded: {
    label: "clamped or fragmented",
    cell: "bg-lime-300",
    swatch: "#bef264",
    text: "text-lime-900",
  },
  uncertain: {
    label: "depends on unknown ICMP handling",
    cell: "bg-amber-400",
    swatch: "#fbbf24",
    text: "text-amber-900",
  },
  "black-hole": { label: "black hole", cell: "bg-red-600", swatch: "#dc2626", text: "text-red-800" },
  blocked: { label: "no path", cell: "bg-slate-300", swatch: "#cbd5e1", text: "text-slate-700" },
};

export const severityStyle = {
  error: { label: "error", badge: "bg-red-100 text-red-800 ring-red-300", ring: "ring-red-500" },
  warning: { label: "warning", badge: "bg-amber-100 text-amber-900 ring-amber-300", ring: "ring-amber-500" },
  info: { label: "info", badge: "bg-sky-100 text-sky-800 ring-sky-300", ring: "ring-sky-400" },
} as const;

export type Severity = keyof typeof severityStyle;
