"use client";

import { vswitchSchema, vswitchTypes } from "@labnet/model";
import { useMutation } from "@tanstack/react-query";
import { DeleteButton, Dialog } from "~/components/forms/dialog";
import {
  CheckboxField,
  FormNotice,
  SecondaryButton,
  SelectField,
  SubmitButton,
  TextField,
} from "~/components/forms/fields";
import { useEditing } from "~/components/forms/use-editing";
import { optionalText, useForm } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { EmptyState } from "~/components/ui/states";
import { useTRPC, useTRPCClient } from "~/trpc/client";
import type { LabDetailData } from "./lab-detail";

type VSwitch = LabDetailData["vswitches"][number];

const typeLabels: Record<(typeof vswitchTypes)[number], string> = {
  internal: "Internal",
  private: "Private",
  external: "External (bound to an adapter)",
  default: "Hyper-V Default Switch (NAT)",
};

export function VSwitchesTab({ data }: { data: LabDetailData }) {
  const client = useTRPCClient();
  const refresh = useRefreshAll();
  const { editing, open, close, reload } = useEditing<VSwitch>(data.vswitches);
  const nicsOn = (id: string) =>
    data.machines.flatMap((machine) =>
      machine.nics.filter((nic) => nic.vswitchId === id).map((nic) => `${machine.name} ${nic.name}`),
    );
  return (
    <section aria-label="vSwitches" className="space-y-3">
      <div className="flex justify-end">
        <button
          type="button"
          onClick={() => open(null, undefined)}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
        >
          Add vSwitch
        </button>
      </div>
      {data.vswitches.length === 0 ? (
        <EmptyState title="No vSwitches yet">
          Add the internal LAN switch and the external WAN switch.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">vSwitch</th>
                <th className="px-3 py-2">Type</th>
                <th className="px-3 py-2">Adapter</th>
                <th className="px-3 py-2">Management OS</th>
                <th className="px-3 py-2">NICs</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.vswitches.map((vswitch) => (
                <tr key={vswitch.id}>
                  <td className="px-3 py-2 font-medium">{vswitch.name}</td>
                  <td className="px-3 py-2">
                    {typeLabels[vswitch.type as keyof typeof typeLabels] ?? vswitch.type}
                  </td>
                  <td className="px-3 py-2">
                    {vswitch.adapterName
                      ? `${vswitch.adapterName} (${vswitch.adapterMedium === "wifi" ? "Wi-Fi" : "Ethernet"})`
                      : "—"}
                    {vswitch.adapterMedium === "wifi" && (
                      <p className="text-xs text-amber-700">
                        Wi-Fi rewrites VM MACs: MAC learning and reservations suffer.
                      </p>
                    )}
                  </td>
                  <td className="px-3 py-2">{vswitch.allowManagementOS ? "shared with host" : "VMs only"}</td>
                  <td className="px-3 py-2">{nicsOn(vswitch.id).join(", ") || "—"}</td>
                  <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
                    <SecondaryButton
                      label={`Edit vSwitch ${vswitch.name}`}
                      onClick={() => open(vswitch, undefined)}
                    >
                      Edit
                    </SecondaryButton>
                    <DeleteButton
                      what="vSwitch"
                      name={vswitch.name}
                      dependents={() => client.vswitch.dependents.query({ id: vswitch.id })}
                      onDelete={async () => {
                        await client.vswitch.delete.mutate({ id: vswitch.id, version: vswitch.version });
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
      <Dialog
        open={editing !== null}
        title={editing?.row ? `Edit ${editing.row.name}` : "Add vSwitch"}
        onClose={close}
      >
        {editing && (
          <VSwitchForm
            key={editing.key}
            labId={data.lab.id}
            vswitch={editing.row}
            onSaved={close}
            onReload={reload}
          />
        )}
      </Dialog>
    </section>
  );
}

const vswitchInput = vswitchSchema.omit({ id: true, labId: true });

function VSwitchForm({
  labId,
  vswitch,
  onSaved,
  onReload,
}: {
  labId: string;
  vswitch: VSwitch | null;
  onSaved: () => void;
  onReload: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const form = useForm({
    name: vswitch?.name ?? "",
    type: vswitch?.type ?? "internal",
    adapterName: vswitch?.adapterName ?? "",
    adapterMedium: vswitch?.adapterMedium ?? "ethernet",
    allowManagementOS: vswitch?.allowManagementOS ?? false,
  });
  const options = {
    onSuccess: async () => {
      await refresh();
      onSaved();
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.vswitch.create.mutationOptions(options));
  const update = useMutation(trpc.vswitch.update.mutationOptions(options));
  const external = form.values.type === "external";

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(vswitchInput, {
      ...values,
      adapterName: external ? optionalText(values.adapterName) : null,
      adapterMedium: external ? values.adapterMedium : null,
    });
    if (!input) return;
    if (vswitch) update.mutate({ ...input, id: vswitch.id, version: vswitch.version });
    else create.mutate({ ...input, labId });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3"
      aria-label={vswitch ? "Edit vSwitch" : "New vSwitch"}
    >
      <div className="grid grid-cols-2 gap-3">
        <TextField form={form} name="name" label="Name" placeholder="LAN" />
        <SelectField
          form={form}
          name="type"
          label="Type"
          options={vswitchTypes.map((type) => ({ value: type, label: typeLabels[type] }))}
        />
        {external && (
          <>
            <TextField form={form} name="adapterName" label="Adapter" placeholder="Ethernet" />
            <SelectField
              form={form}
              name="adapterMedium"
              label="Medium"
              options={[
                { value: "ethernet", label: "Ethernet" },
                { value: "wifi", label: "Wi-Fi" },
              ]}
            />
          </>
        )}
      </div>
      <CheckboxField
        form={form}
        name="allowManagementOS"
        label="Allow the management OS (host) on this switch"
      />
      <FormNotice notice={form.notice} onReload={onReload} />
      <SubmitButton pending={create.isPending || update.isPending}>
        {vswitch ? "Save vSwitch" : "Add vSwitch"}
      </SubmitButton>
    </form>
  );
}
