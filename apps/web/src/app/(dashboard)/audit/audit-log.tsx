"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { Button, SelectField, TextField } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

type ActorType = "user" | "token" | "agent" | "system";
interface Filters {
  actorType?: ActorType;
  actor?: string;
  entityType?: string;
  from?: string;
  to?: string;
}
const pageSize = 50;

export function AuditLog() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const events = useQuery({
    ...trpc.audit.list.queryOptions({
      ...filters,
      from: filters.from ? new Date(filters.from) : undefined,
      to: filters.to ? new Date(`${filters.to}T23:59:59.999`) : undefined,
      page,
      pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  const update = (patch: Filters) => {
    setFilters((current) => ({ ...current, ...patch }));
    setPage(1);
  };

  return (
    <div className="space-y-3">
      <fieldset className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-5">
        <legend className="sr-only">Filters</legend>
        <SelectField
          label="Actor type"
          name="actorType"
          value={filters.actorType ?? ""}
          onChange={(event) =>
            update({ actorType: (event.target.value || undefined) as ActorType | undefined })
          }
        >
          <option value="">any</option>
          <option value="user">user</option>
          <option value="token">API token</option>
          <option value="agent">agent</option>
          <option value="system">system</option>
        </SelectField>
        <TextField
          label="Actor"
          name="actor"
          placeholder="name, email, token"
          value={filters.actor ?? ""}
          onChange={(event) => update({ actor: event.target.value || undefined })}
        />
        <TextField
          label="Entity"
          name="entityType"
          placeholder="e.g. lease, member"
          value={filters.entityType ?? ""}
          onChange={(event) => update({ entityType: event.target.value || undefined })}
        />
        <TextField
          label="From"
          name="from"
          type="date"
          value={filters.from ?? ""}
          onChange={(event) => update({ from: event.target.value || undefined })}
        />
        <TextField
          label="To"
          name="to"
          type="date"
          value={filters.to ?? ""}
          onChange={(event) => update({ to: event.target.value || undefined })}
        />
      </fieldset>
      {events.isPending ? (
        <LoadingRows label="Loading the audit log…" />
      ) : events.isError ? (
        <ErrorNotice title="Could not load the audit log" message={events.error.message} />
      ) : events.data.total === 0 ? (
        <EmptyState title="No events match">
          Changes made by people, tokens and agents appear here as they happen.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Time</th>
                <th className="px-3 py-2">Actor</th>
                <th className="px-3 py-2">Action</th>
                <th className="px-3 py-2">Entity</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.data.items.map((event) => (
                <Fragment key={event.id}>
                  <tr>
                    <td className="whitespace-nowrap px-3 py-1.5 text-slate-600">
                      {new Date(event.createdAt).toLocaleString()}
                    </td>
                    <td className="px-3 py-1.5">
                      {event.actorLabel} <span className="text-xs text-slate-500">({event.actorType})</span>
                    </td>
                    <td className="px-3 py-1.5 font-mono text-xs">{event.action}</td>
                    <td className="px-3 py-1.5">
                      {event.entityType}{" "}
                      <span className="font-mono text-xs text-slate-500">{event.entityId.slice(0, 12)}</span>
                    </td>
                    <td className="px-3 py-1.5">
                      <Button
                        variant="secondary"
                        aria-expanded={open === event.id}
                        onClick={() => setOpen(open === event.id ? null : event.id)}
                      >
                        {open === event.id ? "Hide" : "Details"}
                      </Button>
                    </td>
                  </tr>
                  {open === event.id && (
                    <tr>
                      <td colSpan={5} className="bg-slate-50 px-3 py-2">
                        <div className="grid gap-2 md:grid-cols-2">
                          <JsonBlock title="Before" value={event.before} />
                          <JsonBlock title="After" value={event.after} />
                        </div>
                        {event.requestId && (
                          <p className="mt-1 text-xs text-slate-500">request {event.requestId}</p>
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        pageSize={pageSize}
        total={events.data?.total ?? 0}
        noun="events"
        onPage={setPage}
      />
    </div>
  );
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <p className="text-xs font-medium uppercase text-slate-500">{title}</p>
      <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs">
        {value === null || value === undefined ? "—" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}
