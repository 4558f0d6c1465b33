"use client";

// The whole network as one file: "Export model" downloads the NetworkModel JSON the command-line
// tools read; "Import model" checks a file (field errors and collisions, each by JSON path) and
// then adds it to the team in one transaction.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "~/components/forms/dialog";
import { SecondaryButton } from "~/components/forms/fields";
import { readServerError } from "~/components/forms/use-form";
import { useTRPC } from "~/trpc/client";

const secondary =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60";

export function ExportModelButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ pending: boolean; error: string | null }>({
    pending: false,
    error: null,
  });
  async function download() {
    setState({ pending: true, error: null });
    try {
      const model = await queryClient.fetchQuery({ ...trpc.model.export.queryOptions(), staleTime: 0 });
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(model, null, 2)], { type: "application/json" }),
      );
      const link = document.createElement("a");
      link.href = url;
      link.download = "labnet-model.json";
      link.click();
      URL.revokeObjectURL(url);
      setState({ pending: false, error: null });
    } catch (failure) {
      setState({ pending: false, error: `Export failed: ${readServerError(failure).message}` });
    }
  }
  return (
    <span className="flex items-center gap-2">
      <button type="button" onClick={download} disabled={state.pending} className={secondary}>
        {state.pending ? "Exporting…" : "Export model"}
      </button>
      {state.error && (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      )}
    </span>
  );
}

interface Problem {
  path: (string | number)[];
  message: string;
}

const countLabels = ["labs", "machines", "vswitches", "nics", "intranets", "sites", "leases"] as const;

export function ImportModelButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; source: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const check = useMutation(trpc.model.check.mutationOptions());
  const importing = useMutation(
    trpc.model.import.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );

  function reset() {
    setFile(null);
    setReadError(null);
    check.reset();
    importing.reset();
  }

  async function pick(picked: File | undefined) {
    reset();
    if (!picked) return;
    try {
      const source = await picked.text();
      setFile({ name: picked.name, source });
      check.mutate({ source });
    } catch {
      setReadError(`Could not read ${picked.name}: pick the file again.`);
    }
  }

  const problems: Problem[] = check.data?.problems ?? [];
  const importError = importing.error ? readServerError(importing.error) : null;
  const ready = file && check.data && problems.length === 0 && !importing.isSuccess;

  return (
    <>
      <button
        type="button"
        onClick={() => {
          reset();
          setOpen(true);
        }}
        className={secondary}
      >
        Import model
      </button>
      <Dialog open={open} title="Import model" onClose={() => setOpen(false)} wide>
        <div className="space-y-3 text-sm">
          <p className="text-slate-600">
            A network model JSON file (as <em>Export model</em> or the labnet command-line tools write it).
            Its labs, intranets and leases are added to your team; nothing is changed or replaced. Admins
            only.
          </p>
          <label className="block">
            <span className="font-medium">Model file</span>
            <input
              type="file"
              accept=".json,application/json"
              onChange={(event) => pick(event.target.files?.[0])}
              className="mt-1 block w-full text-sm"
            />
          </label>
          {readError && (
            <p role="alert" className="text-red-700">
              {readError}
            </p>
          )}
          {check.isPending && <p role="status">Checking {file?.name}…</p>}
          {check.error && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
              Could not check the file: {readServerError(check.error).message}
            </p>
          )}
          {check.data && (
            <dl
              aria-label="File contents"
              className="grid grid-cols-7 gap-2 rounded-md bg-slate-50 p-2 text-center"
            >
              {countLabels.map((key) => (
                <div key={key}>
                  <dt className="text-xs text-slate-500">{key}</dt>
                  <dd className="font-semibold tabular-nums">{check.data.counts[key]}</dd>
                </div>
              ))}
            </dl>
          )}
          {problems.length > 0 && (
            <div role="alert">
              <p className="font-medium text-red-800">
                {problems.length} problem{problems.length === 1 ? "" : "s"}: fix the file (or rename what
                collides in your team) and pick it again.
              </p>
              <ul aria-label="Problems" className="mt-1 max-h-64 list-disc overflow-y-auto pl-5 text-red-800">
                {problems.map((problem) => {
                  const path = problem.path.join(".");
                  return (
                    <li key={`${path}:${problem.message}`}>
                      {path && <code>{`${path}: `}</code>}
                      {problem.message}
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
          {importError && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
              Import failed: {importError.message}
            </p>
          )}
          {importing.isSuccess && (
            <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-green-800">
              Imported {importing.data.counts.labs} labs, {importing.data.counts.sites} sites and{" "}
              {importing.data.counts.leases} leases.
            </p>
          )}
          <div className="flex justify-end gap-2">
            <SecondaryButton onClick={() => setOpen(false)}>
              {importing.isSuccess ? "Close" : "Cancel"}
            </SecondaryButton>
            <button
              type="button"
              disabled={!ready || importing.isPending}
              onClick={() => file && importing.mutate({ source: file.source })}
              className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
            >
              {importing.isPending ? "Importing…" : "Import"}
            </button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
