// Reports and observations are written to disk before they are sent, and deleted only once labnet
// has acknowledged them, so nothing is lost across agent or server restarts. Each carries an id
// labnet de-duplicates on, so re-sending after a lost acknowledgement stores it once. What labnet
// refuses for good is parked in spool/parked (counted by `labnet-agent status`), never resent.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type AgentClient, ProtocolError } from "./client";

export interface SpoolEntry {
  method: "POST";
  path: string;
  body: string;
  contentType?: string;
  /** What the log says about it, e.g. "report rolled_back for revision 4". */
  label: string;
}

/**
 * What labnet's answer means for a spooled entry: sent; parked for good (a 4xx other than
 * 401/408/429: labnet will never accept it); retry this entry later (5xx: this entry may be what
 * breaks the server, later ones may go through); or stop the whole flush (labnet unreachable,
 * the token refused, or told to slow down — every other entry would fail the same way).
 */
export function spoolVerdict(error: unknown): "park" | "retry-entry" | "stop" {
  if (!(error instanceof ProtocolError) || error.status === 0) return "stop";
  if (error.status === 401 || error.status === 408 || error.status === 429) return "stop";
  if (error.status >= 400 && error.status < 500) return "park";
  return "retry-entry";
}

export interface FlushResult {
  sent: number;
  /** Still spooled after this flush (waiting for a retry). */
  left: number;
  parked: number;
  /** The last failure of this flush, for `labnet-agent status`. */
  error: string | null;
}

const maxBackoffMs = 300_000;

/** 1 s doubling to 5 min, with jitter, after `failures` failed attempts. */
function backoffMs(failures: number): number {
  return Math.min(maxBackoffMs, 1000 * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
}

export class Spool {
  private sequence = 0;
  /** After labnet was unreachable: no attempt at all before this time (ms since epoch). */
  private notBefore = 0;
  private failures = 0;
  /** Entries labnet answered 5xx: each waits out its own backoff while later ones are sent. */
  private readonly entryRetry = new Map<string, { failures: number; notBefore: number }>();

  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => void,
  ) {}

  get parkedDir() {
    return join(this.dir, "parked");
  }

  async add(entry: SpoolEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const name = `${Date.now().toString().padStart(15, "0")}-${process.pid}-${++this.sequence}.json`;
    const temporary = join(this.dir, `.${name}.tmp`);
    await writeFile(temporary, JSON.stringify(entry), { mode: 0o600 });
    await rename(temporary, join(this.dir, name));
  }

  async pending(): Promise<string[]> {
    return jsonFiles(this.dir);
  }

  async parked(): Promise<string[]> {
    return jsonFiles(this.parkedDir);
  }

  /**
   * Sends what is spooled, oldest first. An entry labnet refuses (4xx) is parked; an entry answered
   * 5xx waits out its own backoff while the later entries are still sent, so one poisoned report
   * never blocks the rest. Only when labnet is unreachable (or refuses the token, or asks to slow
   * down) does the flush stop and wait with backoff. `force` (after an apply, so its report goes out
   * at once) ignores that wait, not an entry's own.
   */
  async flush(client: AgentClient, force = false): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, left: 0, parked: 0, error: null };
    const names = await this.pending();
    if (!force && Date.now() < this.notBefore) return { ...result, left: names.length };
    for (const [position, name] of names.entries()) {
      const retry = this.entryRetry.get(name);
      if (retry && Date.now() < retry.notBefore) {
        result.left++;
        continue;
      }
      const file = join(this.dir, name);
      let entry: SpoolEntry;
      try {
        entry = JSON.parse(await readFile(file, "utf8")) as SpoolEntry;
      } catch {
        await this.park(name, "unreadable spool file");
        result.parked++;
        continue;
      }
      try {
        await client.send(entry.method, entry.path, entry.body, entry.contentType);
        await rm(file, { force: true });
        this.entryRetry.delete(name);
        result.sent++;
        this.failures = 0;
        this.notBefore = 0;
      } catch (error) {
        const message = (error as Error).message;
        const verdict = spoolVerdict(error);
        if (verdict === "park") {
          await this.park(name, `${entry.label}: ${message}`);
          this.entryRetry.delete(name);
          result.parked++;
          result.error = message;
          continue;
        }
        if (verdict === "retry-entry") {
          const failures = (retry?.failures ?? 0) + 1;
          const delay = backoffMs(failures);
          this.entryRetry.set(name, { failures, notBefore: Date.now() + delay });
          this.log(`${entry.label}: not accepted (${message}); retrying it in ${Math.round(delay / 1000)} s`);
          result.left++;
          result.error = message;
          continue;
        }
        this.failures++;
        const delay = backoffMs(this.failures);
        this.notBefore = Date.now() + delay;
        const left = result.left + names.length - position;
        this.log(
          `${entry.label}: not sent (${message}); ${left} spooled, retrying in ${Math.round(delay / 1000)} s`,
        );
        return { ...result, left, error: message };
      }
    }
    return result;
  }

  /** labnet refused it for good: kept aside for a human (logged once), never retried. */
  private async park(name: string, reason: string) {
    await mkdir(this.parkedDir, { recursive: true });
    await rename(join(this.dir, name), join(this.parkedDir, name));
    this.log(`parked ${name} in ${this.parkedDir}, labnet refused it: ${reason}`);
  }
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
