"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { AxisItem, CellSummary } from "~/components/insight/matrix-model";
import { createMatrixModel } from "~/components/insight/matrix-model";
import { PathLadder } from "~/components/insight/path-ladder";
import { MatrixLegend, ReachabilityMatrix } from "~/components/insight/reachability-matrix";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

export function MatrixPanel() {
  const trpc = useTRPC();
  const matrix = useQuery(trpc.insight.matrix.queryOptions());
  const model = useMemo(() => (matrix.data ? createMatrixModel(matrix.data) : null), [matrix.data]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [pair, setPair] = useState<{ from: string; to: string; note: string } | null>(null);
  const path = useQuery({
    ...trpc.insight.path.queryOptions(pair ?? { from: "internet", to: "internet" }),
    enabled: pair !== null,
  });
  useEffect(() => {
    if (model) performance.mark("insight:matrix-ready");
  }, [model]);

  if (matrix.isPending) return <LoadingRows label="Computing who reaches whom…" />;
  if (matrix.isError)
    return <ErrorNotice title="Could not compute the matrix" message={matrix.error.message} />;
  if (!model || model.endpointCount <= 1)
    return (
      <EmptyState title="No endpoints to compare yet">
        Add machines with NICs on vSwitches to your labs; every NIC becomes a row and a column here.
      </EmptyState>
    );

  function toggle(groupId: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(groupId)) next.delete(groupId);
      else next.add(groupId);
      return next;
    });
  }

  function open(row: AxisItem, column: AxisItem, summary: CellSummary) {
    if (!model || summary.self) return;
    if (row.endpointId && column.endpointId) {
      setPair({ from: row.endpointId, to: column.endpointId, note: "" });
    } else if (summary.worst) {
      const from = row.endpointId ?? model.representative(row.groupIndex, summary.worst[0]);
      const to = column.endpointId ?? model.representative(column.groupIndex, summary.worst[1]);
      setPair({
        from,
        to,
        note: `The worst pair of ${row.label} → ${column.label}; expand the sites to pick another.`,
      });
    }
  }

  const groupIds = model.view.groups.map((group) => group.id);
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_460px]">
      <div className="min-w-0 space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm text-slate-600">
            {model.endpointCount} endpoints in {groupIds.length} groups. Cells show the worst thing that gets
            through; click one for its path.
          </p>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => setExpanded(new Set(groupIds))}
              className="rounded border px-2 py-1 text-sm"
            >
              Expand all
            </button>
            <button
              type="button"
              onClick={() => setExpanded(new Set())}
              className="rounded border px-2 py-1 text-sm"
            >
              Collapse all
            </button>
          </div>
        </div>
        <MatrixLegend />
        <ReachabilityMatrix model={model} expanded={expanded} onToggleGroup={toggle} onOpenCell={open} />
      </div>
      <aside aria-label="Selected path" className="min-w-0">
        {pair === null ? (
          <EmptyState title="Pick a cell">
            Click a cell (or move there with the arrow keys and press Enter) to see the path hop by hop, where
            it narrows and, if blocked, where and why.
          </EmptyState>
        ) : path.isPending ? (
          <LoadingRows label="Tracing the path…" />
        ) : path.isError ? (
          <ErrorNotice title="Could not trace this path" message={path.error.message} />
        ) : (
          <div className="space-y-2">
            {pair.note && <p className="text-xs text-slate-600">{pair.note}</p>}
            <PathLadder path={path.data} />
            <Link
              href={`/insight/paths?from=${encodeURIComponent(pair.from)}&to=${encodeURIComponent(pair.to)}`}
              className="text-sm text-sky-800 hover:underline"
            >
              Open in the path explorer
            </Link>
          </div>
        )}
      </aside>
    </div>
  );
}
