"use client";
// "What will this change do to my network?": the simulated impact first (what a reviewer decides
// on), the blocking findings with their acknowledgements, then every machine's file diffs.
import { severityStyle } from "~/components/insight/grades";
import { FileDiffView } from "./file-diff";
import type { MachineDiff, PlanPreview, PreviewFinding } from "./types";

export interface Acknowledging {
  checked: ReadonlySet<string>;
  onToggle: (key: string, checked: boolean) => void;
  disabled?: boolean;
}

export function PlanPreviewView({
  preview,
  acknowledging,
}: {
  preview: PlanPreview;
  acknowledging?: Acknowledging;
}) {
  const files = preview.machines.reduce(
    (sum, machine) => sum + machine.files.length + (machine.omitted?.files ?? 0),
    0,
  );
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        {preview.machines.length} machine{preview.machines.length === 1 ? " changes" : "s change"} ({files}{" "}
        file
        {files === 1 ? "" : "s"}), {preview.unchangedMachines} unchanged ·{" "}
        {preview.blocking.length === 0
          ? "no blocking findings"
          : `${preview.blocking.length} blocking finding${preview.blocking.length === 1 ? "" : "s"}`}
      </p>
      {preview.blocking.length > 0 && (
        <BlockingFindings findings={preview.blocking} acknowledging={acknowledging} />
      )}
      <Impact preview={preview} />
      <section aria-label="File changes" className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-900">File changes per machine</h3>
        {preview.machines.length === 0 ? (
          <p className="text-sm text-slate-600">No machine's files change.</p>
        ) : (
          preview.machines.map((machine) => <MachineFiles key={machine.machineId} machine={machine} />)
        )}
      </section>
    </div>
  );
}

