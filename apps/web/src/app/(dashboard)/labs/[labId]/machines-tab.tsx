"use client";

import { machineKinds, machineSchema, nicSchema, routerSettingsSchema } from "@labnet/model";
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
import { optionalNumber, optionalText, useForm } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { EmptyState } from "~/components/ui/states";
import { useTRPC, useTRPCClient } from "~/trpc/client";
import type { LabDetailData } from "./lab-detail";

type Machine = LabDetailData["machines"][number];
type Nic = Machine["nics"][number];

const kindLabels: Record<(typeof machineKinds)[number], string> = {
  "hyperv-host": "Hyper-V host",
  router: "Router VM (OpenWrt)",
  "utility-vm": "Utility VM",
  physical: "Physical device",
};

export function MachinesTab({ data }: { data: LabDetailData }) {
  const client = useTRPCClient();
  const refresh = useRefreshAll();
  const machines = useEditing<Machine>(data.machines);
  const nics = useEditing<Nic, Machine>(data.machines.flatMap((machine) => machine.nics));
  const switchName = new Map(data.vswitches.map((vswitch) => [vswitch.id, vswitch.name]));

  return (
    <section aria-label="Machines and NICs" className="space-y-3">
      <div className="flex justify-end">
        <button
          type="button"
          onClick={() => machines.open(null, undefined)}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
        >
          Add machine
        </button>
      </div>
      {data.machines.length === 0 ? (
        <EmptyState title="No machines yet">
          Add the Hyper-V host, the OpenWrt router VM and utility VMs.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Machine</th>
                <th className="px-3 py-2">Kind</th>
                <th className="px-3 py-2">CPU / RAM</th>
                <th className="px-3 py-2">NICs</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {data.machines.map((machine) => (
                <tr key={machine.id}>
                  <td className="px-3 py-2">
                    <p className="font-medium">{machine.name}</p>
                    <p className="text-xs text-slate-500">
                      {machine.os || "—"}
                      {machine.router && ` · OpenWrt ${machine.router.openwrtVersion}`}
                    </p>
                  </td>
                  <td className="px-3 py-2">
                    {kindLabels[machine.kind as keyof typeof kindLabels] ?? machine.kind}
                  </td>
                  <td className="px-3 py-2 tabular-nums">
                    {machine.cpuCores ?? "?"} cores / {machine.ramMb ? `${machine.ramMb} MB` : "?"}
                  </td>
                  <td className="px-3 py-2">
                    <ul className="space-y-1">
                      {machine.nics.map((nic) => (
                        <li key={nic.id} className="flex flex-wrap items-center gap-2">
                          <span className="font-mono text-xs">{nic.mac}</span>
                          <span>
                            {nic.name}
                            {nic.role && ` (${nic.role.toUpperCase()})`} →{" "}
                            {nic.vswitchId ? switchName.get(nic.vswitchId) : "not connected"}
                          </span>
                          <SecondaryButton
                            label={`Edit NIC ${nic.name} of ${machine.name}`}
                            onClick={() => nics.open(nic, machine)}
                          >
                            Edit
                          </SecondaryButton>
                          <DeleteButton
                            what="NIC"
                            name={`${machine.name} ${nic.name}`}
                            dependents={() => client.nic.dependents.query({ id: nic.id })}
                            onDelete={async () => {
                              await client.nic.delete.mutate({ id: nic.id, version: nic.version });
                              await refresh();
                            }}
                          />
                        </li>
                      ))}
                    </ul>
                    <button
                      type="button"
                      onClick={() => nics.open(null, machine)}
                      className="mt-1 text-xs font-medium text-sky-800 hover:underline"
                      aria-label={`Add NIC to ${machine.name}`}
                    >
                      + Add NIC
                    </button>
                  </td>
                  <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
                    <SecondaryButton
                      label={`Edit machine ${machine.name}`}
                      onClick={() => machines.open(machine, undefined)}
                    >
                      Edit
                    </SecondaryButton>
                    <DeleteButton
                      what="machine"
                      name={machine.name}
                      dependents={() => client.machine.dependents.query({ id: machine.id })}
                      onDelete={async () => {
                        await client.machine.delete.mutate({ id: machine.id, version: machine.version });
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
        open={machines.editing !== null}
        title={machines.editing?.row ? `Edit ${machines.editing.row.name}` : "Add machine"}
        onClose={machines.close}
      >
        {machines.editing && (
          <MachineForm
            key={machines.editing.key}
            labId={data.lab.id}
            machine={machines.editing.row}
            onSaved={machines.close}
            onReload={machines.reload}
          />
        )}
      </Dialog>
      <Dialog
        open={nics.editing !== null}
        title={
          nics.editing?.row
            ? `Edit NIC ${nics.editing.row.name}`
            : `Add NIC to ${nics.editing?.context.name ?? ""}`
        }
        onClose={nics.close}
      >
        {nics.editing && (
          <NicForm
            key={nics.editing.key}
            data={data}
            machine={nics.editing.context}
            nic={nics.editing.row}
            onSaved={nics.close}
            onReload={nics.reload}
          />
        )}
      </Dialog>
    </section>
  );
}

const machineInput = machineSchema
  .pick({ name: true, cpuCores: true, ramMb: true, os: true, kind: true })
  .extend({
    openwrtVersion: routerSettingsSchema.shape.openwrtVersion.optional(),
  });

function MachineForm({
  labId,
  machine,
  onSaved,
  onReload,
}: {
  labId: string;
  machine: Machine | null;
  onSaved: () => void;
  onReload: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const form = useForm({
    name: machine?.name ?? "",
    kind: machine?.kind ?? "utility-vm",
    cpuCores: machine?.cpuCores?.toString() ?? "",
    ramMb: machine?.ramMb?.toString() ?? "",
    os: machine?.os ?? "",
    openwrtVersion: "23.05.3",
  });
  const options = {
    onSuccess: async () => {
      await refresh();
      onSaved();
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.machine.create.mutationOptions(options));
  const update = useMutation(trpc.machine.update.mutationOptions(options));
  const isRouter = form.values.kind === "router";

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(machineInput, {
      ...values,
      cpuCores: optionalNumber(values.cpuCores),
      ramMb: optionalNumber(values.ramMb),
      openwrtVersion: isRouter && !machine ? values.openwrtVersion : undefined,
    });
    if (!input) return;
    if (machine) {
      const { kind: _kind, openwrtVersion: _version, ...fields } = input;
      update.mutate({ ...fields, id: machine.id, version: machine.version });
    } else create.mutate({ ...input, labId });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3"
      aria-label={machine ? "Edit machine" : "New machine"}
    >
      <div className="grid grid-cols-2 gap-3">
        <TextField form={form} name="name" label="Name" />
        {machine ? (
          <p className="text-sm">
            <span className="font-medium text-slate-700">Kind</span>
            <br />
            {kindLabels[machine.kind as keyof typeof kindLabels]} (fixed once created)
          </p>
        ) : (
          <SelectField
            form={form}
            name="kind"
            label="Kind"
            options={machineKinds.map((kind) => ({ value: kind, label: kindLabels[kind] }))}
          />
        )}
        <TextField form={form} name="cpuCores" label="CPU cores" type="number" />
        <TextField form={form} name="ramMb" label="RAM (MB)" type="number" />
        <TextField form={form} name="os" label="Operating system" placeholder="Debian 12" />
        {isRouter && !machine && (
          <TextField
            form={form}
            name="openwrtVersion"
            label="OpenWrt version"
            hint="19.07 uses the legacy config syntax, 21.02+ DSA"
          />
        )}
      </div>
      <FormNotice notice={form.notice} onReload={onReload} />
      <SubmitButton pending={create.isPending || update.isPending}>
        {machine ? "Save machine" : "Add machine"}
      </SubmitButton>
    </form>
  );
}

const nicInput = nicSchema.omit({ id: true, machineId: true });

function NicForm({
  data,
  machine,
  nic,
  onSaved,
  onReload,
}: {
  data: LabDetailData;
  machine: Machine;
  nic: Nic | null;
  onSaved: () => void;
  onReload: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const form = useForm({
    name: nic?.name ?? `eth${machine.nics.length}`,
    mac: nic?.mac ?? "",
    vswitchId: nic?.vswitchId ?? data.vswitches[0]?.id ?? "",
    role: nic?.role ?? "",
    addressing: nic?.addressing ?? (machine.kind === "router" ? "static-ip" : "static-lease"),
    staticIp: nic?.staticIp ?? "",
    vlanId: nic?.vlanId?.toString() ?? "",
    mtu: nic?.mtu.toString() ?? "1500",
    macSpoofing: nic?.macSpoofing ?? machine.kind === "router",
  });
  const options = {
    onSuccess: async () => {
      await refresh();
      onSaved();
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.nic.create.mutationOptions(options));
  const update = useMutation(trpc.nic.update.mutationOptions(options));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(nicInput, {
      ...values,
      vswitchId: optionalText(values.vswitchId),
      role: optionalText(values.role),
      staticIp: values.addressing === "static-ip" ? optionalText(values.staticIp) : null,
      vlanId: optionalNumber(values.vlanId),
      mtu: optionalNumber(values.mtu) ?? 1500,
    });
    if (!input) return;
    if (nic) update.mutate({ ...input, id: nic.id, version: nic.version });
    else create.mutate({ ...input, machineId: machine.id });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={nic ? "Edit NIC" : "New NIC"}>
      <div className="grid grid-cols-2 gap-3">
        <TextField
          form={form}
          name="name"
          label="Interface name"
          hint="eth0, or vEthernet (LAN) on the host"
        />
        <TextField
          form={form}
          name="mac"
          label="MAC"
          placeholder="00-15-5D-0A-0A-10"
          hint="Any notation; stored as 00:15:5d:…"
        />
        <SelectField
          form={form}
          name="vswitchId"
          label="vSwitch"
          options={[
            { value: "", label: "not connected" },
            ...data.vswitches.map((vswitch) => ({
              value: vswitch.id,
              label: `${vswitch.name} (${vswitch.type})`,
            })),
          ]}
        />
        {machine.kind === "router" && (
          <SelectField
            form={form}
            name="role"
            label="Role"
            options={[
              { value: "", label: "none" },
              { value: "lan", label: "LAN" },
              { value: "wan", label: "WAN" },
            ]}
          />
        )}
        <SelectField
          form={form}
          name="addressing"
          label="Addressing"
          options={[
            { value: "static-lease", label: "static lease (DHCP)" },
            { value: "static-ip", label: "static IP" },
            { value: "dynamic", label: "dynamic" },
            { value: "none", label: "none" },
          ]}
        />
        {form.values.addressing === "static-ip" && (
          <TextField form={form} name="staticIp" label="Static IP" />
        )}
        <TextField form={form} name="vlanId" label="VLAN" type="number" hint="empty: untagged" />
        <TextField form={form} name="mtu" label="MTU" type="number" />
      </div>
      <CheckboxField
        form={form}
        name="macSpoofing"
        label="MAC spoofing (needed to bridge tinc switch-mode traffic)"
      />
      <FormNotice notice={form.notice} onReload={onReload} />
      <SubmitButton pending={create.isPending || update.isPending}>
        {nic ? "Save NIC" : "Add NIC"}
      </SubmitButton>
    </form>
  );
}
