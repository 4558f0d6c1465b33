"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "~/components/plans/status-badge";
import type { PlanStatus } from "~/components/plans/types";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

const pageSize = 25;
const filters: { value: PlanStatus | ""; label: string }[] = [
  { value: "", label: "All" },
  { value: "draft", label: "Drafts" },
  { value: "approved", label: "Approved" },
  { value: "published", label: "Published" },
  { value: "stale", label: "Stale" },
  { value: "discarded", label: "Discarded" },
];

const when = (date: Date | string | null) => (date ? new Date(date).toLocaleString() : "");

export function PlansTable() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<PlanStatus | "">("");
  const [page, setPage] = useState(1);
  const plans = useQuery({
    ...trpc.plan.list.queryOptions({ ...(status ? { status } : {}), page, pageSize }),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-label="Plans" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm">
          <span className="mr-2 font-medium text-slate-700">Status</span>
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as PlanStatus | "");
              setPage(1);
            }}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {filters.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
              </option>
            ))}
          </select>
        </label>
        {plans.data?.head.planNumber && (
          <span className="text-sm text-slate-600">
            Published now:{" "}
            <Link className="text-sky-800 hover:underline" href={`/plans/${plans.data.head.planId}`}>
              plan #{plans.data.head.planNumber}
            </Link>
          </span>
        )}
      </div>
      {plans.isPending ? (
        <LoadingRows label="Loading plans…" />
      ) : plans.isError ? (
        <ErrorNotice title="Could not load plans" message={plans.error.message} />
      ) : plans.data.total === 0 ? (
        <EmptyState title={status ? `No ${status} plans` : "No plans yet"}>
          {status
            ? "Choose another status."
            : "Edit the inventory, then draft a plan to preview and publish the change."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">#</th>
                <th className="px-3 py-2">Title</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Machines</th>
                <th className="px-3 py-2">Drafted</th>
                <th className="px-3 py-2">Approved</th>
                <th className="px-3 py-2">Published</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {plans.data.items.map((plan) => (
                <tr key={plan.id} className="hover:bg-slate-50">
                  <td className="px-3 py-2 tabular-nums text-slate-500">{plan.number}</td>
                  <td className="px-3 py-2 font-medium">
                    <Link href={`/plans/${plan.id}`} className="text-sky-800 hover:underline">
                      {plan.title}
                    </Link>
                    {plan.rollbackOfPlanId && <span className="ml-2 text-xs text-slate-500">rollback</span>}
                    {plan.staged && <span className="ml-2 text-xs text-slate-500">staged</span>}
                  </td>
                  <td className="px-3 py-2">
                    <StatusBadge status={plan.status} />
                    {plan.blockingCount > 0 && plan.status !== "published" && (
                      <span className="ml-2 text-xs text-red-800">{plan.blockingCount} blocking</span>
                    )}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{plan.machinesAffected}</td>
                  <td className="px-3 py-2 text-slate-600">
                    {plan.createdBy}
                    <br />
                    <span className="text-xs">{when(plan.createdAt)}</span>
                  </td>
                  <td className="px-3 py-2 text-slate-600">
                    {plan.approvedBy ?? "—"}
                    <br />
                    <span className="text-xs">{when(plan.approvedAt)}</span>
                  </td>
                  <td className="px-3 py-2 text-slate-600">
                    {plan.publishedBy ?? "—"}
                    <br />
                    <span className="text-xs">{when(plan.publishedAt)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        pageSize={pageSize}
        total={plans.data?.total ?? 0}
        noun="plans"
        onPage={setPage}
      />
    </section>
  );
}
