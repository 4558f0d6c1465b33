"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { DeleteButton, Dialog } from "~/components/forms/dialog";
import { SecondaryButton } from "~/components/forms/fields";
import type { RouterOutputs } from "~/components/forms/types";
import { useEditing } from "~/components/forms/use-editing";
import { useRefreshAll } from "~/components/forms/use-saved";
import { EmptyState, ErrorNotice, LoadingRows, PageHeader } from "~/components/ui/states";
import { useTRPC, useTRPCClient } from "~/trpc/client";
import { IntranetForm } from "../intranet-form";
import { SegmentMap } from "./segment-map";
import { SiteForm } from "./site-form";

export type IntranetData = RouterOutputs["intranet"]["get"];

export function IntranetDetail({ intranetId }: { intranetId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const refresh = useRefreshAll();
  const detail = useQuery(trpc.intranet.get.queryOptions({ id: intranetId }));
  const intranetEdit = useEditing<IntranetData["intranet"]>(detail.data ? [detail.data.intranet] : []);
  /** The context is a free segment picked on the map, if any. */
  const siteEdit = useEditing<IntranetData["sites"][number], number | undefined>(detail.data?.sites ?? []);

  if (detail.isPending) return <LoadingRows label="Loading intranet…" />;
  if (detail.isError) {
    return <ErrorNotice title="Could not load this intranet" message={detail.error.message} />;
  }
  const data = detail.data;
  const { intranet, sites } = data;
  const tincName = new Map(sites.map((site) => [site.id, site.tincName]));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/intranets" className="hover:underline">
          Intranets
        </Link>{" "}
        / {intranet.name}
      </nav>
      <PageHeader
        title={intranet.name}
        description={`${intranet.cidr} · tinc netname ${intranet.netname} · ${intranet.mode} mode · port ${intranet.port}`}
        actions={
          <>
            <button
              type="button"
              onClick={() => siteEdit.open(null, undefined)}
              className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
            >
              Add site
            </button>
            <SecondaryButton onClick={() => intranetEdit.open(intranet, undefined)}>
              Edit intranet
            </SecondaryButton>
            <DeleteButton
              what="intranet"
              name={intranet.name}
              dependents={() => client.intranet.dependents.query({ id: intranet.id })}
              onDelete={async () => {
                await client.intranet.delete.mutate({ id: intranet.id, version: intranet.version });
                await refresh();
                router.push("/intranets");
              }}
            />
          </>
        }
      />
      <div className="space-y-6">
        <section aria-label="Sites" className="space-y-2">
          <h2 className="text-base font-semibold">Sites</h2>
          {sites.length === 0 ? (
            <EmptyState title="No sites yet">
              Add a site for each lab router that joins this intranet.
            </EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="min-w-full text-left text-sm">
                <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
                  <tr>
                    <th className="px-3 py-2">Site</th>
                    <th className="px-3 py-2">Segment</th>
                    <th className="px-3 py-2">Router / lab</th>
                    <th className="px-3 py-2">ConnectTo</th>
                    <th className="px-3 py-2">Public address</th>
                    <th className="px-3 py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {sites.map((site) => (
                    <tr key={site.id}>
                      <td className="px-3 py-2 font-medium">
                        {site.tincName}
                        <p className="text-xs font-normal text-slate-500">
                          {site.leaseCount} {site.leaseCount === 1 ? "lease" : "leases"}
                        </p>
                      </td>
                      <td className="px-3 py-2 tabular-nums">
                        {site.segment} <span className="text-xs text-slate-500">({site.lanIp})</span>
                      </td>
                      <td className="px-3 py-2">
                        {site.routerName} ·{" "}
                        <Link href={`/labs/${site.labId}`} className="text-sky-800 hover:underline">
                          {site.labName}
                        </Link>
                      </td>
                      <td className="px-3 py-2">
                        <span
                          className={site.connectTo.length < 3 ? "font-semibold text-red-700" : ""}
                          title={site.connectTo.map((id) => tincName.get(id)).join(", ")}
                        >
                          {site.connectTo.length}
                          {site.connectTo.length < 3 && " (fewer than 3)"}
                        </span>
                      </td>
                      <td className="px-3 py-2">
                        {site.publicAddress
                          ? `${site.publicAddress}${site.publicPort ? `:${site.publicPort}` : ""}${site.behindNat ? " (behind NAT)" : ""}`
                          : "behind NAT"}
                      </td>
                      <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
                        <Link
                          href={`/intranets/${intranetId}/sites/${site.id}/import`}
                          aria-label={`Import files into site ${site.tincName}`}
                          className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100"
                        >
                          Import files
                        </Link>
                        <SecondaryButton
                          label={`Edit site ${site.tincName}`}
                          onClick={() => siteEdit.open(site, undefined)}
                        >
                          Edit
                        </SecondaryButton>
                        <DeleteButton
                          what="site"
                          name={site.tincName}
                          dependents={() => client.site.dependents.query({ id: site.id })}
                          onDelete={async () => {
                            await client.site.delete.mutate({ id: site.id, version: site.version });
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
        </section>
        <SegmentMap data={data} onPickFree={(segment) => siteEdit.open(null, segment)} />
      </div>
      <Dialog
        open={intranetEdit.editing !== null}
        title={`Edit ${intranet.name}`}
        onClose={intranetEdit.close}
      >
        {intranetEdit.editing?.row && (
          <IntranetForm
            key={intranetEdit.editing.key}
            intranet={intranetEdit.editing.row}
            onSaved={intranetEdit.close}
            onReload={intranetEdit.reload}
          />
        )}
      </Dialog>
      <Dialog
        open={siteEdit.editing !== null}
        title={siteEdit.editing?.row ? `Edit site ${siteEdit.editing.row.tincName}` : "Add site"}
        onClose={siteEdit.close}
        wide
      >
        {siteEdit.editing && (
          <SiteForm
            key={siteEdit.editing.key}
            data={data}
            site={siteEdit.editing.row}
            segment={siteEdit.editing.context}
            onSaved={siteEdit.close}
            onReload={siteEdit.reload}
          />
        )}
      </Dialog>
    </>
  );
}
