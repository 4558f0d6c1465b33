"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";
import { ago } from "./agents-view";
import { MeasuredPaths } from "./measured-paths";

/** Observed vs desired for one machine, each drift with its one-click fix where there is one. */
export function DriftPanel({
  machine,
  onClose,
}: {
  machine: { id: string; name: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const drift = useQuery(trpc.agent.drift.queryOptions({ machineId: machine.id }));
  const reports = useQuery(trpc.agent.reports.queryOptions({ machineId: machine.id, pageSize: 10 }));
  const fix = useMutation(
    trpc.lease.update.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.agent.drift.queryKey({ machineId: machine.id }) }),
    }),
  );
  return (
    <section
      aria-label={`Drift of ${machine.name}`}
      className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm"
    >
      <div className="flex items-start justify-between">
        <h2 className="text-base font-semibold">Drift on {machine.name}: observed vs desired</h2>
        <button type="button" onClick={onClose} className="rounded border border-slate-300 px-2 py-1 text-xs">
          Close
        </button>
      </div>
      {drift.isPending ? (
        <LoadingRows label="Comparing observations with the inventory…" />
      ) : drift.isError ? (
        <ErrorNotice title="Could not compute drift" message={drift.error.message} />
      ) : (
        <>
          <p className="mt-1 text-xs text-slate-500">
            {Object.keys(drift.data.observedAt).length === 0
              ? "The agent has sent no observations yet."
              : Object.entries(drift.data.observedAt)
                  .map(([kind, at]) => `${kind} observed ${ago(at as Date)}`)
                  .join(" · ")}
          </p>
          {fix.isError && <ErrorNotice title="The lease was not updated" message={fix.error.message} />}
          {fix.isSuccess && (
            <p role="status" className="mt-2 text-emerald-800">
              Lease updated. Publish to send it to the router.
            </p>
          )}
          {drift.data.items.length === 0 ? (
            <div className="mt-3">
              <EmptyState title="No drift">What the agent last saw matches the inventory.</EmptyState>
            </div>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100">
              {drift.data.items.map((item) => (
                <li
                  key={`${item.kind}-${item.subject}`}
                  className="flex items-start justify-between gap-4 py-2"
                >
                  <div>
                    <p className={item.severity === "warning" ? "font-medium text-amber-900" : "font-medium"}>
                      {item.message}
                    </p>
                    <p className="text-xs text-slate-500">
                      {item.subject}: observed {item.observed}; desired {item.desired}
                    </p>
                  </div>
                  {item.fix && (
                    <button
                      type="button"
                      disabled={fix.isPending}
                      onClick={() => fix.mutate(item.fix!.input)}
                      className="shrink-0 rounded-md bg-slate-900 px-3 py-1.5 text-xs font-medium text-white disabled:opacity-50"
                    >
                      {fix.isPending ? "Updating…" : `Update lease to ${item.fix.input.mac}`}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <MeasuredPaths tincPeers={drift.data.tincPeers} pmtuProbes={drift.data.pmtuProbes} />
        </>
      )}
      <h3 className="mt-4 font-semibold">Recent apply reports</h3>
      {reports.isPending ? (
        <LoadingRows label="Loading reports…" />
      ) : reports.isError ? (
        <ErrorNotice title="Could not load reports" message={reports.error.message} />
      ) : reports.data.total === 0 ? (
        <p className="text-slate-500">No reports yet.</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {reports.data.items.map((report) => (
            <li key={report.id}>
              <span className="font-medium">
                r{report.revision} {report.status}
              </span>{" "}
              <span className="text-slate-500">
                {ago(report.finishedAt)} · {report.durationMs} ms · {report.agent.hostname}
              </span>
              {report.error && <span className="block text-xs text-red-700">{report.error}</span>}
              {report.log.length > 0 && (
                <details className="text-xs">
                  <summary className="cursor-pointer text-slate-600">log ({report.log.length} lines)</summary>
                  <pre className="overflow-x-auto rounded bg-slate-50 p-2">{report.log.join("\n")}</pre>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
