// The agent fast path. A fleet polls every ~30 s and almost every poll finds nothing new, so the
// answer to "is my config still <sha>?" comes from memory: token hash → agent, machine → latest
// revision. Entries are filled lazily from the database and kept fresh by PostgreSQL
// LISTEN/NOTIFY, by this process's own bus, and by a bounded periodic re-check (every 60 s; every
// 2 s when notifications do not arrive, as with the embedded database). `lastSeenAt` is written
// in one batched UPDATE every few seconds instead of once per poll.
import { createHash } from "node:crypto";
import pg from "pg";
import type { Database } from "../db";
import { promoteRotatedToken } from "./agents";
import { agentBus, agentChannel, parseRevisionPayload, type RevisionEvent, revisionChannel } from "./events";
import { type LatestRevision, latestRevision, latestRevisions } from "./revisions";

export interface AgentEntry {
  agentId: string;
  machineId: string;
  organizationId: string;
  hostname: string;
  revoked: boolean;
  rotateRequested: boolean;
}

export interface LiveIndexOptions {
  db: Database;
  /** Connection string for the LISTEN connection; without it the index re-checks on a timer. */
  listenUrl?: string;
  /** Re-check interval while notifications arrive (default 60 s). */
  resyncMs?: number;
  /** Re-check interval when they do not (default 2 s). */
  pollModeResyncMs?: number;
  /** How often batched lastSeenAt updates are written (default 5 s). */
  lastSeenFlushMs?: number;
  log?: (message: string) => void;
}

