"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { RouterOutputs } from "~/components/forms/types";
import { readServerError } from "~/components/forms/use-form";
import { useRefreshAll } from "~/components/forms/use-saved";
import { useTRPC } from "~/trpc/client";
import type { SiteChoice } from "./lease-form";

type Preview = RouterOutputs["lease"]["bulkPreview"];

/** Paste `MAC IP hostname` lines, preview what each would do, then apply all in one transaction. */
export function BulkAdd({ sites, onApplied }: { sites: SiteChoice[]; onApplied: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAll();
  const ids = useId();
  const [siteId, setSiteId] = useState(sites[0]?.id ?? "");
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const check = useMutation(
    trpc.lease.bulkPreview.mutationOptions({
      onSuccess: (result) => {
        setPreview(result);
        setProblem(null);
      },
      onError: (error) => setProblem(readServerError(error).message),
    }),
  );
  const apply = useMutation(
    trpc.lease.bulkApply.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onApplied();
      },
      onError: (error) => {
        // Someone added a conflicting lease since the preview: show the fresh preview.
        setProblem(`Nothing was added: ${readServerError(error).message}`);
        check.mutate({ siteId, text });
      },
    }),
  );
  const stale = preview !== null && preview.site.id !== siteId;
  const creatable = preview?.rows.filter((row) => row.status === "create") ?? [];

  return (
    <div className="space-y-3 text-sm">
      <div>
        <label htmlFor={`${ids}-site`} className="font-medium text-slate-700">
          Site
        </label>
        <select
          id={`${ids}-site`}
          value={siteId}
          onChange={(event) => {
            setSiteId(event.target.value);
            setPreview(null);
          }}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5"
        >
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.label}
            </option>
          ))}
        </select>
      </div>
      <label className="block">
        <span className="font-medium text-slate-700">Lines: MAC IP hostname</span>
        <textarea
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setPreview(null);
          }}
          rows={8}
          placeholder={
            "# one lease per line; any MAC notation\n00-15-5D-0A-0A-30 192.168.10.30 build-1\n0015.5d0a.0a31 192.168.10.31 build-2"
          }
          className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs"
        />
      </label>
      <div className="flex gap-2">
        <button
          type="button"
          onClick={() => check.mutate({ siteId, text })}
          disabled={check.isPending || text.trim() === ""}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50 disabled:opacity-50"
        >
          {check.isPending ? "Checking…" : "Preview"}
        </button>
        <button
          type="button"
          onClick={() =>
            apply.mutate({
              siteId,
              lines: creatable.map((row) => ({ mac: row.mac!, ip: row.ip!, hostname: row.hostname! })),
            })
          }
          disabled={!preview || stale || preview.errors > 0 || creatable.length === 0 || apply.isPending}
          className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {apply.isPending ? "Applying…" : `Apply ${creatable.length} leases`}
        </button>
      </div>
      {problem && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
          {problem}
        </p>
      )}
      {preview && !stale && (
        <div className="space-y-2">
          <p role="status">
            {preview.creates} would be created, {preview.errors}{" "}
            {preview.errors === 1 ? "line has" : "lines have"} problems
            {preview.errors > 0 &&
              ": fix them (or delete the lines), then preview again. Nothing is added until every line is fine."}
          </p>
          <table className="min-w-full text-left text-xs" aria-label="Preview">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th className="px-2 py-1">Line</th>
                <th className="px-2 py-1">MAC</th>
                <th className="px-2 py-1">IP</th>
                <th className="px-2 py-1">Hostname</th>
                <th className="px-2 py-1">Result</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.rows.map((row) => (
                <tr key={row.line} className={row.status === "error" ? "bg-red-50" : ""}>
                  <td className="px-2 py-1 tabular-nums">{row.line}</td>
                  <td className="px-2 py-1 font-mono">{row.mac ?? "—"}</td>
                  <td className="px-2 py-1">{row.ip ?? "—"}</td>
                  <td className="px-2 py-1">{row.hostname ?? "—"}</td>
                  <td className="px-2 py-1">
                    {row.status === "create" ? (
                      <span className="text-emerald-700">would create</span>
                    ) : (
                      <span className="text-red-800">{Object.values(row.problems).join("; ")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
