"use client";

import Link from "next/link";
import { DeleteButton, Dialog } from "~/components/forms/dialog";
import { SecondaryButton } from "~/components/forms/fields";
import { useEditing } from "~/components/forms/use-editing";
import { useRefreshAll } from "~/components/forms/use-saved";
import { EmptyState } from "~/components/ui/states";
import { useTRPCClient } from "~/trpc/client";
import { LeaseForm, type LeaseRow } from "../../leases/lease-form";
import type { LabDetailData } from "./lab-detail";

/** The static leases of every site this lab's routers serve. */
export function LeasesTab({ data }: { data: LabDetailData }) {
  const client = useTRPCClient();
  const refresh = useRefreshAll();
  const { editing, open, close, reload } = useEditing<LeaseRow, string>(
    data.sites.flatMap((site) => site.leases),
  );
  const nics = data.machines.flatMap((machine) =>
    machine.nics.map((nic) => ({ id: nic.id, label: `${machine.name} ${nic.name} (${nic.mac})` })),
  );
  const nicLabel = new Map(nics.map((nic) => [nic.id, nic.label]));
  if (data.sites.length === 0) {
    return (
      <EmptyState title="No site yet">
        This lab's routers serve no intranet site.{" "}
        <Link href="/intranets" className="text-sky-800 underline">
          Add a site on the Intranets page
        </Link>{" "}
        and pick this lab's router.
      </EmptyState>
    );
  }
  const sites = data.sites.map((site) => ({
    id: site.id,
    label: `${site.tincName} (${site.intranet.name})`,
  }));
  return (
    <div className="space-y-6">
      {data.sites.map((site) => (
        <section key={site.id} aria-label={`Site ${site.tincName}`} className="space-y-2">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-base font-semibold">
              Site {site.tincName}{" "}
              <span className="text-sm font-normal text-slate-500">
                in{" "}
                <Link href={`/intranets/${site.intranet.id}`} className="text-sky-800 hover:underline">
                  {site.intranet.name}
                </Link>{" "}
                · segment {site.segment} · router {site.lanIp} · DHCP pool .{site.dhcpStart}–.
                {site.dhcpStart + site.dhcpLimit - 1} ·{" "}
                <span className={site.connectToCount < 3 ? "font-medium text-red-700" : ""}>
                  ConnectTo {site.connectToCount}
                </span>
              </span>
            </h2>
            <button
              type="button"
              onClick={() => open(null, site.id)}
              className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
              aria-label={`Add lease to site ${site.tincName}`}
            >
              Add lease
            </button>
          </div>
          {site.leases.length === 0 ? (
            <p className="text-sm text-slate-500">No static leases yet.</p>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="min-w-full text-left text-sm" aria-label={`Leases of ${site.tincName}`}>
                <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
                  <tr>
                    <th className="px-3 py-2">Hostname</th>
                    <th className="px-3 py-2">MAC</th>
                    <th className="px-3 py-2">IP</th>
                    <th className="px-3 py-2">Lease time</th>
                    <th className="px-3 py-2">NIC</th>
                    <th className="px-3 py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {site.leases.map((lease) => (
                    <tr key={lease.id}>
                      <td className="px-3 py-2 font-medium">{lease.hostname}</td>
                      <td className="px-3 py-2 font-mono text-xs">{lease.mac}</td>
                      <td className="px-3 py-2 tabular-nums">{lease.ip}</td>
                      <td className="px-3 py-2">{lease.leaseTime}</td>
                      <td className="px-3 py-2">{lease.nicId ? nicLabel.get(lease.nicId) : "—"}</td>
                      <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
                        <SecondaryButton
                          label={`Edit lease ${lease.hostname}`}
                          onClick={() => open(lease, site.id)}
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
        </section>
      ))}
      <Dialog
        open={editing !== null}
        title={editing?.row ? `Edit lease ${editing.row.hostname}` : "Add lease"}
        onClose={close}
      >
        {editing && (
          <LeaseForm
            key={editing.key}
            lease={editing.row}
            sites={editing.row ? sites : sites.filter((site) => site.id === editing.context)}
            nics={nics}
            onSaved={close}
            onReload={reload}
          />
        )}
      </Dialog>
    </div>
  );
}
