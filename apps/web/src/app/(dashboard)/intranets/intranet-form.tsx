"use client";

import { intranetSchema } from "@labnet/model";
import { useMutation } from "@tanstack/react-query";
import { CheckboxField, FormNotice, SelectField, SubmitButton, TextField } from "~/components/forms/fields";
import type { RouterOutputs } from "~/components/forms/types";
import { optionalNumber, useForm } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { useTRPC } from "~/trpc/client";

type Intranet = RouterOutputs["intranet"]["get"]["intranet"];
const intranetInput = intranetSchema.omit({ id: true });

export function IntranetForm({
  intranet,
  onSaved,
  onReload,
}: {
  intranet: Intranet | null;
  onSaved: (saved: { id: string }) => void;
  /** After a conflict (edits only) */
  onReload?: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const form = useForm({
    name: intranet?.name ?? "",
    netname: intranet?.netname ?? "",
    cidr: intranet?.cidr ?? "192.168.0.0/16",
    mode: intranet?.mode ?? "switch",
    port: String(intranet?.port ?? 655),
    pmtuDiscovery: intranet?.pmtuDiscovery ?? true,
    clampMss: intranet?.clampMss ?? true,
    cipher: intranet?.cipher ?? "aes-256-cbc",
    reservedSegments: intranet?.reservedSegments.join(" ") ?? "0 1 255",
  });
  const options = {
    onSuccess: async (saved: { id: string }) => {
      await refresh();
      onSaved(saved);
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.intranet.create.mutationOptions(options));
  const update = useMutation(trpc.intranet.update.mutationOptions(options));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(intranetInput, {
      ...values,
      port: optionalNumber(values.port) ?? 655,
      reservedSegments: values.reservedSegments
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number),
    });
    if (!input) return;
    if (intranet) update.mutate({ ...input, id: intranet.id, version: intranet.version });
    else create.mutate(input);
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3"
      aria-label={intranet ? "Edit intranet" : "New intranet"}
    >
      <div className="grid grid-cols-2 gap-3">
        <TextField form={form} name="name" label="Name" placeholder="Corporate intranet" />
        <TextField
          form={form}
          name="netname"
          label="tinc netname"
          hint="/etc/tinc/<netname>, at most 15 characters"
        />
        <TextField form={form} name="cidr" label="CIDR" hint="Each site gets one /24 of it" />
        <SelectField
          form={form}
          name="mode"
          label="Mode"
          options={[
            { value: "switch", label: "switch (layer 2)" },
            { value: "router", label: "router (layer 3)" },
          ]}
        />
        <TextField form={form} name="port" label="Port" type="number" />
        <TextField form={form} name="cipher" label="Cipher" />
        <TextField
          form={form}
          name="reservedSegments"
          label="Reserved segments"
          hint="No site may take these, e.g. 0 1 255"
          errorKey="reservedSegments"
        />
      </div>
      <div className="flex gap-6">
        <CheckboxField form={form} name="pmtuDiscovery" label="PMTUDiscovery" />
        <CheckboxField form={form} name="clampMss" label="ClampMSS" />
      </div>
      <FormNotice notice={form.notice} onReload={onReload} />
      <SubmitButton pending={create.isPending || update.isPending}>
        {intranet ? "Save intranet" : "Create intranet"}
      </SubmitButton>
    </form>
  );
}