const negativeCacheMs = 30_000;
const negativeCacheMax = 10_000;

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export class AgentLiveIndex {
  /** "notify": LISTEN/NOTIFY delivers; "poll": periodic re-check only. */
  mode: "starting" | "notify" | "poll" = "starting";
  private readonly tokens = new Map<string, AgentEntry>();
  private readonly hashesByAgent = new Map<string, Set<string>>();
  private readonly unknownTokens = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<AgentEntry | null>>();
  private readonly latest = new Map<string, LatestRevision | null>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly seen = new Map<string, Date>();
  private listener: pg.Client | null = null;
  private relistenAttempts = 0;
  private timers: NodeJS.Timeout[] = [];
  private resyncTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly onRevision = (event: RevisionEvent) => this.applyRevision(event);
  private readonly onAgent = (agentId: string) => this.forgetAgent(agentId);

  constructor(private readonly options: LiveIndexOptions) {}

  async start(): Promise<void> {
    agentBus.on("revision", this.onRevision);
    agentBus.on("agent", this.onAgent);
    this.timers.push(
      unref(setInterval(() => void this.flushLastSeen(), this.options.lastSeenFlushMs ?? 5_000)),
    );
    const outcome = await this.listen();
    this.mode = outcome === "listening" ? "notify" : "poll";
    // A refused or dropped connection is worth retrying; a database that never delivers is not.
    if (outcome === "failed") this.relistenLater();
    this.scheduleResync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    agentBus.off("revision", this.onRevision);
    agentBus.off("agent", this.onAgent);
    for (const timer of this.timers) clearInterval(timer);
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    for (const wake of [...this.waiters.values()].flatMap((set) => [...set])) wake();
    await this.flushLastSeen();
    await this.listener?.end().catch(() => {});
    this.listener = null;
  }

  /** The agent a bearer token belongs to (revoked ones included: the caller refuses them). */
  async authenticate(token: string): Promise<AgentEntry | null> {
    const hash = tokenHash(token);
    const cached = this.tokens.get(hash);
    if (cached) return cached;
    const unknownUntil = this.unknownTokens.get(hash);
    if (unknownUntil && unknownUntil > Date.now()) return null;
    let lookup = this.lookups.get(hash);
    if (!lookup) {
      lookup = this.lookUpToken(hash, token).finally(() => this.lookups.delete(hash));
      this.lookups.set(hash, lookup);
    }
    return lookup;
  }

  /** The machine's latest published revision, or null before the first publish. */
  async desired(machineId: string): Promise<LatestRevision | null> {
    if (this.latest.has(machineId)) return this.latest.get(machineId)!;
    const revision = await latestRevision(this.options.db, machineId);
    // A notification may have arrived while we read: keep the newer.
    const current = this.latest.get(machineId);
    if (current === undefined || (revision && (current === null || current.number < revision.number))) {
      this.latest.set(machineId, revision);
    }
    return this.latest.get(machineId)!;
  }

  /** Records a poll; written to the database with the next batch. */
  touch(agentId: string): void {
    this.seen.set(agentId, new Date());
  }

  /** Resolves when the machine's revision moves away from `knownSha`, or after `timeoutMs`. */
  waitForChange(machineId: string, knownSha: string | null, timeoutMs: number, signal?: AbortSignal) {
    return new Promise<void>((resolve) => {
      const current = this.latest.get(machineId);
      if (current && current.sha256 !== knownSha) return resolve();
      const set = this.waiters.get(machineId) ?? new Set<() => void>();
      this.waiters.set(machineId, set);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(machineId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener("abort", done);
      set.add(done);
    });
  }

  /** Writes the batched lastSeenAt values in one statement. */
  async flushLastSeen(): Promise<void> {
    if (this.seen.size === 0) return;
    const batch = [...this.seen];
    this.seen.clear();
    const ids = batch.map(([id]) => id);
    const times = batch.map(([, at]) => at.toISOString());
    try {
      await this.options.db.$executeRaw`
        UPDATE agent SET "lastSeenAt" = seen.at
        FROM unnest(${ids}::text[], ${times}::timestamp[]) AS seen(id, at)
        WHERE agent.id = seen.id AND (agent."lastSeenAt" IS NULL OR agent."lastSeenAt" < seen.at)`;
    } catch (error) {
      // Keep them for the next flush; last-seen is informative, polls must not fail for it.
      for (const [id, at] of batch) if (!this.seen.has(id)) this.seen.set(id, at);
      this.log(`could not record agents' last-seen times: ${(error as Error).message}`);
    }
  }

  /** Re-reads every cached agent and machine: catches changes whose notification was missed. */
  async resync(): Promise<void> {
    const agentIds = [...this.hashesByAgent.keys()];
    if (agentIds.length > 0) {
      const rows = await this.options.db.agent.findMany({
        where: { id: { in: agentIds } },
        select: { id: true, tokenHash: true, revokedAt: true, rotateRequestedAt: true },
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const agentId of agentIds) {
        const row = byId.get(agentId);
        const hashes = this.hashesByAgent.get(agentId) ?? new Set();
        const entry = this.tokens.get([...hashes][0] ?? "");
        const stale =
          !row ||
          !entry ||
          !hashes.has(row.tokenHash) ||
          entry.revoked !== (row.revokedAt !== null) ||
          entry.rotateRequested !== (row.rotateRequestedAt !== null);
        if (stale) this.forgetAgent(agentId);
      }
    }
    const machineIds = [...this.latest.keys()];
    const fresh = await latestRevisions(this.options.db, machineIds);
    for (const machineId of machineIds) {
      const revision = fresh.get(machineId);
      if (revision) this.applyRevision({ machineId, ...revision });
    }
  }

  private async lookUpToken(hash: string, token: string): Promise<AgentEntry | null> {
    const agent = await this.options.db.agent.findFirst({
      where: { OR: [{ tokenHash: hash }, { nextTokenHash: hash }] },
      select: {
        id: true,
        machineId: true,
        organizationId: true,
        hostname: true,
        tokenHash: true,
        revokedAt: true,
        rotateRequestedAt: true,
      },
    });
    if (!agent) {
      if (this.unknownTokens.size >= negativeCacheMax) this.unknownTokens.clear();
      this.unknownTokens.set(hash, Date.now() + negativeCacheMs);
      return null;
    }
    let rotateRequested = agent.rotateRequestedAt !== null;
    if (agent.tokenHash !== hash && !agent.revokedAt) {
      // First use of a rotated token: from now on only this one is valid.
      await promoteRotatedToken(this.options.db, agent.id, hash, token.slice(0, 12));
      rotateRequested = false;
    }
    const entry: AgentEntry = {
      agentId: agent.id,
      machineId: agent.machineId,
      organizationId: agent.organizationId,
      hostname: agent.hostname,
      revoked: agent.revokedAt !== null,
      rotateRequested,
    };
    this.tokens.set(hash, entry);
    const hashes = this.hashesByAgent.get(agent.id) ?? new Set<string>();
    this.hashesByAgent.set(agent.id, hashes.add(hash));
    return entry;
  }

  private forgetAgent(agentId: string): void {
    for (const hash of this.hashesByAgent.get(agentId) ?? []) this.tokens.delete(hash);
    this.hashesByAgent.delete(agentId);
    // A token issued by a rotation may have been tried (and remembered as unknown) before.
    this.unknownTokens.clear();
  }

  private applyRevision(event: RevisionEvent): void {
    const current = this.latest.get(event.machineId);
    if (current && current.number >= event.number) return;
    this.latest.set(event.machineId, { number: event.number, sha256: event.sha256 });
    for (const wake of [...(this.waiters.get(event.machineId) ?? [])]) wake();
  }

  /**
   * Opens the LISTEN connection. Never throws and never fails a request: without it the index re-checks the
   * database every 2 s, and a failed connection is retried with backoff (see relistenLater).
   */
  private async listen(): Promise<"listening" | "no-delivery" | "failed" | "off"> {
    const url = this.options.listenUrl;
    if (!url) return "off";
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    // From the start: an error event without a listener (the server dropping the connection during the
    // probe) would end the whole web server.
    let lost: Error | null = null;
    client.on("error", (error) => {
      lost = error;
      this.reconnect(client, error);
    });
    try {
      await client.connect();
      const probe = `probe-${process.pid}-${Math.random().toString(36).slice(2)}`;
      const delivered = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 2_000);
        client.on("notification", (message) => {
          if (message.payload === probe) {
            clearTimeout(timer);
            resolve(true);
          }
        });
      });
      client.on("notification", (message) => this.onNotification(message.channel, message.payload ?? ""));
      await client.query(`LISTEN ${revisionChannel}`);
      await client.query(`LISTEN ${agentChannel}`);
      await this.options.db.$executeRaw`SELECT pg_notify(${agentChannel}, ${probe})`;
      if (!(await delivered)) {
        await client.end().catch(() => {});
        if (lost) throw lost;
        this.log("the database does not deliver LISTEN/NOTIFY: agents' config checks re-read it every 2 s");
        return "no-delivery";
      }
      if (lost) throw lost;
      client.on("end", () => this.reconnect(client, new Error("connection closed")));
      this.listener = client;
      this.relistenAttempts = 0;
      return "listening";
    } catch (error) {
      this.log(`LISTEN failed (${(error as Error).message}): re-checking every 2 s until it is back`);
      await client.end().catch(() => {});
      return "failed";
    }
  }

  private reconnect(client: pg.Client, error: Error): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = null;
    this.mode = "poll";
    this.log(`LISTEN connection lost (${error.message}); re-checking every 2 s until it is back`);
    client.end().catch(() => {});
    this.relistenLater();
  }

  /** Tries LISTEN again after 1 s, 2 s, 4 s … at most 30 s apart. */
  private relistenLater(): void {
    const delay = Math.min(30_000, 1_000 * 2 ** this.relistenAttempts);
    this.relistenAttempts++;
    const retry = unref(
      setTimeout(async () => {
        if (this.stopped) return;
        const outcome = await this.listen();
        if (outcome === "listening") {
          this.mode = "notify";
          await this.resync().catch(() => {});
        } else if (outcome === "failed") this.relistenLater();
      }, delay),
    );
    this.timers.push(retry);
  }

  private onNotification(channel: string, payload: string): void {
    if (channel === revisionChannel) {
      const event = parseRevisionPayload(payload);
      if (event) this.applyRevision(event);
    } else if (channel === agentChannel && !payload.startsWith("probe-")) {
      this.forgetAgent(payload);
    }
  }

  private scheduleResync(): void {
    if (this.stopped) return;
    const interval =
      this.mode === "notify" ? (this.options.resyncMs ?? 60_000) : (this.options.pollModeResyncMs ?? 2_000);
    this.resyncTimer = unref(
      setTimeout(async () => {
        await this.resync().catch((error) => this.log(`agent index re-check failed: ${error.message}`));
        this.scheduleResync();
      }, interval),
    );
  }

  private log(message: string): void {
    (this.options.log ?? ((text: string) => console.warn(`[labnet agents] ${text}`)))(message);
  }
}

function unref<T extends NodeJS.Timeout>(timer: T): T {
  timer.unref();
  return timer;
}
