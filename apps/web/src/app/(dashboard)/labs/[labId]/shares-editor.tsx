"use client";

import { sambaShareSchema, smbVersions } from "@labnet/model";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { FormNotice, SubmitButton } from "~/components/forms/fields";
import { CellCheckbox, CellInput, newRowKey, RowControls } from "~/components/forms/list-editor";
import { type FieldErrors, type Notice, optionalNumber, readServerError } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { useTRPC } from "~/trpc/client";
import type { RouterMachine, RouterSectionProps } from "./router-tab";

const sharesInput = z.object({ shares: z.array(sambaShareSchema.omit({ id: true })) });
type Share = RouterMachine["router"]["shares"][number];

interface ShareRow {
  rowKey: string;
  name: string;
  remoteUnc: string;
  mountPoint: string;
  smbVersion: string;
  wsize: string;
  soRcvbuf: string;
  users: string;
  servedInterfaces: string;
  credentialsFile: string;
  mountOptions: string;
  guestOk: boolean;
  readOnly: boolean;
}

function rowOf(share: Share): ShareRow {
  return {
    rowKey: share.id,
    name: share.name,
    remoteUnc: share.remoteUnc,
    mountPoint: share.mountPoint,
    smbVersion: share.smbVersion,
    credentialsFile: share.credentialsFile,
    mountOptions: share.mountOptions,
    guestOk: share.guestOk,
    readOnly: share.readOnly,
    wsize: String(share.wsize),
    soRcvbuf: String(share.soRcvbuf),
    users: share.users.join(" "),
    servedInterfaces: share.servedInterfaces.join(" "),
  };
}

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** Samba passthrough: shares served on the router, backed by intranet shares mounted over CIFS. */
export function SharesEditor({ machine, version, onSaved, onReload }: RouterSectionProps) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const [shares, setShares] = useState<ShareRow[]>(machine.router.shares.map(rowOf));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<Notice>(null);
  const save = useMutation(
    trpc.router.saveShares.mutationOptions({
      onSuccess: async (saved) => {
        onSaved(saved.version);
        setNotice({ kind: "success", message: "Shares saved." });
        await refresh();
      },
      onError: (error) => {
        const { fields, conflict, message } = readServerError(error);
        setErrors(fields);
        setNotice({ kind: conflict ? "conflict" : "error", message });
      },
    }),
  );
  const update = (index: number, patch: Partial<ShareRow>) =>
    setShares((current) => current.map((share, i) => (i === index ? { ...share, ...patch } : share)));
  const error = (index: number, field: string) =>
    errors[`shares.${index}.${field}`] ?? errors[`shares.${index}.${field}.0`];

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = sharesInput.safeParse({
      shares: shares.map(({ rowKey: _rowKey, ...share }) => ({
        ...share,
        wsize: optionalNumber(share.wsize) ?? 16384,
        soRcvbuf: optionalNumber(share.soRcvbuf) ?? 4096,
        users: words(share.users),
        servedInterfaces: words(share.servedInterfaces),
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
    save.mutate({ machineId: machine.id, version, shares: parsed.data.shares });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Shares of ${machine.name}`}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h3 className="font-medium">Samba passthrough shares</h3>
      {shares.length === 0 && <p className="text-sm text-slate-500">No shares.</p>}
      {shares.map((share, index) => (
        <div
          key={share.rowKey}
          className="flex flex-wrap items-start gap-2 rounded border border-slate-100 p-2"
        >
          <CellInput
            label="Share name"
            value={share.name}
            onChange={(name) => update(index, { name })}
            error={error(index, "name")}
          />
          <CellInput
            label="Remote (//host/share)"
            width="w-48"
            value={share.remoteUnc}
            onChange={(remoteUnc) => update(index, { remoteUnc })}
            error={error(index, "remoteUnc")}
          />
          <CellInput
            label="Mount point"
            width="w-44"
            value={share.mountPoint}
            onChange={(mountPoint) => update(index, { mountPoint })}
            error={error(index, "mountPoint")}
          />
          <CellInput
            label="SMB"
            width="w-20"
            options={smbVersions.map((value) => ({ value, label: value }))}
            value={share.smbVersion}
            onChange={(smbVersion) => update(index, { smbVersion })}
          />
          <CellInput
            label="wsize"
            type="number"
            width="w-24"
            value={share.wsize}
            onChange={(wsize) => update(index, { wsize })}
            error={error(index, "wsize")}
          />
          <CellInput
            label="SO_RCVBUF"
            type="number"
            width="w-24"
            value={share.soRcvbuf}
            onChange={(soRcvbuf) => update(index, { soRcvbuf })}
            error={error(index, "soRcvbuf")}
          />
          <CellInput
            label="Users"
            value={share.users}
            onChange={(users) => update(index, { users })}
            error={error(index, "users")}
          />
          <CellInput
            label="Served on"
            value={share.servedInterfaces}
            onChange={(servedInterfaces) => update(index, { servedInterfaces })}
            error={error(index, "servedInterfaces")}
          />
          <CellInput
            label="Credentials file"
            width="w-56"
            value={share.credentialsFile}
            onChange={(credentialsFile) => update(index, { credentialsFile })}
            error={error(index, "credentialsFile")}
          />
          <CellInput
            label="Extra mount options"
            width="w-48"
            value={share.mountOptions}
            onChange={(mountOptions) => update(index, { mountOptions })}
            error={error(index, "mountOptions")}
          />
          <CellCheckbox
            label="Guest"
            checked={share.guestOk}
            onChange={(guestOk) => update(index, { guestOk })}
          />
          <CellCheckbox
            label="Read-only"
            checked={share.readOnly}
            onChange={(readOnly) => update(index, { readOnly })}
          />
          <RowControls
            index={index}
            count={shares.length}
            label={`share ${share.name || index + 1}`}
            onRemove={(i) => setShares((current) => current.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <p className="text-xs text-slate-500">
        Keep wsize a multiple of SO_RCVBUF and both small: large buffers stall uploads to a slow remote disk.
      </p>
      <button
        type="button"
        onClick={() =>
          setShares((current) => [
            ...current,
            {
              rowKey: newRowKey(),
              name: "",
              remoteUnc: "//",
              mountPoint: `/mnt/remote_resource_${current.length + 1}`,
              smbVersion: "2.0",
              wsize: "16384",
              soRcvbuf: "4096",
              users: "",
              servedInterfaces: "wan loopback",
              credentialsFile: "/etc/samba/credentials/",
              mountOptions: "",
              guestOk: false,
              readOnly: false,
            },
          ])
        }
        className="block text-sm font-medium text-sky-800 hover:underline"
      >
        + Add share
      </button>
      <FormNotice notice={notice} onReload={onReload} />
      <SubmitButton pending={save.isPending}>Save shares</SubmitButton>
    </form>
  );
}
