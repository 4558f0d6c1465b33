"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows, PageHeader } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";
import { DriftPanel } from "./drift-panel";
import { EnrollPanel } from "./enroll-panel";

const pageSize = 25;
const button =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-40";

const presenceStyle = {
  online: "bg-emerald-100 text-emerald-800",
  stale: "bg-amber-100 text-amber-800",
  offline: "bg-red-100 text-red-800",
  never: "bg-slate-100 text-slate-600",
} as const;

export function AgentsView({ labnetUrl }: { labnetUrl: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [enrolling, setEnrolling] = useState<{ id: string; name: string; kind: string } | null>(null);
  const [inspecting, setInspecting] = useState<{ id: string; name: string } | null>(null);
  const deferredSearch = useDeferredValue(search);
  const agents = useQuery({
    ...trpc.agent.list.queryOptions({ search: deferredSearch, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.agent.pathKey() });
  const revoke = useMutation(trpc.agent.revoke.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.agent.rotate.mutationOptions({ onSuccess: refresh }));
  const actionError = revoke.error ?? rotate.error;

  return (
    <>
      <PageHeader
        title="Agents"
        description="What runs on each machine: whether it polls, which revision it applied, and what it saw."
        actions={
          // Inventory edits reach machines only through a plan: previewed, approved, then published.
          <Link
            href="/plans/new"
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white"
          >
            Publish through a plan
          </Link>
        }
      />
      {actionError && <ErrorNotice title="Could not change the agent" message={actionError.message} />}
      {enrolling && (
        <EnrollPanel
          key={enrolling.id}
          machine={enrolling}
          labnetUrl={labnetUrl}
          onClose={() => setEnrolling(null)}
        />
      )}
      <section aria-label="Agents" className="space-y-3">
        <input
          type="search"
          aria-label="Search machines"
          placeholder="Search by machine or host name"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
          className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
        {agents.isPending ? (
          <LoadingRows label="Loading agents…" />
        ) : agents.isError ? (
          <ErrorNotice title="Could not load agents" message={agents.error.message} />
        ) : agents.data.total === 0 ? (
          <EmptyState title={search ? "No machine matches your search" : "No machines yet"}>
            {search ? "Try another name." : "Add machines to a lab first; each gets its agent here."}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-3 py-2">Machine</th>
                  <th className="px-3 py-2">Status</th>
                  <th className="px-3 py-2">Agent</th>
                  <th className="px-3 py-2">Applied / desired</th>
                  <th className="px-3 py-2">Last result</th>
                  <th className="px-3 py-2">Actions</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {agents.data.items.map((row) => {
                  const agent = row.agent;
                  const behind =
                    agent && row.desiredRevision !== null && agent.appliedRevision !== row.desiredRevision;
                  return (
                    <tr key={row.machineId} className="align-top hover:bg-slate-50">
                      <td className="px-3 py-2">
                        <span className="font-medium">{row.machineName}</span>
                        <span className="block text-xs text-slate-500">
                          {row.kind} · {row.lab}
                        </span>
                      </td>
                      <td className="px-3 py-2">
                        <span
                          className={`rounded px-1.5 py-0.5 text-xs font-medium ${presenceStyle[agent?.presence ?? "never"]}`}
                        >
                          {agent ? agent.presence : "no agent"}
                        </span>
                        {agent?.lastSeenAt && (
                          <span className="block text-xs text-slate-500">seen {ago(agent.lastSeenAt)}</span>
                        )}
                      </td>
                      <td className="px-3 py-2">
                        {agent ? (
                          <>
                            {agent.hostname}
                            <span className="block text-xs text-slate-500">
                              {agent.platform} · v{agent.agentVersion}
                              {agent.rotateRequestedAt ? " · rotation requested" : ""}
                            </span>
                          </>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td className={`px-3 py-2 tabular-nums ${behind ? "text-amber-800" : ""}`}>
                        {agent?.appliedRevision ?? "—"} / {row.desiredRevision ?? "unpublished"}
                        {behind && <span className="block text-xs">behind</span>}
                      </td>
                      <td className="max-w-xs px-3 py-2">
                        {agent?.lastResult ?? "—"}
                        {agent?.lastError && (
                          <span className="block break-words text-xs text-red-700">{agent.lastError}</span>
                        )}
                      </td>
                      <td className="space-x-1 whitespace-nowrap px-3 py-2">
                        <button
                          type="button"
                          className={button}
                          onClick={() =>
                            setEnrolling({ id: row.machineId, name: row.machineName, kind: row.kind })
                          }
                        >
                          {agent ? "Re-enroll" : "Enroll"}
                        </button>
                        <button
                          type="button"
                          className={button}
                          onClick={() => setInspecting({ id: row.machineId, name: row.machineName })}
                        >
                          Drift
                        </button>
                        {agent && (
                          <>
                            <button
                              type="button"
                              className={button}
                              disabled={rotate.isPending}
                              onClick={() => rotate.mutate({ id: agent.id })}
                            >
                              Rotate token
                            </button>
                            <button
                              type="button"
                              className={`${button} text-red-700`}
                              disabled={revoke.isPending}
                              onClick={() => {
                                if (
                                  window.confirm(
                                    `Revoke the agent on ${row.machineName}? It stops receiving config until enrolled again.`,
                                  )
                                )
                                  revoke.mutate({ id: agent.id });
                              }}
                            >
                              Revoke
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          page={page}
          pageSize={pageSize}
          total={agents.data?.total ?? 0}
          noun="machines"
          onPage={setPage}
        />
      </section>
      {inspecting && <DriftPanel machine={inspecting} onClose={() => setInspecting(null)} />}
    </>
  );
}

export function ago(date: Date | string): string {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(date).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}
