"use client";

import {
  hostnameSchema,
  idSchema,
  ipv4Schema,
  leaseTimeSchema,
  macSchema,
  staticLeaseSchema,
} from "@labnet/model";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { z } from "zod";
import { FormNotice, SelectField, SubmitButton, TextField } from "~/components/forms/fields";
import { optionalText, useForm, useProposedDefault } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { useTRPC } from "~/trpc/client";

const leaseInput = z.object({
  siteId: idSchema,
  mac: macSchema,
  ip: ipv4Schema,
  hostname: hostnameSchema,
  leaseTime: leaseTimeSchema,
  tags: staticLeaseSchema.shape.tags,
  nicId: idSchema.nullable(),
});

export interface LeaseRow {
  id: string;
  version: number;
  siteId: string;
  mac: string;
  ip: string;
  hostname: string;
  leaseTime: string;
  tags: string[];
  nicId: string | null;
}

export interface SiteChoice {
  id: string;
  label: string;
}

/**
 * Creates or edits a static lease. A new lease's IP defaults to the site's next free address
 * outside the DHCP pool; every rule the server enforces comes back on its field.
 */
export function LeaseForm({
  lease,
  sites,
  nics,
  onSaved,
  onReload,
}: {
  lease: LeaseRow | null;
  sites: SiteChoice[];
  /** NICs that may be linked (the lab's), or none to hide the choice */
  nics?: { id: string; label: string }[];
  onSaved: () => void;
  /** After a conflict: re-read the lease and start the form over from it */
  onReload: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const form = useForm({
    siteId: lease?.siteId ?? sites[0]?.id ?? "",
    mac: lease?.mac ?? "",
    ip: lease?.ip ?? "",
    hostname: lease?.hostname ?? "",
    leaseTime: lease?.leaseTime ?? "infinite",
    tags: lease?.tags.join(" ") ?? "",
    nicId: lease?.nicId ?? "",
  });
  const suggestion = useQuery({
    ...trpc.lease.nextFreeIp.queryOptions({ siteId: form.values.siteId }),
    enabled: lease === null && form.values.siteId !== "",
  });
  const setIp = useCallback((ip: string) => form.set("ip", ip), [form.set]);
  useProposedDefault(form.values.ip, suggestion.data?.ip, setIp);

  const options = {
    onSuccess: async () => {
      await refresh();
      onSaved();
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.lease.create.mutationOptions(options));
  const update = useMutation(trpc.lease.update.mutationOptions(options));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(leaseInput, {
      ...values,
      tags: values.tags.split(/[\s,]+/).filter(Boolean),
      nicId: optionalText(values.nicId),
    });
    if (!input) return;
    if (lease) update.mutate({ ...input, id: lease.id, version: lease.version });
    else create.mutate(input);
  }

  const pool = suggestion.data?.pool;
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={lease ? "Edit lease" : "New lease"}>
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          form={form}
          name="siteId"
          label="Site"
          options={sites.map((site) => ({ value: site.id, label: site.label }))}
        />
        <TextField form={form} name="hostname" label="Hostname" placeholder="berlin-ci" />
        <TextField
          form={form}
          name="mac"
          label="MAC"
          placeholder="00-15-5D-0A-0A-10"
          hint="Any notation: 00-15-5D-…, 0015.5d…, any case"
        />
        <TextField
          form={form}
          name="ip"
          label="IP"
          hint={
            suggestion.isFetching
              ? "Finding the next free address…"
              : pool
                ? `Outside the DHCP pool ${pool.first}–${pool.last}`
                : suggestion.data
                  ? `Subnet ${suggestion.data.subnet}`
                  : undefined
          }
        />
        <TextField form={form} name="leaseTime" label="Lease time" hint="infinite, or e.g. 12h" />
        <TextField form={form} name="tags" label="Tags" hint="dnsmasq tags, space-separated" />
        {nics && (
          <SelectField
            form={form}
            name="nicId"
            label="Linked NIC"
            options={[
              { value: "", label: "none" },
              ...nics.map((nic) => ({ value: nic.id, label: nic.label })),
            ]}
          />
        )}
      </div>
      <FormNotice notice={form.notice} onReload={onReload} />
      <SubmitButton pending={create.isPending || update.isPending}>
        {lease ? "Save lease" : "Add lease"}
      </SubmitButton>
    </form>
  );
}
