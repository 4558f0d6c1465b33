"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FindingsList } from "~/components/insight/findings-list";
import { LabMap } from "~/components/insight/lab-map";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

export function LabMapPanel({ labId, focusId }: { labId: string; focusId: string | null }) {
  const trpc = useTRPC();
  const lab = useQuery(trpc.insight.lab.queryOptions({ labId }));
  if (lab.isPending) return <LoadingRows label="Drawing the lab…" />;
  if (lab.isError)
    return (
      <ErrorNotice
        title="Could not draw this lab"
        message={
          lab.error.data?.code === "NOT_FOUND"
            ? "This lab does not exist in your active team (it may have been deleted, or belong to another team)."
            : lab.error.message
        }
        action={
          <Link href="/insight/labs" className="text-sky-800 underline">
            Choose another lab
          </Link>
        }
      />
    );
  const view = lab.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <h2 className="text-lg font-semibold">{view.lab.name}</h2>
        {view.lab.owner && <span className="text-sm text-slate-600">{view.lab.owner}</span>}
        <Link
          href={`/labs/${encodeURIComponent(view.lab.id)}`}
          className="text-sm text-sky-800 hover:underline"
        >
          Edit in the inventory
        </Link>
        <Link href="/insight/labs" className="text-sm text-sky-800 hover:underline">
          Other labs
        </Link>
      </div>
      {view.machines.length === 0 ? (
        <EmptyState title="Nothing to draw yet">
          Add the Hyper-V host, its vSwitches, the router VM and the VMs to this lab in the inventory; the map
          appears here.
        </EmptyState>
      ) : (
        <LabMap view={view} focusId={focusId} />
      )}
      <section aria-labelledby="lab-findings" className="space-y-2">
        <h3 id="lab-findings" className="font-medium">
          Findings in this lab ({view.findings.length})
        </h3>
        {view.findings.length === 0 ? (
          <p className="text-sm text-slate-600">The simulation found nothing to fix in this lab.</p>
        ) : (
          <FindingsList findings={view.findings} />
        )}
      </section>
    </div>
  );
}
