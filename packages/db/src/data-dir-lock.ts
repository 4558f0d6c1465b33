import { randomUUID } from "node:crypto";
import { link, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { z } from "zod";

export const LOCK_FILE_NAME = "labnet.lock";

const lockContentSchema = z.object({
  pid: z.number().int().positive(),
  /** The embedded server's PID, once started: it touches the data too, so the lock is stale only when both are gone. */
  serverPid: z.number().int().positive().optional(),
  host: z.string(),
  since: z.string(),
});
type LockContent = z.infer<typeof lockContentSchema>;

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The labnet data folder ${dataDir} is in use by process ${ownerPid} (see ${join(dataDir, LOCK_FILE_NAME)}). ` +
        "Only one labnet may own an embedded database: stop that process first, or point this one at another " +
        "folder with LABNET_DATA_DIR, or at a PostgreSQL server with DATABASE_URL. If no labnet is running, " +
        "delete the lock file and start again.",
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Records the embedded server's PID in the lock, so a crash of the owner alone does not free the folder. */
  recordServerPid(pid: number): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes exclusive ownership of `dataDir` for this process. PGlite has no lock of its own, and two processes
 * opening one data folder corrupt it. A lock left by processes that are all gone is taken over with a notice.
 */
export async function acquireDataDirLock(
  dataDir: string,
  notice: (message: string) => void = (message) => console.warn(message),
): Promise<DataDirLock> {
  // Owner-only from the start: the folder holds the database and the session secret.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE_NAME);
  const content: LockContent = { pid: process.pid, host: hostname(), since: new Date().toISOString() };

  if (!(await tryCreate(path, content))) {
    const existing = await readLock(path);
    const livePid = existing && [existing.pid, existing.serverPid].find((pid) => pid && isAlive(pid));
    if (livePid) throw new DataDirLockedError(dataDir, livePid);
    notice(
      existing
        ? `labnet: taking over the lock on ${dataDir}: its owner (process ${existing.pid}, since ${existing.since}) is gone`
        : `labnet: taking over the unreadable lock file ${path}`,
    );
    await unlink(path).catch(ignoreMissing);
    if (!(await tryCreate(path, content))) {
      const winner = await readLock(path);
      throw new DataDirLockedError(dataDir, winner?.pid ?? 0);
    }
  }

  return {
    path,
    async recordServerPid(serverPid) {
      // Replaced by rename, so a concurrent reader never sees a half-written lock.
      const draft = draftPath(path);
      await writeFile(draft, JSON.stringify({ ...content, serverPid }), { flag: "wx", mode: 0o600 });
      await rename(draft, path);
    },
    async release() {
      const current = await readLock(path);
      if (current?.pid === process.pid) await unlink(path).catch(ignoreMissing);
    },
  };
}

/** Creates the lock atomically with its full content: written aside, then hard-linked, which fails if it exists. */
async function tryCreate(path: string, content: LockContent): Promise<boolean> {
  const draft = draftPath(path);
  await writeFile(draft, JSON.stringify(content), { flag: "wx", mode: 0o600 });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
}

function draftPath(path: string): string {
  return `${path}.${process.pid}.${randomUUID()}`;
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const parsed = lockContentSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