function BlockingFindings({
  findings,
  acknowledging,
}: {
  findings: PreviewFinding[];
  acknowledging?: Acknowledging;
}) {
  return (
    <section aria-label="Blocking findings" className="rounded-lg border border-red-300 bg-red-50 p-3">
      <h3 className="text-sm font-semibold text-red-900">
        Blocking findings — each must be acknowledged by name to publish
      </h3>
      <ul className="mt-2 space-y-3">
        {findings.map((finding) => (
          <li key={finding.key} className="text-sm">
            <FindingText finding={finding} />
            {acknowledging && (
              <label className="mt-1 flex items-center gap-2 font-medium text-red-900">
                <input
                  type="checkbox"
                  checked={acknowledging.checked.has(finding.key)}
                  disabled={acknowledging.disabled}
                  onChange={(event) => acknowledging.onToggle(finding.key, event.target.checked)}
                />
                I understand: {finding.title}
              </label>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function FindingText({ finding }: { finding: PreviewFinding }) {
  const style = severityStyle[finding.severity];
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ${style.badge}`}>
          {style.label}
        </span>
        <span className="font-medium text-slate-900">{finding.title}</span>
        <span className="text-xs text-slate-600">
          {finding.objects.map((object) => object.name).join(", ")}
        </span>
      </div>
      <p className="mt-0.5 text-slate-700">{finding.explanation}</p>
      <p className="mt-0.5 text-slate-700">
        <span className="font-medium">Fix: </span>
        {finding.fix}
      </p>
    </div>
  );
}

function Impact({ preview }: { preview: PlanPreview }) {
  const { impact } = preview;
  const mtu = (value: { pathMtu: number | null; tcp?: string } | null) =>
    value ? `${value.pathMtu ?? "unreachable"}${value.tcp ? ` (TCP ${value.tcp})` : ""}` : "—";
  return (
    <section
      aria-label="Simulated impact"
      className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
    >
      <h3 className="font-semibold text-slate-900">Simulated impact</h3>
      <dl className="mt-2 grid gap-x-4 gap-y-2 break-words md:grid-cols-[12rem_minmax(0,1fr)]">
        <dt className="font-medium text-slate-700">Reachability</dt>
        <dd>
          {impact.reachability.gained.length === 0 && impact.reachability.lost.length === 0 ? (
            <span className="text-slate-600">unchanged: every segment reaches what it reached before</span>
          ) : (
            <ul className="space-y-1">
              {impact.reachability.lost.map((pair) => (
                <li key={`lost-${pair.fromId}-${pair.toId}`} className="text-red-800">
                  <span className="font-semibold">lost</span> {pair.from} ↔ {pair.to}
                  {pair.reason && <span className="text-slate-700"> — {pair.reason}</span>}
                </li>
              ))}
              {impact.reachability.gained.map((pair) => (
                <li key={`gained-${pair.fromId}-${pair.toId}`} className="text-emerald-800">
                  <span className="font-semibold">gained</span> {pair.from} ↔ {pair.to}
                </li>
              ))}
              {impact.reachability.lostTotal > impact.reachability.lost.length && (
                <li className="text-red-800">
                  … and {impact.reachability.lostTotal - impact.reachability.lost.length} more segment pairs
                  lost
                </li>
              )}
              {impact.reachability.gainedTotal > impact.reachability.gained.length && (
                <li className="text-emerald-800">
                  … and {impact.reachability.gainedTotal - impact.reachability.gained.length} more segment
                  pairs gained
                </li>
              )}
            </ul>
          )}
        </dd>
        <dt className="font-medium text-slate-700">Path MTU</dt>
        <dd>
          {impact.paths.length === 0 ? (
            <span className="text-slate-600">unchanged</span>
          ) : (
            <ul className="space-y-1">
              {impact.paths.map((path) => (
                <li key={`${path.scope}-${path.id}`}>
                  {path.scope === "internet" ? "to the internet from" : "tunnels of"} {path.name}:{" "}
                  {mtu(path.before)} → {mtu(path.after)}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt className="font-medium text-slate-700">Addresses</dt>
        <dd>
          {impact.addresses.length === 0 ? (
            <span className="text-slate-600">no address changes</span>
          ) : (
            <ul className="space-y-1">
              {impact.addresses.map((address) => (
                <li key={address.endpointId}>
                  {address.name}: <code>{address.before ?? "none"}</code> →{" "}
                  <code>{address.after ?? "none"}</code>{" "}
                  <span className="text-slate-500">({address.source.replace("-", " ")})</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        {(impact.endpoints.added.length > 0 || impact.endpoints.removed.length > 0) && (
          <>
            <dt className="font-medium text-slate-700">Endpoints</dt>
            <dd>
              {impact.endpoints.added.length > 0 && <p>added: {impact.endpoints.added.join(", ")}</p>}
              {impact.endpoints.removed.length > 0 && <p>removed: {impact.endpoints.removed.join(", ")}</p>}
            </dd>
          </>
        )}
        {impact.services.length > 0 && (
          <>
            <dt className="font-medium text-slate-700">Published services</dt>
            <dd>
              <ul className="space-y-1">
                {impact.services.map((service) => (
                  <li key={service.id}>
                    {service.name}: from the internet {service.before?.fromInternet ? "reachable" : "closed"}{" "}
                    → {service.after?.fromInternet ? "reachable" : "closed"}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt className="font-medium text-slate-700">Findings</dt>
        <dd>
          {impact.findings.added.length === 0 && impact.findings.resolved.length === 0 ? (
            <span className="text-slate-600">no findings added or resolved</span>
          ) : (
            <ul className="space-y-2">
              {impact.findings.added.map((finding) => (
                <li key={`added-${finding.key}`}>
                  <span className="text-xs font-semibold text-red-800">ADDED</span>{" "}
                  <FindingText finding={finding} />
                </li>
              ))}
              {impact.findings.resolved.map((finding) => (
                <li key={`resolved-${finding.key}`}>
                  <span className="text-xs font-semibold text-emerald-800">RESOLVED</span>{" "}
                  <span className="font-medium">{finding.title}</span>{" "}
                  <span className="text-xs text-slate-600">
                    {finding.objects.map((o) => o.name).join(", ")}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}

function MachineFiles({ machine }: { machine: MachineDiff }) {
  const additions = machine.files.reduce(
    (sum, file) => sum + file.additions,
    machine.omitted?.additions ?? 0,
  );
  const deletions = machine.files.reduce(
    (sum, file) => sum + file.deletions,
    machine.omitted?.deletions ?? 0,
  );
  const fileCount = machine.files.length + (machine.omitted?.files ?? 0);
  return (
    <details className="rounded-lg border border-slate-200 bg-white" open={machine.files.length <= 3}>
      <summary className="cursor-pointer px-3 py-2 text-sm">
        <span className="font-semibold">{machine.machineName}</span>{" "}
        <span className="text-slate-500">
          {machine.kind} · {machine.change} · {fileCount} file{fileCount === 1 ? "" : "s"}
        </span>{" "}
        <span className="text-emerald-700">+{additions}</span>{" "}
        <span className="text-red-700">−{deletions}</span>
      </summary>
      <div className="space-y-2 border-t border-slate-100 p-3">
        {machine.warnings.map((warning) => (
          <p key={warning} className="text-xs text-amber-800">
            ⚠ {warning}
          </p>
        ))}
        {machine.files.map((file) => (
          <FileDiffView key={file.path} file={file} />
        ))}
        {machine.omitted && (
          <p className="text-xs text-slate-600">
            {machine.omitted.files} more changed files (+{machine.omitted.additions} −
            {machine.omitted.deletions}) are not listed to keep the preview small; after publishing, compare
            the machine's revisions to read them all.
          </p>
        )}
        {machine.reloadCommands.length > 0 && (
          <p className="text-xs text-slate-600">
            Then the agent runs: <code>{machine.reloadCommands.join(" ; ")}</code>
          </p>
        )}
      </div>
    </details>
  );
}
