"use client";

import { encapsulations, hopKinds, uplinkHopSchema } from "@labnet/model";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { FormNotice, SubmitButton } from "~/components/forms/fields";
import { CellCheckbox, CellInput, moved, newRowKey, RowControls } from "~/components/forms/list-editor";
import { type FieldErrors, type Notice, optionalNumber, readServerError } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { useTRPC } from "~/trpc/client";
import type { RouterMachine, RouterSectionProps } from "./router-tab";

const chainInput = z.object({ hops: z.array(uplinkHopSchema.omit({ id: true })) });
type Hop = RouterMachine["router"]["uplink"][number];

interface HopRow {
  /** Stable React key: rows move */
  rowKey: string;
  name: string;
  kind: string;
  nat: boolean;
  mtu: string;
  encapsulation: string;
  dropsIcmpFragNeeded: string;
  translatesIcmpErrors: "yes" | "no" | "unknown";
  clampsMss: boolean;
  downKbps: string;
  upKbps: string;
  /** Port forwards are kept as they are (edited by the import or the API). */
  portForwards: Hop["portForwards"];
}

function rowOf(hop: Hop): HopRow {
  return {
    rowKey: hop.id,
    name: hop.name,
    kind: hop.kind,
    nat: hop.nat,
    mtu: String(hop.mtu),
    encapsulation: hop.encapsulation,
    dropsIcmpFragNeeded: hop.dropsIcmpFragNeeded,
    translatesIcmpErrors: (hop.translatesIcmpErrors ?? "yes") as HopRow["translatesIcmpErrors"],
    clampsMss: hop.clampsMss,
    downKbps: hop.downKbps?.toString() ?? "",
    upKbps: hop.upKbps?.toString() ?? "",
    portForwards: hop.portForwards,
  };
}

const option = (value: string) => ({ value, label: value });
const withoutKey = ({ rowKey: _rowKey, ...hop }: HopRow) => hop;

/** The hops between the router's WAN port and the internet, ordered outward; saved as one list. */
export function UplinkEditor({ machine, version, onSaved, onReload }: RouterSectionProps) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const [hops, setHops] = useState<HopRow[]>(machine.router.uplink.map(rowOf));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<Notice>(null);
  const save = useMutation(
    trpc.router.saveUplink.mutationOptions({
      onSuccess: async (saved) => {
        onSaved(saved.version);
        setNotice({ kind: "success", message: "Uplink chain saved." });
        await refresh();
      },
      onError: (error) => {
        const { fields, conflict, message } = readServerError(error);
        setErrors(fields);
        setNotice({ kind: conflict ? "conflict" : "error", message });
      },
    }),
  );
  const update = (index: number, patch: Partial<HopRow>) =>
    setHops((current) => current.map((hop, i) => (i === index ? { ...hop, ...patch } : hop)));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = chainInput.safeParse({
      hops: hops.map((hop) => ({
        ...withoutKey(hop),
        mtu: optionalNumber(hop.mtu) ?? 1500,
        downKbps: optionalNumber(hop.downKbps),
        upKbps: optionalNumber(hop.upKbps),
      })),
    });
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])),
      );
      setNotice({ kind: "error", message: "Fix the highlighted fields." });
      return;
    }
    setErrors({});
    save.mutate({ machineId: machine.id, version, hops: parsed.data.hops });
  }

  const minMtu = Math.min(1500, ...hops.map((hop) => optionalNumber(hop.mtu) ?? 1500));
  const nats = hops.filter((hop) => hop.nat).length;
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Uplink of ${machine.name}`}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="flex items-baseline justify-between">
        <h3 className="font-medium">Uplink chain (router WAN → internet)</h3>
        <p className="text-xs text-slate-500">
          {hops.length} hops · {nats} NAT{nats === 1 ? "" : "s"} above the router · narrowest MTU {minMtu}
        </p>
      </div>
      {hops.length === 0 && (
        <p className="text-sm text-slate-500">No hops: the router's WAN is on the internet.</p>
      )}
      <ol className="space-y-2">
        {hops.map((hop, index) => (
          <li
            key={hop.rowKey}
            className="flex flex-wrap items-start gap-2 rounded border border-slate-100 p-2"
            aria-label={`Hop ${index + 1}`}
          >
            <span className="mt-5 w-5 text-sm text-slate-500">{index + 1}.</span>
            <CellInput
              label="Name"
              width="w-36"
              value={hop.name}
              onChange={(name) => update(index, { name })}
              error={errors[`hops.${index}.name`]}
            />
            <CellInput
              label="Kind"
              width="w-40"
              options={hopKinds.map(option)}
              value={hop.kind}
              onChange={(kind) => update(index, { kind })}
            />
            <CellCheckbox label="NAT" checked={hop.nat} onChange={(nat) => update(index, { nat })} />
            <CellInput
              label="MTU"
              type="number"
              width="w-20"
              value={hop.mtu}
              onChange={(mtu) => update(index, { mtu })}
              error={errors[`hops.${index}.mtu`]}
            />
            <CellInput
              label="Encapsulation"
              options={encapsulations.map(option)}
              value={hop.encapsulation}
              onChange={(encapsulation) => update(index, { encapsulation })}
            />
            <CellInput
              label="Drops ICMP frag-needed"
              options={["unknown", "yes", "no"].map(option)}
              value={hop.dropsIcmpFragNeeded}
              onChange={(dropsIcmpFragNeeded) => update(index, { dropsIcmpFragNeeded })}
            />
            {hop.nat && (
              <CellInput
                label="NAT translates ICMP errors"
                options={["yes", "no", "unknown"].map(option)}
                value={hop.translatesIcmpErrors}
                onChange={(translatesIcmpErrors) =>
                  update(index, {
                    translatesIcmpErrors: translatesIcmpErrors as HopRow["translatesIcmpErrors"],
                  })
                }
              />
            )}
            <CellCheckbox
              label="Clamps MSS"
              checked={hop.clampsMss}
              onChange={(clampsMss) => update(index, { clampsMss })}
            />
            <CellInput
              label="Down kbit/s"
              type="number"
              width="w-24"
              value={hop.downKbps}
              onChange={(downKbps) => update(index, { downKbps })}
              error={errors[`hops.${index}.downKbps`]}
            />
            <CellInput
              label="Up kbit/s"
              type="number"
              width="w-24"
              value={hop.upKbps}
              onChange={(upKbps) => update(index, { upKbps })}
              error={errors[`hops.${index}.upKbps`]}
            />
            <RowControls
              index={index}
              count={hops.length}
              label={`hop ${hop.name || index + 1}`}
              onMove={(from, to) => setHops((current) => moved(current, from, to))}
              onRemove={(i) => setHops((current) => current.filter((_, j) => j !== i))}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() =>
          setHops((current) => [
            ...current,
            {
              rowKey: newRowKey(),
              name: "",
              kind: "home-router",
              nat: true,
              mtu: "1500",
              encapsulation: "none",
              dropsIcmpFragNeeded: "unknown",
              translatesIcmpErrors: "yes",
              clampsMss: false,
              downKbps: "",
              upKbps: "",
              portForwards: [],
            },
          ])
        }
        className="block text-sm font-medium text-sky-800 hover:underline"
      >
        + Add hop
      </button>
      <FormNotice notice={notice} onReload={onReload} />
      <SubmitButton pending={save.isPending}>Save uplink chain</SubmitButton>
    </form>
  );
}
