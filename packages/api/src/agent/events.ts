// How the agent fast path learns about changes. Inside a transaction, `pg_notify` is delivered on
// commit to every labnet process LISTENing (real PostgreSQL). The in-process bus carries the same
// news to this process at once, and is what the embedded database (which does not deliver
// notifications between connections) relies on, together with the index's periodic re-check.
import { EventEmitter } from "node:events";
import type { Transaction } from "../audit";

export const revisionChannel = "labnet_revision";
export const agentChannel = "labnet_agent";

export interface RevisionEvent {
  machineId: string;
  number: number;
  sha256: string;
}

interface AgentBusEvents {
  revision: [RevisionEvent];
  /** An agent's token changed (revoked, rotated, replaced): forget what was cached for it. */
  agent: [string];
}

export const agentBus = new EventEmitter<AgentBusEvents>();
agentBus.setMaxListeners(0);

export function revisionPayload(event: RevisionEvent): string {
  return `${event.machineId}:${event.number}:${event.sha256}`;
}

export function parseRevisionPayload(payload: string): RevisionEvent | null {
  const [machineId, number, sha256] = payload.split(":");
  if (!machineId || !number || !sha256 || !/^\d+$/.test(number)) return null;
  return { machineId, number: Number(number), sha256 };
}

/** Queues the notifications in `tx`; call the returned function after the commit for this process. */
export async function notifyInTransaction(
  tx: Transaction,
  news: { revisions?: RevisionEvent[]; agents?: string[] },
): Promise<() => void> {
  for (const revision of news.revisions ?? []) {
    await tx.$executeRaw`SELECT pg_notify(${revisionChannel}, ${revisionPayload(revision)})`;
  }
  for (const agentId of news.agents ?? []) {
    await tx.$executeRaw`SELECT pg_notify(${agentChannel}, ${agentId})`;
  }
  return () => {
    for (const revision of news.revisions ?? []) agentBus.emit("revision", revision);
    for (const agentId of news.agents ?? []) agentBus.emit("agent", agentId);
  };
}
