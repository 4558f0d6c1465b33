const styles: Record<string, string> = {
  draft: "bg-slate-100 text-slate-800 ring-slate-300",
  approved: "bg-sky-100 text-sky-900 ring-sky-300",
  published: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  discarded: "bg-slate-50 text-slate-500 ring-slate-200",
  stale: "bg-amber-100 text-amber-900 ring-amber-300",
  pending: "bg-sky-50 text-sky-900 ring-sky-200",
  applied: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  failed: "bg-red-100 text-red-800 ring-red-300",
  rolled_back: "bg-red-50 text-red-800 ring-red-300",
  superseded: "bg-slate-100 text-slate-600 ring-slate-300",
  waiting: "bg-slate-50 text-slate-700 ring-slate-300",
  held: "bg-amber-100 text-amber-900 ring-amber-300",
};

/** A plan's or a machine's rollout status, as a word (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ${styles[status] ?? styles.draft}`}
    >
      {status.replace("_", " ")}
    </span>
  );
}
