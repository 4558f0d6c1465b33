"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

const pageSize = 24;

export function LabChooser() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const deferred = useDeferredValue(search);
  const labs = useQuery({
    ...trpc.lab.list.queryOptions({ search: deferred, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-label="Choose a lab" className="space-y-3">
      <input
        type="search"
        aria-label="Search labs"
        placeholder="Search by lab or owner"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setPage(1);
        }}
        className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-1.5 text-sm"
      />
      {labs.isPending ? (
        <LoadingRows label="Loading labs…" />
      ) : labs.isError ? (
        <ErrorNotice title="Could not load labs" message={labs.error.message} />
      ) : labs.data.total === 0 ? (
        <EmptyState title={search ? "No lab matches your search" : "No labs yet"}>
          {search ? "Try another name or owner." : "Add a notebook lab to the inventory to draw its map."}
        </EmptyState>
      ) : (
        <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {labs.data.items.map((lab) => (
            <li key={lab.id}>
              <Link
                href={`/insight/labs/${encodeURIComponent(lab.id)}`}
                className="block rounded-lg border border-slate-200 bg-white p-3 hover:border-sky-400 focus-visible:ring-2 focus-visible:ring-sky-600"
              >
                <span className="font-medium text-sky-800">{lab.name}</span>
                <span className="block text-sm text-slate-600">{lab.owner || "no owner"}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={page}
        pageSize={pageSize}
        total={labs.data?.total ?? 0}
        noun="labs"
        onPage={setPage}
      />
    </section>
  );
}
