"use client";

import { idSchema, ipv4Schema, siteSchema } from "@labnet/model";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { CheckboxField, FormNotice, SelectField, SubmitButton, TextField } from "~/components/forms/fields";
import { optionalNumber, optionalText, useForm, useProposedDefault } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { useTRPC } from "~/trpc/client";
import type { IntranetData } from "./intranet-detail";

type Site = IntranetData["sites"][number];
const siteInput = siteSchema
  .omit({ id: true, publicKey: true })
  .extend({ lanIp: ipv4Schema.optional(), intranetId: idSchema });

/** Creates a site (segment defaults to the next free /24) or edits one. */
export function SiteForm({
  data,
  site,
  segment,
  onSaved,
  onReload,
}: {
  data: IntranetData;
  site: Site | null;
  /** A free segment picked on the map */
  segment?: number;
  onSaved: () => void;
  onReload: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const routers = useQuery(trpc.machine.list.queryOptions({ kind: "router", pageSize: 500 }));
  const next = useQuery({
    ...trpc.site.nextFreeSegment.queryOptions({ intranetId: data.intranet.id }),
    enabled: site === null && segment === undefined,
  });
  const form = useForm({
    routerId: site?.routerId ?? "",
    tincName: site?.tincName ?? "",
    segment: site?.segment.toString() ?? segment?.toString() ?? "",
    lanIp: site?.lanIp ?? "",
    publicAddress: site?.publicAddress ?? "",
    publicPort: site?.publicPort?.toString() ?? "",
    behindNat: site?.behindNat ?? true,
    dhcpStart: String(site?.dhcpStart ?? 100),
    dhcpLimit: String(site?.dhcpLimit ?? 150),
    leaseTime: site?.leaseTime ?? "12h",
    connectTo: site?.connectTo ?? [],
  });
  const { set } = form;
  const setSegment = useCallback((segment: string) => set("segment", segment), [set]);
  useProposedDefault(form.values.segment, next.data?.segment?.toString(), setSegment);
  const firstRouter = routers.data?.items[0]?.id;
  useEffect(() => {
    if (site === null && firstRouter) set("routerId", firstRouter);
  }, [site, firstRouter, set]);

  const options = {
    onSuccess: async () => {
      await refresh();
      onSaved();
    },
    onError: form.fail,
  };
  const create = useMutation(trpc.site.create.mutationOptions(options));
  const update = useMutation(trpc.site.update.mutationOptions(options));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const { values } = form;
    const input = form.check(siteInput, {
      ...values,
      intranetId: data.intranet.id,
      segment: optionalNumber(values.segment),
      lanIp: optionalText(values.lanIp) ?? undefined,
      publicAddress: optionalText(values.publicAddress),
      publicPort: optionalNumber(values.publicPort),
      dhcpStart: optionalNumber(values.dhcpStart),
      dhcpLimit: optionalNumber(values.dhcpLimit),
      dhcpServerId: site?.dhcpServerId ?? null,
    });
    if (!input) return;
    if (site)
      update.mutate({ ...input, lanIp: input.lanIp ?? site.lanIp, id: site.id, version: site.version });
    else create.mutate(input);
  }

  const peers = data.sites.filter((peer) => peer.id !== site?.id);
  const connectTo = form.values.connectTo;
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={site ? "Edit site" : "New site"}>
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          form={form}
          name="routerId"
          label="Router"
          hint={
            routers.isPending
              ? "Loading routers…"
              : routers.data?.total === 0
                ? "Add a router machine to a lab first"
                : undefined
          }
          options={[
            { value: "", label: "choose a router" },
            ...(routers.data?.items ?? []).map((router) => ({
              value: router.id,
              label: `${router.name} (${router.labName})`,
            })),
          ]}
        />
        <TextField form={form} name="tincName" label="tinc node name" hint="Letters, digits and _" />
        <TextField
          form={form}
          name="segment"
          label="Segment"
          type="number"
          hint={next.isFetching ? "Finding the next free segment…" : "192.168.<segment>.0/24 in a /16"}
        />
        <TextField
          form={form}
          name="lanIp"
          label="Router LAN address"
          hint={site ? undefined : "Empty: .1 of the segment"}
        />
        <TextField
          form={form}
          name="publicAddress"
          label="Public address"
          hint="Empty when unreachable from outside"
        />
        <TextField form={form} name="publicPort" label="Public port" type="number" />
        <TextField
          form={form}
          name="dhcpStart"
          label="DHCP start"
          type="number"
          hint="Offset in the /24 (OpenWrt start)"
        />
        <TextField
          form={form}
          name="dhcpLimit"
          label="DHCP pool size"
          type="number"
          hint="OpenWrt limit; 0: no pool"
        />
        <TextField form={form} name="leaseTime" label="Dynamic lease time" />
      </div>
      <CheckboxField
        form={form}
        name="behindNat"
        label="Behind NAT (others cannot connect in without a forward)"
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">
          ConnectTo ({connectTo.length}
          {connectTo.length < 3 && peers.length >= 3 ? " — at least 3 keep the mesh up when sites drop" : ""})
        </legend>
        {form.errors.connectTo && (
          <p role="alert" className="text-xs text-red-700">
            {form.errors.connectTo}
          </p>
        )}
        <div className="mt-1 grid grid-cols-3 gap-1 text-sm">
          {peers.map((peer) => (
            <label key={peer.id} className="inline-flex items-center gap-2">
              <input
                type="checkbox"
                checked={connectTo.includes(peer.id)}
                onChange={(event) =>
                  set(
                    "connectTo",
                    event.target.checked ? [...connectTo, peer.id] : connectTo.filter((id) => id !== peer.id),
                  )
                }
              />
              {peer.tincName}
            </label>
          ))}
          {peers.length === 0 && <p className="text-slate-500">No other site yet.</p>}
        </div>
      </fieldset>
      <FormNotice notice={form.notice} onReload={onReload} />
      <SubmitButton pending={create.isPending || update.isPending}>
        {site ? "Save site" : "Add site"}
      </SubmitButton>
    </form>
  );
}
