"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { PlanPreviewView } from "~/components/plans/plan-preview";
import { RolloutView } from "~/components/plans/rollout-view";
import { StatusBadge } from "~/components/plans/status-badge";
import type { PlanDetail } from "~/components/plans/types";
import { useRoleAtLeast } from "~/components/plans/use-role";
import { Button, fieldErrors, Notice, Section, TextField } from "~/components/ui/form";
import { ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

const when = (date: Date | string | null) => (date ? new Date(date).toLocaleString() : "");
const openStatuses = ["draft", "approved", "stale"];

export function PlanView({ planId }: { planId: string }) {
  const trpc = useTRPC();
  const plan = useQuery(trpc.plan.get.queryOptions({ id: planId }));
  if (plan.isPending) return <LoadingRows label="Loading the plan…" />;
  if (plan.isError) {
    return (
      <ErrorNotice
        title="Could not load the plan"
        message={plan.error.message}
        action={
          <Link href="/plans" className="underline">
            Back to plans
          </Link>
        }
      />
    );
  }
  return <PlanLoaded plan={plan.data} />;
}

function PlanLoaded({ plan }: { plan: PlanDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const atLeast = useRoleAtLeast();
  const [acknowledged, setAcknowledged] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.plan.get.queryKey({ id: plan.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.plan.list.queryKey() }),
    ]);
  const options = { onSuccess: refresh, onError: refresh };
  const approve = useMutation(trpc.plan.approve.mutationOptions(options));
  const publish = useMutation(
    trpc.plan.publish.mutationOptions({
      ...options,
      onSuccess: async (result) => {
        setNotice(
          `Published ${result.published.length} revision${result.published.length === 1 ? "" : "s"}${
            result.unchanged > 0 ? `; ${result.unchanged} machines already matched` : ""
          }${result.skipped.length > 0 ? `; skipped ${result.skipped.map((s) => `${s.machineName} (${s.reason})`).join(", ")}` : ""}${
            result.waitingForCanary ? ". The canary goes first." : "."
          }`,
        );
        await refresh();
      },
    }),
  );
  const replan = useMutation(
    trpc.plan.replan.mutationOptions({
      ...options,
      onSuccess: async (result) => {
        setAcknowledged(new Set());
        setNotice(
          result.stagingDropped
            ? "Re-planned against the published network. The canary no longer changes, so the plan now rolls out at once."
            : "Re-planned against the published network: review the new preview.",
        );
        await refresh();
      },
    }),
  );
  const discard = useMutation(trpc.plan.discard.mutationOptions(options));
  const rollback = useMutation(
    trpc.plan.rollback.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.plan.list.queryKey() });
        router.push(`/plans/${created.id}`);
      },
    }),
  );
  const busy =
    approve.isPending || publish.isPending || replan.isPending || discard.isPending || rollback.isPending;
  const failed = [approve, publish, replan, discard, rollback].find((mutation) => mutation.isError)?.error;
  const isOpen = openStatuses.includes(plan.status);
  const allAcknowledged = plan.preview.blocking.every((finding) => acknowledged.has(finding.key));
  const version = { id: plan.id, version: plan.version };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href="/plans" className="hover:underline">
              Plans
            </Link>{" "}
            / #{plan.number}
          </p>
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
            {plan.title} <StatusBadge status={plan.status} />
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Drafted by {plan.createdBy} {when(plan.createdAt)}
            {plan.approvedBy && ` · approved by ${plan.approvedBy} ${when(plan.approvedAt)}`}
            {plan.publishedBy && ` · published by ${plan.publishedBy} ${when(plan.publishedAt)}`}
            {plan.rollbackOf && (
              <>
                {" "}
                · restores{" "}
                <Link href={`/plans/${plan.rollbackOf.id}`} className="text-sky-800 hover:underline">
                  plan #{plan.rollbackOf.number}
                </Link>
              </>
            )}
          </p>
          {plan.description && (
            <p className="mt-2 max-w-3xl whitespace-pre-wrap text-sm">{plan.description}</p>
          )}
          {plan.staged && (
            <p className="mt-1 text-sm text-slate-600">Staged rollout with a canary machine first.</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {isOpen && atLeast("editor") && (
            <>
              <Button variant="secondary" disabled={busy} onClick={() => setEditing(!editing)}>
                Edit
              </Button>
              <Button variant="secondary" disabled={busy} onClick={() => replan.mutate(version)}>
                {replan.isPending ? "Re-planning…" : "Re-plan"}
              </Button>
              <Button variant="secondary" disabled={busy} onClick={() => discard.mutate(version)}>
                Discard
              </Button>
            </>
          )}
          {plan.status === "draft" && atLeast("admin") && (
            <Button disabled={busy} onClick={() => approve.mutate(version)}>
              {approve.isPending ? "Approving…" : "Approve"}
            </Button>
          )}
          {plan.status === "approved" && atLeast("admin") && (
            <Button
              disabled={busy || !allAcknowledged}
              title={allAcknowledged ? undefined : "Acknowledge every blocking finding first"}
              onClick={() => publish.mutate({ ...version, acknowledgements: [...acknowledged] })}
            >
              {publish.isPending ? "Publishing…" : "Publish"}
            </Button>
          )}
          {plan.status === "published" && plan.head.planId !== plan.id && atLeast("admin") && (
            <Button variant="secondary" disabled={busy} onClick={() => rollback.mutate({ planId: plan.id })}>
              {rollback.isPending ? "Drafting…" : `Roll back to plan #${plan.number}`}
            </Button>
          )}
        </div>
      </div>

      {plan.status === "stale" && (
        <Notice tone="error">
          This plan is stale: {plan.staleReason ?? "another plan was published since it was made"}. Re-plan to
          preview it against the network as published now.
        </Notice>
      )}
      {isOpen && plan.status !== "stale" && !plan.baseIsHead && (
        <Notice tone="error">
          The network was published by plan #{plan.head.planNumber} since this plan was made: re-plan before
          approving.
        </Notice>
      )}
      {plan.status === "approved" && !atLeast("admin") && (
        <Notice tone="info">Approved: an admin publishes it.</Notice>
      )}
      {plan.status === "draft" && !atLeast("admin") && (
        <Notice tone="info">Draft: an admin approves and publishes it.</Notice>
      )}
      {notice && <Notice tone="success">{notice}</Notice>}
      {failed && (
        <Notice tone="error">{Object.values(fieldErrors(failed)).join(" ") || failed.message}</Notice>
      )}
      {editing && <EditPlanForm plan={plan} onDone={() => setEditing(false)} />}

      {plan.status === "published" && (
        <Section
          title="Rollout"
          description="Each machine's revision from this plan and what its agent reported."
        >
          <RolloutView planId={plan.id} />
        </Section>
      )}
      <Section
        title="Preview"
        description="Computed when the plan was drafted, from its frozen base and target networks."
      >
        <PlanPreviewView
          preview={plan.preview}
          acknowledging={
            plan.status === "approved" && atLeast("admin")
              ? {
                  checked: acknowledged,
                  disabled: busy,
                  onToggle: (key, checked) =>
                    setAcknowledged((current) => {
                      const next = new Set(current);
                      if (checked) next.add(key);
                      else next.delete(key);
                      return next;
                    }),
                }
              : undefined
          }
        />
        {plan.acknowledgements.length > 0 && (
          <p className="mt-3 text-sm text-slate-700">
            Acknowledged at publish:{" "}
            {plan.acknowledgements.map((ack) => `“${ack.title}” by ${ack.by}`).join("; ")}
          </p>
        )}
      </Section>
      <Section title="History" description="This plan's audit events.">
        <ol className="space-y-1 text-sm">
          {plan.history.map((event) => (
            <li key={event.id}>
              <span className="text-slate-500">{when(event.createdAt)}</span>{" "}
              <span className="font-medium">{event.action.replace("plan.", "")}</span> by {event.actorLabel}
            </li>
          ))}
        </ol>
        <p className="mt-2 text-xs text-slate-600">
          The full trail, revisions included, is in the{" "}
          <Link href="/audit" className="underline">
            audit log
          </Link>
          .
        </p>
      </Section>
    </div>
  );
}

function EditPlanForm({ plan, onDone }: { plan: PlanDetail; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(plan.title);
  const [description, setDescription] = useState(plan.description);
  const update = useMutation(
    trpc.plan.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.plan.get.queryKey({ id: plan.id }) });
        onDone();
      },
    }),
  );
  const errors = fieldErrors(update.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({
      id: plan.id,
      version: plan.version,
      title,
      description,
      staged: plan.staged,
      canaryMachineId: plan.canaryMachineId,
    });
  }
  return (
    <form
      onSubmit={submit}
      aria-label="Edit plan"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <TextField
        label="Title"
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={errors.title}
      />
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Description</span>
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={3}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        />
      </label>
      {update.isError && !errors.title && <Notice tone="error">{update.error.message}</Notice>}
      <div className="flex gap-2">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
