// Safe apply: verify → back up → write atomically → reload → health check → on failure restore.
// A journal written before the first file is touched makes an apply that was killed half-way
// recoverable: at the next start the agent restores the backups and reports "rolled_back".
import { exec } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { DesiredConfig } from "./client";

export interface ApplyOptions {
  root: string | null;
  stateDir: string;
  dryRun: boolean;
  runReload: boolean;
  /** labnet still reachable (and the optional custom check passes) after the reload. */
  healthCheck: () => Promise<string | null>;
  log: (line: string) => void;
}

export interface ApplyOutcome {
  status: "applied" | "failed" | "rolled_back" | "unchanged" | "dry-run";
  error: string | null;
  startedAt: string;
  finishedAt: string;
  log: string[];
}

interface JournalEntry {
  target: string;
  /** File name inside the backup folder, or null when the file did not exist before. */
  backup: string | null;
}

interface Journal {
  revision: number;
  sha256: string;
  phase: "writing" | "reloading" | "checking";
  backupDir: string;
  entries: JournalEntry[];
  reloadCommands: string[];
  runReload: boolean;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The bundle hash exactly as @labnet/config computes it (length-prefixed path, octal mode, file hash). */
export function bundleSha256(files: DesiredConfig["files"]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${file.path.length}:${file.path}\0${file.mode.toString(8)}\0${file.sha256}\n`);
  }
  return hash.digest("hex");
}

/** Where a bundle path lands: itself, or under --root (a Windows drive letter becomes a folder). */
export function targetPath(root: string | null, path: string): string {
  if (!root) return path;
  const relative = path
    .replace(/^([A-Za-z]):/, "$1")
    .replaceAll("\\", "/")
    .replace(/^\/+/, "");
  return join(root, ...relative.split("/"));
}

const journalFile = (stateDir: string) => join(stateDir, "journal.json");

export async function applyConfig(config: DesiredConfig, options: ApplyOptions): Promise<ApplyOutcome> {
  const startedAt = new Date().toISOString();
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    options.log(line);
  };
  const finish = (status: ApplyOutcome["status"], error: string | null): ApplyOutcome => ({
    status,
    error,
    startedAt,
    finishedAt: new Date().toISOString(),
    log: lines.slice(-50),
  });

  // 1. Verify: every file against its hash, the file list against the bundle hash.
  for (const file of config.files) {
    if (sha256(file.content) !== file.sha256)
      return finish("failed", `sha256 mismatch for ${file.path}: download corrupted`);
  }
  if (bundleSha256(config.files) !== config.sha256) {
    return finish("failed", `bundle sha256 mismatch for revision ${config.revision}: nothing written`);
  }

  const changes: { target: string; file: DesiredConfig["files"][number]; exists: boolean }[] = [];
  for (const file of config.files) {
    const target = targetPath(options.root, file.path);
    const current = await readFile(target, "utf8").catch(() => null);
    const mode = current === null ? null : (await stat(target)).mode & 0o7777;
    if (current === file.content && mode === file.mode) continue;
    changes.push({ target, file, exists: current !== null });
  }
  if (options.dryRun) {
    log(`revision ${config.revision}: ${changes.length} of ${config.files.length} files would change`);
    for (const change of changes)
      log(`  ${change.exists ? "modify" : "create"} ${change.target} (mode ${change.file.mode.toString(8)})`);
    for (const command of config.reloadCommands) log(`  then run: ${command}`);
    return finish("dry-run", null);
  }
  if (changes.length === 0) {
    log(`revision ${config.revision}: files already match, nothing to write`);
    return finish("applied", null);
  }

  // 2. Back up what will be replaced, and write the journal before touching anything.
  const backupDir = join(options.stateDir, "backup", `${config.revision}-${config.sha256.slice(0, 12)}`);
  await rm(backupDir, { recursive: true, force: true });
  await mkdir(backupDir, { recursive: true });
  const entries: JournalEntry[] = [];
  for (const [position, change] of changes.entries()) {
    let backup: string | null = null;
    if (change.exists) {
      backup = String(position);
      await copyFile(change.target, join(backupDir, backup));
      await chmod(join(backupDir, backup), (await stat(change.target)).mode & 0o7777);
    }
    entries.push({ target: change.target, backup });
  }
  const journal: Journal = {
    revision: config.revision,
    sha256: config.sha256,
    phase: "writing",
    backupDir,
    entries,
    reloadCommands: config.reloadCommands,
    runReload: options.runReload,
  };
  await writeJournal(options.stateDir, journal);

  try {
    // 3. Write each file atomically: a temporary file beside it, fsync, rename.
    for (const change of changes) {
      await writeAtomically(change.target, change.file.content, change.file.mode);
      log(`${change.exists ? "updated" : "created"} ${change.target}`);
    }
    // 4. Reload.
    await writeJournal(options.stateDir, { ...journal, phase: "reloading" });
    await runReloads(config.reloadCommands, options.runReload, log);
    // 5. Health check.
    await writeJournal(options.stateDir, { ...journal, phase: "checking" });
    const unhealthy = await options.healthCheck();
    if (unhealthy) throw new Error(`health check failed: ${unhealthy}`);
  } catch (error) {
    const reason = (error as Error).message;
    log(`apply of revision ${config.revision} failed: ${reason}; restoring the previous files`);
    await rollBack(journal, options.stateDir, log);
    return finish("rolled_back", reason);
  }
  await rm(journalFile(options.stateDir), { force: true });
  await rm(backupDir, { recursive: true, force: true });
  log(`revision ${config.revision} applied (${changes.length} files)`);
  return finish("applied", null);
}

/**
 * At start: an apply that did not finish (the agent or the host died) is rolled back, so the
 * machine is never left half-configured. Returns what to report, or null when all was clean.
 */
export async function recoverInterruptedApply(
  stateDir: string,
  log: (line: string) => void,
): Promise<{ revision: number; sha256: string; outcome: ApplyOutcome } | null> {
  let journal: Journal;
  try {
    journal = JSON.parse(await readFile(journalFile(stateDir), "utf8")) as Journal;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`the apply journal ${journalFile(stateDir)} is unreadable: ${(error as Error).message}`);
  }
  const startedAt = new Date().toISOString();
  const lines: string[] = [];
  const record = (line: string) => {
    lines.push(line);
    log(line);
  };
  record(`revision ${journal.revision} was interrupted while ${journal.phase}: restoring the previous files`);
  await rollBack(journal, stateDir, record);
  return {
    revision: journal.revision,
    sha256: journal.sha256,
    outcome: {
      status: "rolled_back",
      error: `interrupted while ${journal.phase}; the previous files were restored at the next start`,
      startedAt,
      finishedAt: new Date().toISOString(),
      log: lines.slice(-50),
    },
  };
}

async function rollBack(journal: Journal, stateDir: string, log: (line: string) => void) {
  for (const entry of journal.entries) {
    if (entry.backup === null) {
      await rm(entry.target, { force: true });
      log(`removed ${entry.target} (it did not exist before)`);
    } else {
      const backup = join(journal.backupDir, entry.backup);
      if (!existsSync(backup)) continue;
      const content = await readFile(backup);
      await writeAtomically(entry.target, content, (await stat(backup)).mode & 0o7777);
      log(`restored ${entry.target}`);
    }
  }
  try {
    await runReloads(journal.reloadCommands, journal.runReload, log);
  } catch (error) {
    log(`reload after restoring failed too: ${(error as Error).message}`);
  }
  await rm(journalFile(stateDir), { force: true });
  await rm(journal.backupDir, { recursive: true, force: true });
}

async function runReloads(commands: string[], run: boolean, log: (line: string) => void) {
  for (const command of commands) {
    if (!run) {
      log(`skipped reload (applying under --root): ${command}`);
      continue;
    }
    const output = await new Promise<string>((resolve, reject) => {
      exec(command, { timeout: 120_000 }, (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`.trim();
        if (error)
          reject(new Error(`\`${command}\` failed (${error.code ?? error.signal}): ${text.slice(-500)}`));
        else resolve(text);
      });
    });
    log(`ran ${command}${output ? `: ${output.split("\n").slice(-3).join(" | ")}` : ""}`);
  }
}

async function writeJournal(stateDir: string, journal: Journal) {
  await mkdir(stateDir, { recursive: true });
  await writeAtomically(journalFile(stateDir), JSON.stringify(journal, null, 2), 0o600);
}

export async function writeAtomically(target: string, content: string | Buffer, mode: number) {
  await mkdir(dirname(target), { recursive: true });
  const temporary = join(dirname(target), `.labnet-${process.pid}-${Date.now()}.tmp`);
  const handle = await open(temporary, "w", mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temporary, mode);
  await rename(temporary, target);
}

/** For tests and `status`: is an apply journal present? */
export function journalPresent(stateDir: string): boolean {
  return existsSync(journalFile(stateDir));
}
