"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { PathLadder } from "~/components/insight/path-ladder";
import type { MatrixView } from "~/components/insight/types";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

export function PathExplorer() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  // The matrix payload already lists every endpoint by site: the pickers reuse it (and its cache).
  const endpoints = useQuery(trpc.insight.matrix.queryOptions());
  const path = useQuery({
    ...trpc.insight.path.queryOptions({ from, to }),
    enabled: from !== "" && to !== "",
  });

  function choose(next: { from?: string; to?: string }) {
    // Read the live URL, not the render's params: two quick picks must not undo each other.
    const query = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(next)) {
      if (value) query.set(key, value);
      else query.delete(key);
    }
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
