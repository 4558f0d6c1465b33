"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useState } from "react";
import { DeleteButton, Dialog } from "~/components/forms/dialog";
import type { RouterOutputs } from "~/components/forms/types";
import { useEditing } from "~/components/forms/use-editing";
import { ErrorNotice, LoadingRows, PageHeader } from "~/components/ui/states";
import { useTRPC, useTRPCClient } from "~/trpc/client";
import { LabForm } from "../lab-form";
import { LeasesTab } from "./leases-tab";
import { MachinesTab } from "./machines-tab";
import { RouterTab } from "./router-tab";
import { VSwitchesTab } from "./vswitches-tab";

export type LabDetailData = RouterOutputs["lab"]["get"];

const tabs = [
  { id: "machines", label: "Machines & NICs" },
  { id: "vswitches", label: "vSwitches" },
  { id: "router", label: "Router" },
  { id: "leases", label: "Leases" },
] as const;
type TabId = (typeof tabs)[number]["id"];

export function LabDetail({ labId }: { labId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.lab.get.queryOptions({ id: labId }));
  const [tab, setTab] = useState<TabId>("machines");
  const labEdit = useEditing<LabDetailData["lab"]>(detail.data ? [detail.data.lab] : []);

  if (detail.isPending) return <LoadingRows label="Loading lab…" />;
  if (detail.isError) {
    return (
      <ErrorNotice
        title="Could not load this lab"
        message={detail.error.message}
        action={
          <Link href="/labs" className="text-sky-800 underline">
            Back to labs
          </Link>
        }
      />
    );
  }
  const data = detail.data;
  const { lab } = data;

  function onTabKey(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((candidate) => candidate.id === tab);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/labs" className="hover:underline">
          Labs
        </Link>{" "}
        / {lab.name}
      </nav>
      <PageHeader
        title={lab.name}
        description={[
          lab.owner && `Owner ${lab.owner}`,
          lab.windowsBuild && `Windows ${lab.windowsBuild}`,
          lab.cpuCores && `${lab.cpuCores} cores`,
          lab.ramMb && `${Math.round(lab.ramMb / 1024)} GB RAM`,
        ]
          .filter(Boolean)
          .join(" · ")}
        actions={
          <>
            <button
              type="button"
              onClick={() => labEdit.open(lab, undefined)}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              Edit lab
            </button>
            <DeleteButton
              what="lab"
              name={lab.name}
              dependents={() => client.lab.dependents.query({ id: lab.id })}
              onDelete={async () => {
                await client.lab.delete.mutate({ id: lab.id, version: lab.version });
                await queryClient.invalidateQueries();
                router.push("/labs");
              }}
            />
          </>
        }
      />
      {lab.notes && <p className="mb-4 whitespace-pre-wrap text-sm text-slate-600">{lab.notes}</p>}
      <Dialog open={labEdit.editing !== null} title={`Edit ${lab.name}`} onClose={labEdit.close}>
        {labEdit.editing?.row && (
          <LabForm
            key={labEdit.editing.key}
            lab={labEdit.editing.row}
            onSaved={labEdit.close}
            onReload={labEdit.reload}
          />
        )}
      </Dialog>
      <div
        role="tablist"
        aria-label="Lab sections"
        className="mb-4 flex gap-1 border-b border-slate-200"
        onKeyDown={onTabKey}
      >
        {tabs.map((candidate) => (
          <button
            key={candidate.id}
            id={`tab-${candidate.id}`}
            type="button"
            role="tab"
            aria-selected={tab === candidate.id}
            aria-controls={`panel-${candidate.id}`}
            tabIndex={tab === candidate.id ? 0 : -1}
            onClick={() => setTab(candidate.id)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              tab === candidate.id
                ? "border-slate-900 text-slate-900"
                : "border-transparent text-slate-500 hover:text-slate-800"
            }`}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "machines" && <MachinesTab data={data} />}
        {tab === "vswitches" && <VSwitchesTab data={data} />}
        {tab === "router" && <RouterTab data={data} />}
        {tab === "leases" && <LeasesTab data={data} />}
      </div>
    </>
  );
}
