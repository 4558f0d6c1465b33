"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

type SortKey = "name" | "owner" | "updatedAt";
const pageSize = 25;

export function LabsTable() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; direction: "asc" | "desc" }>({
    key: "name",
    direction: "asc",
  });
  const [page, setPage] = useState(1);
  const deferredSearch = useDeferredValue(search);
  const labs = useQuery({
    ...trpc.lab.list.queryOptions({
      search: deferredSearch,
      sort: sort.key,
      direction: sort.direction,
      page,
      pageSize,
    }),
    placeholderData: keepPreviousData,
  });

  function sortBy(key: SortKey) {
    setSort((current) => ({
      key,
      direction: current.key === key && current.direction === "asc" ? "desc" : "asc",
    }));
    setPage(1);
  }

  return (
    <section aria-label="Labs" className="space-y-3">
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
          {search ? "Try another name or owner." : "Add your first notebook lab to start the inventory."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <SortHeader label="Lab" column="name" sort={sort} onSort={sortBy} />
                <SortHeader label="Owner" column="owner" sort={sort} onSort={sortBy} />
                <th className="px-3 py-2">Windows</th>
                <th className="px-3 py-2">CPU / RAM</th>
                <SortHeader label="Updated" column="updatedAt" sort={sort} onSort={sortBy} />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {labs.data.items.map((lab) => (
                <tr key={lab.id} className="hover:bg-slate-50">
                  <td className="px-3 py-2 font-medium">
                    <Link href={`/labs/${lab.id}`} className="text-sky-800 hover:underline">
                      {lab.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{lab.owner || "—"}</td>
                  <td className="px-3 py-2">{lab.windowsBuild || "—"}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {lab.cpuCores ?? "?"} cores / {lab.ramMb ? `${Math.round(lab.ramMb / 1024)} GB` : "?"}
                  </td>
                  <td className="px-3 py-2 text-slate-500">{new Date(lab.updatedAt).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

function SortHeader({
  label,
  column,
  sort,
  onSort,
}: {
  label: string;
  column: SortKey;
  sort: { key: SortKey; direction: "asc" | "desc" };
  onSort: (key: SortKey) => void;
}) {
  const active = sort.key === column;
  return (
    <th
      className="px-3 py-2"
      aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
    >
      <button type="button" onClick={() => onSort(column)} className="uppercase hover:text-slate-900">
        {label} {active ? (sort.direction === "asc" ? "▲" : "▼") : ""}
      </button>
    </th>
  );
}
