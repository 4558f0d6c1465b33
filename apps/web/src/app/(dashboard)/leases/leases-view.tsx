"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useId, useState } from "react";
import { DeleteButton, Dialog } from "~/components/forms/dialog";
import { SecondaryButton } from "~/components/forms/fields";
import { useEditing } from "~/components/forms/use-editing";
import { readServerError } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC, useTRPCClient } from "~/trpc/client";
import { BulkAdd } from "./bulk-add";
import { LeaseForm } from "./lease-form";

const pageSize = 50;
type Sort = "hostname" | "mac" | "ip" | "updatedAt";

export function LeasesView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const refresh = useRefreshAll();
  const ids = useId();
  const [siteId, setSiteId] = useState("");
  const [mac, setMac] = useState("");
  const [hostname, setHostname] = useState("");
  const [sort, setSort] = useState<Sort>("hostname");
  const [page, setPage] = useState(1);
  const [bulk, setBulk] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const filter = {
    siteId: siteId || undefined,
    mac: useDeferredValue(mac),
    hostname: useDeferredValue(hostname),
  };
  const sites = useQuery(trpc.site.list.queryOptions({ pageSize: 500 }));
  const leases = useQuery({
    ...trpc.lease.list.queryOptions({ ...filter, sort, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const siteChoices = (sites.data?.items ?? []).map((site) => ({
    id: site.id,
    label: `${site.tincName} (${site.intranetName}, ${site.subnet})`,
  }));
  const { editing, open, close, reload } = useEditing<NonNullable<typeof leases.data>["items"][number]>(
    leases.data?.items ?? [],
  );

  async function exportCsv() {
    setExporting("Preparing CSV…");
    try {
      const { csv, rows } = await client.lease.exportCsv.query(filter);
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = "labnet-leases.csv";
      link.click();
      URL.revokeObjectURL(url);
      setExporting(`Exported ${rows} leases.`);
    } catch (error) {
      setExporting(`Export failed: ${readServerError(error).message}`);
    }
  }

  const resetPage =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      setter(value);
      setPage(1);
    };
  return (
    <section aria-label="Static leases" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="text-sm">
          <label htmlFor={`${ids}-site`} className="block font-medium text-slate-700">
            Site
          </label>
          <select
            id={`${ids}-site`}
            value={siteId}
            onChange={(event) => resetPage(setSiteId)(event.target.value)}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="">all sites</option>
            {siteChoices.map((site) => (
              <option key={site.id} value={site.id}>
                {site.label}
              </option>
            ))}
          </select>
        </div>
        <div className="text-sm">
          <label htmlFor={`${ids}-mac`} className="block font-medium text-slate-700">
            MAC
          </label>
          <input
            id={`${ids}-mac`}
            type="search"
            value={mac}
            onChange={(event) => resetPage(setMac)(event.target.value)}
            placeholder="any notation, e.g. 00-15-5D"
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        </div>
        <div className="text-sm">
          <label htmlFor={`${ids}-hostname`} className="block font-medium text-slate-700">
            Hostname
          </label>
          <input
            id={`${ids}-hostname`}
            type="search"
            value={hostname}
            onChange={(event) => resetPage(setHostname)(event.target.value)}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        </div>
        <div className="text-sm">
          <label htmlFor={`${ids}-sort`} className="block font-medium text-slate-700">
            Sort by
          </label>
          <select
            id={`${ids}-sort`}
            value={sort}
            onChange={(event) => resetPage(setSort)(event.target.value as Sort)}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="hostname">hostname</option>
            <option value="ip">site, then IP</option>
            <option value="mac">MAC</option>
            <option value="updatedAt">last change</option>
          </select>
        </div>
        <div className="ml-auto flex gap-2">
          <SecondaryButton onClick={exportCsv}>Export CSV</SecondaryButton>
          <SecondaryButton onClick={() => setBulk(true)} disabled={siteChoices.length === 0}>
            Bulk add
          </SecondaryButton>
          <button
            type="button"
            onClick={() => open(null, undefined)}
            disabled={siteChoices.length === 0}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50"
          >
            Add lease
          </button>
        </div>
      </div>
      {exporting && (
        <p role="status" className="text-sm text-slate-600">
          {exporting}
        </p>
      )}
      {leases.isPending ? (
        <LoadingRows label="Loading leases…" />
      ) : leases.isError ? (
        <ErrorNotice title="Could not load leases" message={leases.error.message} />
      ) : leases.data.total === 0 ? (
        <EmptyState
          title={siteId || mac || hostname ? "No lease matches the filter" : "No static leases yet"}
        >
          {siteChoices.length === 0 ? (
            <>
              Leases live in sites:{" "}
              <Link href="/intranets" className="text-sky-800 underline">
                add a site first
              </Link>
              .
            </>
          ) : (
            "Add one, or paste many with Bulk add."
          )}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm" aria-label="Leases">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Hostname</th>
                <th className="px-3 py-2">MAC</th>
                <th className="px-3 py-2">IP</th>
                <th className="px-3 py-2">Site</th>
                <th className="px-3 py-2">Lease time</th>
                <th className="px-3 py-2">NIC</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {leases.data.items.map((lease) => (
                <tr key={lease.id}>
                  <td className="px-3 py-2 font-medium">{lease.hostname}</td>
                  <td className="px-3 py-2 font-mono text-xs">{lease.mac}</td>
                  <td className="px-3 py-2 tabular-nums">{lease.ip}</td>
                  <td className="px-3 py-2">
                    <Link href={`/labs/${lease.labId}`} className="text-sky-800 hover:underline">
                      {lease.siteTincName}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{lease.leaseTime}</td>
                  <td className="px-3 py-2">{lease.nicLabel ?? "—"}</td>
                  <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
                    <SecondaryButton
                      label={`Edit lease ${lease.hostname}`}
                      onClick={() => open(lease, undefined)}
                    >
                      Edit
                    </SecondaryButton>
                    <DeleteButton
                      what="lease"
                      name={lease.hostname}
                      onDelete={async () => {
                        await client.lease.delete.mutate({ id: lease.id, version: lease.version });
                        await refresh();
                      }}
                    />
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
        total={leases.data?.total ?? 0}
        noun="leases"
        onPage={setPage}
      />
      <Dialog
        open={editing !== null}
        title={editing?.row ? `Edit lease ${editing.row.hostname}` : "Add lease"}
        onClose={close}
      >
        {editing && (
          <LeaseForm
            key={editing.key}
            lease={editing.row}
            sites={siteChoices}
            onSaved={close}
            onReload={reload}
          />
        )}
      </Dialog>
      <Dialog open={bulk} title="Bulk add leases" onClose={() => setBulk(false)} wide>
        {bulk && <BulkAdd sites={siteChoices} onApplied={() => setBulk(false)} />}
      </Dialog>
    </section>
  );
}
