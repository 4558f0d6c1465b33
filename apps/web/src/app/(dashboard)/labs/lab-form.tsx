"use client";

import { labSchema } from "@labnet/model";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormNotice, SubmitButton, TextAreaField, TextField } from "~/components/forms/fields";
import { optionalNumber, useForm } from "~/components/forms/use-form";
import { useTRPC } from "~/trpc/client";

const labInput = labSchema.omit({ id: true });

export interface LabRow {
  id: string;
  version: number;
  name: string;
  owner: string;
  cpuCores: number | null;
  ramMb: number | null;
  windowsBuild: string;
  notes: string;
}

function valuesOf(lab: LabRow | null) {
  return {
    name: lab?.name ?? "",
    owner: lab?.owner ?? "",
    cpuCores: lab?.cpuCores?.toString() ?? "",
    ramMb: lab?.ramMb?.toString() ?? "",
    windowsBuild: lab?.windowsBuild ?? "",
    notes: lab?.notes ?? "",
  };
}

/** Creates a lab (lab = null) or edits one at the version it was shown. */
export function LabForm({
  lab,
  onSaved,
  onReload,
}: {
  lab: LabRow | null;
  onSaved: (saved: { id: string }) => void;
  onReload?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm(valuesOf(lab));
  const options = {
    onSuccess: async (saved: { id: string }) => {
      await queryClient.invalidateQueries();
      onSaved(saved);
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.lab.create.mutationOptions(options));
  const update = useMutation(trpc.lab.update.mutationOptions(options));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(labInput, {
      ...values,
      cpuCores: optionalNumber(values.cpuCores),
      ramMb: optionalNumber(values.ramMb),
    });
    if (!input) return;
    if (lab) update.mutate({ ...input, id: lab.id, version: lab.version });
    else create.mutate(input);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={lab ? "Edit lab" : "New lab"}>
      <div className="grid grid-cols-2 gap-3">
        <TextField form={form} name="name" label="Name" placeholder="berlin-notebook" />
        <TextField form={form} name="owner" label="Owner" />
        <TextField form={form} name="cpuCores" label="CPU cores" type="number" />
        <TextField form={form} name="ramMb" label="RAM (MB)" type="number" hint="32 GB = 32768" />
        <TextField
          form={form}
          name="windowsBuild"
          label="Windows build"
          placeholder="22H2"
          hint="22H2 changed the Hyper-V network stack"
        />
      </div>
      <TextAreaField form={form} name="notes" label="Notes" />
      <FormNotice
        notice={form.notice}
        onReload={
          onReload &&
          (() => {
            onReload();
          })
        }
      />
      <SubmitButton pending={create.isPending || update.isPending}>
        {lab ? "Save lab" : "Create lab"}
      </SubmitButton>
    </form>
  );
}
