"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FindingsList } from "~/components/insight/findings-list";
import { Pagination } from "~/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

const pageSize = 20;
type Severity = "error" | "warning" | "info";

export function FindingsPanel() {
  const trpc = useTRPC();
  const [severity, setSeverity] = useState<Severity | "">("");
  const [ruleId, setRuleId] = useState("");
  const [siteId, setSiteId] = useState("");
  const [page, setPage] = useState(1);
  const findings = useQuery({
    ...trpc.insight.findings.queryOptions({
      ...(severity ? { severity } : {}),
      ...(ruleId ? { ruleId } : {}),
      ...(siteId ? { siteId } : {}),
      page,
      pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  const filtered = Boolean(severity || ruleId || siteId);
  const select = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  const facets = findings.data?.facets;
  return (
    <section aria-label="Findings" className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="text-sm font-medium">
          Severity
          <select
            className={select}
            value={severity}
            onChange={(event) => {
              setSeverity(event.target.value as Severity | "");
              setPage(1);
            }}
          >
            <option value="">All severities</option>
            {facets?.severities.map((facet) => (
              <option key={facet.severity} value={facet.severity}>
                {facet.severity} ({facet.count})
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Rule
          <select
            className={select}
            value={ruleId}
            onChange={(event) => {
              setRuleId(event.target.value);
              setPage(1);
            }}
          >
            <option value="">All rules</option>
            {facets?.rules.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.title} ({rule.count})
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Site
          <select
            className={select}
            value={siteId}
            onChange={(event) => {
              setSiteId(event.target.value);
              setPage(1);
            }}
          >
            <option value="">All sites</option>
            {facets?.sites.map((site) => (
              <option key={site.id} value={site.id}>
                {site.tincName} ({site.count})
              </option>
            ))}
          </select>
        </label>
      </div>
      {findings.isPending ? (
        <LoadingRows label="Simulating and collecting findings…" />
      ) : findings.isError ? (
        <ErrorNotice title="Could not load the findings" message={findings.error.message} />
      ) : findings.data.total === 0 ? (
        <EmptyState title={filtered ? "No finding matches these filters" : "No findings"}>
          {filtered
            ? "Clear a filter to see more."
            : "The simulation found nothing to fix. Findings appear here when the inventory changes."}
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600" aria-live="polite">
            {findings.data.total} finding{findings.data.total === 1 ? "" : "s"}
            {filtered ? " match" : ""}
          </p>
          <FindingsList findings={findings.data.items} />
        </>
      )}
      <Pagination
        page={page}
        pageSize={pageSize}
        total={findings.data?.total ?? 0}
        noun="findings"
        onPage={setPage}
      />
    </section>
  );
}
