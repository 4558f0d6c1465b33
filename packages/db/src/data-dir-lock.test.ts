import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from "./data-dir-lock";

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid!;
}

describe("data folder lock", () => {
  let dataDir: string;
  const notices: string[] = [];
  const notice = (message: string) => notices.push(message);
  let holder: ChildProcess | undefined;

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), "labnet-lock-")), "nested", "data");
    notices.length = 0;
  });
  afterEach(async () => {
    if (holder && holder.exitCode === null) {
      holder.kill("SIGKILL");
      await once(holder, "exit");
    }
    holder = undefined;
    await rm(join(dataDir, "..", ".."), { recursive: true, force: true });
  });

  it("creates the folder and a lock naming this process, and removes it on release", async () => {
    const lock = await acquireDataDirLock(dataDir, notice);
    const content = JSON.parse(await readFile(join(dataDir, LOCK_FILE_NAME), "utf8"));
    expect(content.pid).toBe(process.pid);
    await lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it("refuses a second owner while the first lives, saying who holds which folder", async () => {
    // The holder is another process, exactly as with a second `npm start`.
    const script = `
      const { acquireDataDirLock } = await import(${JSON.stringify(new URL("./data-dir-lock.ts", import.meta.url).href)});
      await acquireDataDirLock(${JSON.stringify(dataDir)});
      console.log("locked");
      setInterval(() => {}, 1000);`;
    holder = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [firstOutput] = await once(holder.stdout!, "data");
    expect(String(firstOutput)).toContain("locked");

    const refusal = await acquireDataDirLock(dataDir, notice).catch((error) => error);
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect(refusal.ownerPid).toBe(holder.pid);
    expect(refusal.message).toContain(`in use by process ${holder.pid}`);
    expect(refusal.message).toContain(dataDir);
    expect(refusal.message).toContain("LABNET_DATA_DIR");
  });

  it("takes over a lock whose owner and server are gone, with a notice", async () => {
    const first = await acquireDataDirLock(dataDir, notice);
    const gone = await deadPid();
    await writeFile(first.path, JSON.stringify({ pid: gone, serverPid: gone, host: "x", since: "earlier" }));

    const lock = await acquireDataDirLock(dataDir, notice);
    expect(notices).toEqual([expect.stringContaining(`its owner (process ${gone}, since earlier) is gone`)]);
    expect(JSON.parse(await readFile(lock.path, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("keeps refusing while the server recorded in the lock still runs", async () => {
    const first = await acquireDataDirLock(dataDir, notice);
    holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    await writeFile(
      first.path,
      JSON.stringify({ pid: await deadPid(), serverPid: holder.pid, host: "x", since: "earlier" }),
    );
    await expect(acquireDataDirLock(dataDir, notice)).rejects.toThrow(`in use by process ${holder.pid}`);
  });

  it("takes over an unreadable lock file", async () => {
    const first = await acquireDataDirLock(dataDir, notice);
    await writeFile(first.path, "not json");
    const lock = await acquireDataDirLock(dataDir, notice);
    expect(notices).toEqual([expect.stringContaining("unreadable lock file")]);
    await lock.release();
  });
});
