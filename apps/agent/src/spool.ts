// Reports and observations are written to disk before they are sent, and deleted only once labnet
// has acknowledged them, so nothing is lost across agent or server restarts. Each carries an id
// labnet de-duplicates on, so re-sending after a lost acknowledgement stores it once.
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

export class Spool {
  private sequence = 0;
  /** Next send attempt not before (ms since epoch), after failures. */
  private notBefore = 0;
  private failures = 0;

  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => void,
  ) {}

  async add(entry: SpoolEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const name = `${Date.now().toString().padStart(15, "0")}-${process.pid}-${++this.sequence}.json`;
    const temporary = join(this.dir, `.${name}.tmp`);
    await writeFile(temporary, JSON.stringify(entry), { mode: 0o600 });
    await rename(temporary, join(this.dir, name));
  }

  async pending(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => name.endsWith(".json")).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  /**
   * Sends what is spooled, oldest first. Stops at the first retryable failure and waits with
   * exponential backoff (1 s doubling to 5 min, with jitter) before the next attempt.
   */
  async flush(client: AgentClient, force = false): Promise<{ sent: number; left: number }> {
    if (!force && Date.now() < this.notBefore) return { sent: 0, left: (await this.pending()).length };
    let sent = 0;
    const names = await this.pending();
    for (const [position, name] of names.entries()) {
      const file = join(this.dir, name);
      let entry: SpoolEntry;
      try {
        entry = JSON.parse(await readFile(file, "utf8")) as SpoolEntry;
      } catch {
        await this.reject(name, "unreadable spool file");
        continue;
      }
      try {
        await client.send(entry.method, entry.path, entry.body, entry.contentType);
        await rm(file, { force: true });
        sent++;
        this.failures = 0;
        this.notBefore = 0;
      } catch (error) {
        if (error instanceof ProtocolError && !error.retryable && error.status !== 401) {
          await this.reject(name, error.message);
          continue;
        }
        this.failures++;
        const delay = Math.min(300_000, 1000 * 2 ** (this.failures - 1)) * (0.5 + Math.random() / 2);
        this.notBefore = Date.now() + delay;
        this.log(
          `${entry.label}: not sent (${(error as Error).message}); ${names.length - position} spooled, retrying in ${Math.round(delay / 1000)} s`,
        );
        return { sent, left: names.length - position };
      }
    }
    return { sent, left: 0 };
  }

  /** labnet refused it for good (invalid): kept aside for a human, never retried in a loop. */
  private async reject(name: string, reason: string) {
    const rejected = join(this.dir, "rejected");
    await mkdir(rejected, { recursive: true });
    await rename(join(this.dir, name), join(rejected, name));
    this.log(`spooled ${name} was refused by labnet and moved to ${rejected}: ${reason}`);
  }
}
