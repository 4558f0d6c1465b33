"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { PlanPreviewView } from "~/components/plans/plan-preview";
import { useRoleAtLeast } from "~/components/plans/use-role";
import { Button, fieldErrors, Notice, Section, SelectField, TextField } from "~/components/ui/form";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

export function NewPlanForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const atLeast = useRoleAtLeast();
  const current = useQuery(trpc.plan.previewCurrent.queryOptions());
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [staged, setStaged] = useState(false);
  const [canaryMachineId, setCanaryMachineId] = useState("");
  const create = useMutation(
    trpc.plan.create.mutationOptions({
      onSuccess: async (plan) => {
        await queryClient.invalidateQueries({ queryKey: trpc.plan.list.queryKey() });
        router.push(`/plans/${plan.id}`);
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const candidates = current.data?.preview.machines.filter((machine) => machine.change !== "removed") ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ title, description, staged, canaryMachineId: staged ? canaryMachineId || null : null });
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Section title="Plan" description="What the change is for: reviewers and the history read this.">
        <form onSubmit={submit} className="space-y-3" aria-label="New plan">
          <TextField
            label="Title"
            name="title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={errors.title}
            required
            maxLength={120}
          />
          <label className="block text-sm">
            <span className="font-medium text-slate-700">Description</span>
            <textarea
              name="description"
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              rows={4}
              maxLength={4000}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
            />
            {errors.description && <span className="text-xs text-red-700">{errors.description}</span>}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={staged} onChange={(event) => setStaged(event.target.checked)} />
            <span className="font-medium text-slate-700">Staged rollout: one canary machine first</span>
          </label>
          {staged && (
            <div>
              <SelectField
                label="Canary machine"
                name="canaryMachineId"
                value={canaryMachineId}
                onChange={(event) => setCanaryMachineId(event.target.value)}
              >
                <option value="">Choose a machine this plan changes…</option>
                {candidates.map((machine) => (
                  <option key={machine.machineId} value={machine.machineId}>
                    {machine.machineName}
                  </option>
                ))}
              </SelectField>
              {errors.canaryMachineId && (
                <span role="alert" className="text-xs text-red-700">
                  {errors.canaryMachineId}
                </span>
              )}
            </div>
          )}
          {create.isError && Object.keys(errors).length === 0 && (
            <Notice tone="error">{create.error.message}</Notice>
          )}
          {atLeast("editor") ? (
            <Button type="submit" disabled={create.isPending || current.data?.empty}>
              {create.isPending ? "Drafting the plan…" : "Draft plan"}
            </Button>
          ) : (
            <Notice tone="info">Drafting plans needs the editor role.</Notice>
          )}
        </form>
      </Section>
      <Section title="Preview" description="The current inventory against what is published now.">
        {current.isPending ? (
          <LoadingRows label="Rendering every machine's files and simulating the network…" />
        ) : current.isError ? (
          <ErrorNotice title="Could not preview the inventory" message={current.error.message} />
        ) : current.data.empty ? (
          <EmptyState title="Nothing to publish">
            The inventory is exactly what{" "}
            {current.data.head.planNumber ? `plan #${current.data.head.planNumber}` : "is"} published. Edit
            labs, sites or leases first.
          </EmptyState>
        ) : (
          <PlanPreviewView preview={current.data.preview} />
        )}
      </Section>
    </div>
  );
}
