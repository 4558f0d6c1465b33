"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { PathLadder } from "~/components/insight/path-ladder";
import type { MatrixView } from "~/components/insight/types";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

export function PathExplorer() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // The pick lives in the URL (shareable links), but the URL updates in a transition: two quick
  // picks read the latest pick from here, not from a URL that may not have caught up yet.
  const urlFrom = params.get("from") ?? "";
  const urlTo = params.get("to") ?? "";
  const [selection, setSelection] = useState({ from: urlFrom, to: urlTo });
  const latest = useRef(selection);
  /** URLs this component asked for: their arrival (possibly late, in order) is not a change from outside. */
  const requested = useRef(new Set<string>());
  useEffect(() => {
    const key = `${urlFrom}\n${urlTo}`;
    if (requested.current.delete(key)) return;
    // Back/forward or a pasted link changed the URL: follow it.
    if (latest.current.from !== urlFrom || latest.current.to !== urlTo) {
      latest.current = { from: urlFrom, to: urlTo };
      setSelection(latest.current);
    }
  }, [urlFrom, urlTo]);
  const { from, to } = selection;
  // The matrix payload already lists every endpoint by site: the pickers reuse it (and its cache).
  const endpoints = useQuery(trpc.insight.matrix.queryOptions());
  const path = useQuery({
    ...trpc.insight.path.queryOptions({ from, to }),
    enabled: from !== "" && to !== "",
  });

  function choose(next: { from?: string; to?: string }) {
    const merged = { ...latest.current, ...next };
    latest.current = merged;
    setSelection(merged);
    requested.current.add(`${merged.from}\n${merged.to}`);
    const query = new URLSearchParams();
    if (merged.from) query.set("from", merged.from);
    if (merged.to) query.set("to", merged.to);
    router.replace(`${pathname}?${query.toString()}`, { scroll: false });
  }

  if (endpoints.isPending) return <LoadingRows label="Loading endpoints…" />;
  if (endpoints.isError)
    return <ErrorNotice title="Could not load the endpoints" message={endpoints.error.message} />;
  const fields = path.error?.data?.fields ?? {};
  return (
    <div className="grid gap-4 lg:grid-cols-[340px_minmax(0,1fr)]">
      <form
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm"
        onSubmit={(event) => event.preventDefault()}
      >
        <EndpointPicker
          label="From"
          value={from}
          groups={endpoints.data.groups}
          onChange={(value) => choose({ from: value })}
          error={fields.from}
        />
        <EndpointPicker
          label="To"
          value={to}
          groups={endpoints.data.groups}
          onChange={(value) => choose({ to: value })}
          error={fields.to}
        />
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="rounded border px-2 py-1"
            onClick={() => choose({ to: "internet" })}
          >
            To the internet
          </button>
          <button
            type="button"
            className="rounded border px-2 py-1"
            disabled={!from || !to}
            onClick={() => choose({ from: to, to: from })}
          >
            Swap
          </button>
        </div>
        <p className="text-xs text-slate-500">
          The ladder shows every hop a packet crosses, its MTU, encapsulation overhead, NAT, what it does with
          ICMP frag-needed and where TCP is clamped.
        </p>
      </form>
      <div className="min-w-0">
        {from === "" || to === "" ? (
          <EmptyState title="Pick two endpoints">
            Choose where packets start and where they go (or the internet).
          </EmptyState>
        ) : path.isPending ? (
          <LoadingRows label="Tracing the path…" />
        ) : path.isError ? (
          <ErrorNotice title="Could not trace this path" message={path.error.message} />
        ) : (
          <PathLadder path={path.data} />
        )}
      </div>
    </div>
  );
}

function EndpointPicker({
  label,
  value,
  groups,
  onChange,
  error,
}: {
  label: string;
  value: string;
  groups: MatrixView["groups"];
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const id = `endpoint-${label.toLowerCase()}`;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5"
      >
        <option value="">Choose an endpoint…</option>
        {groups.map((group) => (
          <optgroup key={group.id} label={`${group.label}${group.detail ? ` (${group.detail})` : ""}`}>
            {group.endpoints.map((endpoint) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.name}
                {endpoint.ip ? ` — ${endpoint.ip}` : ""}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
