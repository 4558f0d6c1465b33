"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog } from "~/components/forms/dialog";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";
import { IntranetForm } from "./intranet-form";

const pageSize = 50;

export function IntranetList() {
  const trpc = useTRPC();
  const router = useRouter();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const intranets = useQuery({
    ...trpc.intranet.list.queryOptions({ page, pageSize }),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-label="Intranets" className="space-y-3">
      <div className="flex justify-end">
        <button
          type="button"
          onClick={() => setCreating(true)}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
        >
          New intranet
        </button>
      </div>
      {intranets.isPending ? (
        <LoadingRows label="Loading intranets…" />
      ) : intranets.isError ? (
        <ErrorNotice title="Could not load intranets" message={intranets.error.message} />
      ) : intranets.data.total === 0 ? (
        <EmptyState title="No intranets yet">Create one, then add a site for each lab's router.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Intranet</th>
                <th className="px-3 py-2">netname</th>
                <th className="px-3 py-2">CIDR</th>
                <th className="px-3 py-2">Mode</th>
                <th className="px-3 py-2">Sites</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {intranets.data.items.map((intranet) => (
                <tr key={intranet.id} className="hover:bg-slate-50">
                  <td className="px-3 py-2 font-medium">
                    <Link href={`/intranets/${intranet.id}`} className="text-sky-800 hover:underline">
                      {intranet.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{intranet.netname}</td>
                  <td className="px-3 py-2">{intranet.cidr}</td>
                  <td className="px-3 py-2">{intranet.mode}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {intranet.siteCount} of {intranet.segmentCount - intranet.reservedSegments.length}{" "}
                    segments
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
        total={intranets.data?.total ?? 0}
        noun="intranets"
        onPage={setPage}
      />
      <Dialog open={creating} title="New intranet" onClose={() => setCreating(false)}>
        <IntranetForm intranet={null} onSaved={(saved) => router.push(`/intranets/${saved.id}`)} />
      </Dialog>
    </section>
  );
}
