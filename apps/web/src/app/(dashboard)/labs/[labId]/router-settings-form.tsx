"use client";

import { firewallRuleSchema, routerSettingsSchema, sqmSchema } from "@labnet/model";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { CheckboxField, FormNotice, SelectField, SubmitButton, TextField } from "~/components/forms/fields";
import { CellInput, newRowKey, RowControls } from "~/components/forms/list-editor";
import { optionalNumber, optionalText, useForm } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { useTRPC } from "~/trpc/client";
import type { RouterSectionProps } from "./router-tab";

const settingsInput = routerSettingsSchema
  .pick({
    openwrtVersion: true,
    tincVersion: true,
    wanProto: true,
    wanIp: true,
    wanMasq: true,
    mtuFix: true,
    wanInput: true,
  })
  .extend({ rules: z.array(firewallRuleSchema), sqm: sqmSchema.nullable() });

interface RuleRow {
  rowKey: string;
  name: string;
  src: string;
  dest: string;
  proto: string;
  destPort: string;
  target: string;
}

const zones = [
  { value: "wan", label: "wan" },
  { value: "lan", label: "lan" },
  { value: "vpn", label: "vpn" },
];

/** OpenWrt, WAN and firewall zone settings, firewall rules and SQM of one router. */
export function RouterSettingsForm({ machine, version, onSaved, onReload }: RouterSectionProps) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const router = machine.router;
  const sqm = router.sqm;
  const form = useForm({
    openwrtVersion: router.openwrtVersion,
    tincVersion: router.tincVersion,
    wanProto: router.wanProto,
    wanIp: router.wanIp ?? "",
    wanMasq: router.wanMasq,
    mtuFix: router.mtuFix,
    wanInput: router.wanInput,
    sqmConfigured: sqm !== null,
    sqmEnabled: sqm?.enabled ?? true,
    downloadKbps: String(sqm?.downloadKbps ?? 0),
    uploadKbps: String(sqm?.uploadKbps ?? 0),
    qdisc: sqm?.qdisc ?? "cake",
    script: sqm?.script ?? "piece_of_cake.qos",
    linkLayer: sqm?.linkLayer ?? "none",
    overhead: String(sqm?.overhead ?? 0),
  });
  const [rules, setRules] = useState<RuleRow[]>(
    router.rules.map((rule) => ({
      rowKey: newRowKey(),
      name: rule.name,
      src: rule.src,
      dest: rule.dest ?? "",
      proto: rule.proto.join(" "),
      destPort: rule.destPort ?? "",
      target: rule.target,
    })),
  );
  const save = useMutation(
    trpc.router.updateSettings.mutationOptions({
      onSuccess: async (saved) => {
        onSaved(saved.version);
        form.setNotice({ kind: "success", message: "Router settings saved." });
        await refresh();
      },
      onError: form.fail,
    }),
  );

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(settingsInput, {
      openwrtVersion: values.openwrtVersion,
      tincVersion: values.tincVersion,
      wanProto: values.wanProto,
      wanIp: values.wanProto === "static" ? optionalText(values.wanIp) : null,
      wanMasq: values.wanMasq,
      mtuFix: values.mtuFix,
      wanInput: values.wanInput,
      rules: rules.map((rule) => ({
        name: rule.name,
        src: rule.src,
        dest: optionalText(rule.dest),
        proto: rule.proto.split(/[\s,]+/).filter(Boolean),
        destPort: optionalText(rule.destPort),
        target: rule.target,
      })),
      sqm: values.sqmConfigured
        ? {
            enabled: values.sqmEnabled,
            downloadKbps: optionalNumber(values.downloadKbps) ?? 0,
            uploadKbps: optionalNumber(values.uploadKbps) ?? 0,
            qdisc: values.qdisc,
            script: values.script,
            linkLayer: values.linkLayer,
            overhead: optionalNumber(values.overhead) ?? 0,
          }
        : null,
    });
    if (!input) return;
    save.mutate({ ...input, machineId: machine.id, version });
  }

  const updateRule = (index: number, patch: Partial<RuleRow>) =>
    setRules((current) => current.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Settings of ${machine.name}`}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h3 className="font-medium">OpenWrt, WAN and firewall</h3>
      <div className="grid grid-cols-4 gap-3">
        <TextField
          form={form}
          name="openwrtVersion"
          label="OpenWrt version"
          hint="19.07: legacy syntax; 21.02+: DSA"
        />
        <SelectField
          form={form}
          name="tincVersion"
          label="tinc"
          options={[
            { value: "1.0", label: "1.0" },
            { value: "1.1", label: "1.1" },
          ]}
        />
        <SelectField
          form={form}
          name="wanProto"
          label="WAN protocol"
          options={[
            { value: "dhcp", label: "DHCP" },
            { value: "static", label: "static" },
            { value: "pppoe", label: "PPPoE" },
          ]}
        />
        {form.values.wanProto === "static" && <TextField form={form} name="wanIp" label="WAN address" />}
        <SelectField
          form={form}
          name="wanInput"
          label="WAN → router"
          options={["ACCEPT", "REJECT", "DROP"].map((value) => ({ value, label: value }))}
        />
      </div>
      <div className="flex gap-6">
        <CheckboxField form={form} name="wanMasq" label="Masquerade (NAT) on WAN" />
        <CheckboxField form={form} name="mtuFix" label="Clamp MSS on WAN (mtu_fix)" />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Firewall rules</legend>
        {rules.length === 0 && <p className="text-sm text-slate-500">No extra rules.</p>}
        {rules.map((rule, index) => (
          <div
            key={rule.rowKey}
            className="flex flex-wrap items-start gap-2 rounded border border-slate-100 p-2"
          >
            <CellInput
              label="Name"
              width="w-48"
              value={rule.name}
              onChange={(name) => updateRule(index, { name })}
              error={form.errors[`rules.${index}.name`]}
            />
            <CellInput
              label="From"
              options={zones}
              value={rule.src}
              onChange={(src) => updateRule(index, { src })}
            />
            <CellInput
              label="To"
              options={[{ value: "", label: "router" }, ...zones]}
              value={rule.dest}
              onChange={(dest) => updateRule(index, { dest })}
            />
            <CellInput
              label="Protocols"
              value={rule.proto}
              onChange={(proto) => updateRule(index, { proto })}
              error={form.errors[`rules.${index}.proto`] ?? form.errors[`rules.${index}.proto.0`]}
            />
            <CellInput
              label="Port"
              value={rule.destPort}
              onChange={(destPort) => updateRule(index, { destPort })}
              error={form.errors[`rules.${index}.destPort`]}
            />
            <CellInput
              label="Target"
              options={["ACCEPT", "REJECT", "DROP"].map((value) => ({ value, label: value }))}
              value={rule.target}
              onChange={(target) => updateRule(index, { target })}
            />
            <RowControls
              index={index}
              count={rules.length}
              label={`rule ${rule.name || index + 1}`}
              onRemove={(i) => setRules((current) => current.filter((_, j) => j !== i))}
            />
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setRules((current) => [
              ...current,
              {
                rowKey: newRowKey(),
                name: "",
                src: "wan",
                dest: "",
                proto: "tcp",
                destPort: "",
                target: "ACCEPT",
              },
            ])
          }
          className="text-sm font-medium text-sky-800 hover:underline"
        >
          + Add firewall rule
        </button>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">SQM (smart queue management)</legend>
        <CheckboxField form={form} name="sqmConfigured" label="Configure SQM on the WAN" />
        {form.values.sqmConfigured && (
          <div className="grid grid-cols-4 gap-3">
            <CheckboxField form={form} name="sqmEnabled" label="Enabled" />
            <TextField
              form={form}
              name="downloadKbps"
              label="Download kbit/s"
              type="number"
              errorKey="sqm.downloadKbps"
            />
            <TextField
              form={form}
              name="uploadKbps"
              label="Upload kbit/s"
              type="number"
              errorKey="sqm.uploadKbps"
            />
            <SelectField
              form={form}
              name="qdisc"
              label="Queue discipline"
              options={[
                { value: "cake", label: "cake" },
                { value: "fq_codel", label: "fq_codel" },
              ]}
            />
            <SelectField
              form={form}
              name="script"
              label="Script"
              options={["piece_of_cake.qos", "layer_cake.qos", "simple.qos", "simplest.qos"].map((value) => ({
                value,
                label: value,
              }))}
            />
            <SelectField
              form={form}
              name="linkLayer"
              label="Link layer"
              options={["none", "ethernet", "atm"].map((value) => ({ value, label: value }))}
            />
            <TextField
              form={form}
              name="overhead"
              label="Overhead (bytes)"
              type="number"
              errorKey="sqm.overhead"
            />
          </div>
        )}
      </fieldset>
      <FormNotice notice={form.notice} onReload={onReload} />
      <SubmitButton pending={save.isPending}>Save settings</SubmitButton>
    </form>
  );
}
