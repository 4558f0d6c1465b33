"use client";
// Per machine: pending → applied / failed / rolled back, with the agent's log. Polls every 2 s
// while anything is pending (the server also releases a staged rollout's rest on these polls).
import { useQuery } from "@tanstack/react-query";
import { ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";
import { StatusBadge } from "./status-badge";
import type { PlanRollout } from "./types";

const pollMs = 2000;

export function RolloutView({ planId }: { planId: string }) {
  const trpc = useTRPC();
  const rollout = useQuery({
    ...trpc.plan.rollout.queryOptions({ id: planId }),
    refetchInterval: (query) => (query.state.data?.settled ? false : pollMs),
  });
  if (rollout.isPending) return <LoadingRows label="Loading the rollout…" />;
  if (rollout.isError) {
    return <ErrorNotice title="Could not load the rollout" message={rollout.error.message} />;
  }
  const { machines, counts, settled, plan } = rollout.data;
  return (
    <section aria-label="Rollout" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm" role="status" aria-live="polite">
        {settled ? (
          <span className="font-medium text-slate-900">Settled.</span>
        ) : (
          <span className="flex items-center gap-2 text-slate-700">
            <span className="h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-slate-600" />
            Waiting for agents — updates every 2 s.
          </span>
        )}
        <Counts counts={counts} />
      </div>
      {plan.staged && (
        <p className="text-sm text-slate-700">
          Staged rollout:{" "}
          {plan.releaseCancelled
            ? `the rest was not sent (${plan.releaseCancelled}).`
            : plan.releasedAt
              ? `the canary applied; the rest was sent at ${new Date(plan.releasedAt).toLocaleTimeString()}.`
              : "the canary goes first; the rest follows when it reports applied."}
        </p>
      )}
      {machines.length === 0 ? (
        <p className="text-sm text-slate-600">
          No machine needed a new revision: their files already matched this plan's network.
        </p>
      ) : (
        <ul className="space-y-2">
          {machines.map((machine) => (
            <MachineRow key={machine.machineId} machine={machine} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Counts({ counts }: { counts: PlanRollout["counts"] }) {
  const shown = Object.entries(counts).filter(([, count]) => count > 0);
  return (
    <span className="flex flex-wrap gap-2">
      {shown.map(([status, count]) => (
        <span key={status} className="flex items-center gap-1">
          <StatusBadge status={status} /> {count}
        </span>
      ))}
    </span>
  );
}

function MachineRow({ machine }: { machine: PlanRollout["machines"][number] }) {
  const showLog = machine.report && machine.report.log.length > 0;
  return (
    <li
      className="rounded-lg border border-slate-200 bg-white p-3 text-sm"
      aria-label={`${machine.machineName} ${machine.status.replace("_", " ")}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold">{machine.machineName}</span>
        {machine.canary && (
          <span className="rounded bg-violet-100 px-1.5 text-xs text-violet-900">canary</span>
        )}
        <StatusBadge status={machine.status} />
        {machine.revision !== null && (
          <span className="text-xs text-slate-500">revision {machine.revision}</span>
        )}
        {machine.agent && (
          <span className="text-xs text-slate-500">
            agent {machine.agent.hostname}
            {machine.agent.lastSeenAt
              ? `, seen ${new Date(machine.agent.lastSeenAt).toLocaleTimeString()}`
              : ""}
          </span>
        )}
      </div>
      <p className="mt-1 text-slate-700">{machine.note}</p>
      {showLog && (
        <details className="mt-1" open={machine.status === "failed" || machine.status === "rolled_back"}>
          <summary className="cursor-pointer text-xs text-slate-600">
            Agent log ({machine.report!.log.length} lines, {machine.report!.durationMs} ms)
          </summary>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
            {machine.report!.log.join("\n")}
          </pre>
        </details>
      )}
    </li>
  );
}
