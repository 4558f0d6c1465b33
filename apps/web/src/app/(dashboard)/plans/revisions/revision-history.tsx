"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { FileDiffView } from "~/components/plans/file-diff";
import { Section } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

const pageSize = 25;

export function RevisionHistory() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search);
  const [machineId, setMachineId] = useState("");
  const [page, setPage] = useState(1);
  const [pair, setPair] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });
  const machines = useQuery({
    ...trpc.machine.list.queryOptions({ search: deferredSearch, pageSize: 100 }),
    placeholderData: keepPreviousData,
  });
  const revisions = useQuery({
    ...trpc.plan.machineRevisions.queryOptions({ machineId, page, pageSize }),
    enabled: machineId !== "",
    placeholderData: keepPreviousData,
  });
  const ready = machineId !== "" && pair.from !== null && pair.to !== null && pair.from !== pair.to;
  const diff = useQuery({
    ...trpc.plan.revisionDiff.queryOptions({ machineId, from: pair.from ?? 1, to: pair.to ?? 1 }),
    enabled: ready,
  });

  return (
    <div className="grid gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Section title="Machine">
        <input
          type="search"
          aria-label="Search machines"
          placeholder="Search by machine name"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="mb-2 w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
        <select
          aria-label="Machine"
          size={10}
          value={machineId}
          onChange={(event) => {
            setMachineId(event.target.value);
            setPage(1);
            setPair({ from: null, to: null });
          }}
          className="w-full rounded-md border border-slate-300 bg-white text-sm"
        >
          {machines.data?.items.map((machine) => (
            <option key={machine.id} value={machine.id}>
              {machine.name} — {machine.labName}
            </option>
          ))}
        </select>
        {machines.isError && <ErrorNotice title="Could not load machines" message={machines.error.message} />}
      </Section>
      <div className="space-y-4">
        <Section title="Revisions" description="Choose the older revision as From and the newer as To.">
          {machineId === "" ? (
            <EmptyState title="No machine chosen">Pick a machine on the left.</EmptyState>
          ) : revisions.isPending ? (
            <LoadingRows label="Loading revisions…" />
          ) : revisions.isError ? (
            <ErrorNotice title="Could not load revisions" message={revisions.error.message} />
          ) : revisions.data.total === 0 ? (
            <EmptyState title="Never published">No revision of this machine was published yet.</EmptyState>
          ) : (
            <table className="min-w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-2 py-1">From</th>
                  <th className="px-2 py-1">To</th>
                  <th className="px-2 py-1">Revision</th>
                  <th className="px-2 py-1">Plan</th>
                  <th className="px-2 py-1">Published</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {revisions.data.items.map((revision) => (
                  <tr key={revision.number}>
                    <td className="px-2 py-1">
                      <input
                        type="radio"
                        name="from"
                        aria-label={`Compare from revision ${revision.number}`}
                        checked={pair.from === revision.number}
                        onChange={() => setPair((current) => ({ ...current, from: revision.number }))}
                      />
                    </td>
                    <td className="px-2 py-1">
                      <input
                        type="radio"
                        name="to"
                        aria-label={`Compare to revision ${revision.number}`}
                        checked={pair.to === revision.number}
                        onChange={() => setPair((current) => ({ ...current, to: revision.number }))}
                      />
                    </td>
                    <td className="px-2 py-1 tabular-nums">{revision.number}</td>
                    <td className="px-2 py-1">
                      {revision.plan ? (
                        <Link href={`/plans/${revision.plan.id}`} className="text-sky-800 hover:underline">
                          #{revision.plan.number} {revision.plan.title}
                        </Link>
                      ) : (
                        <span className="text-slate-500">published from the Agents page</span>
                      )}
                    </td>
                    <td className="px-2 py-1 text-slate-600">
                      {revision.createdBy}, {new Date(revision.createdAt).toLocaleString()}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination
            page={page}
            pageSize={pageSize}
            total={revisions.data?.total ?? 0}
            noun="revisions"
            onPage={setPage}
          />
        </Section>
        {ready && (
          <Section title={`Revision ${pair.from} → ${pair.to}`}>
            {diff.isPending ? (
              <LoadingRows label="Comparing the files…" />
            ) : diff.isError ? (
              <ErrorNotice title="Could not compare the revisions" message={diff.error.message} />
            ) : diff.data.files.length === 0 ? (
              <p className="text-sm text-slate-600">The two revisions have identical files.</p>
            ) : (
              <div className="space-y-2">
                {diff.data.files.map((file) => (
                  <FileDiffView key={file.path} file={file} />
                ))}
              </div>
            )}
          </Section>
        )}
      </div>
    </div>
  );
}
