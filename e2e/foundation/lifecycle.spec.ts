// `npm start` as a user runs it: data survives a restart, a second start on the same data folder
// refuses, and SIGTERM leaves nothing holding the port or the folder.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { uniqueEmail } from "../helpers";

const root = join(import.meta.dirname, "../..");
const port = Number(process.env.LABNET_E2E_PORT ?? 3100) + 10;
const base = `http://localhost:${port}`;

function start(dataDir: string, portToUse = port): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: "",
      LABNET_DATA_DIR: dataDir,
      PORT: String(portToUse),
      LABNET_SKIP_BUILD: "1",
      LABNET_DEMO: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitForHealth(timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`labnet did not become healthy on ${base} within ${timeoutMs} ms`);
}

function exitOf(child: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error("process did not exit in time")), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function portIsFree(candidate: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(candidate, () => probe.close(() => resolve(true)));
  });
}

test("data survives a restart; a second start on the same folder refuses; stopping frees everything", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== "embedded", "the embedded database's lifecycle; runs once");
  test.setTimeout(240_000);
  const dataDir = await mkdtemp(join(tmpdir(), "labnet-lifecycle-"));
  const started: ChildProcess[] = [];
  try {
    const first = start(dataDir);
    started.push(first.child);
    await waitForHealth();
    const health = await (await fetch(`${base}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", db: "embedded", migrations: { pending: 0 } });

    const email = uniqueEmail("restart");
    await page.goto(`${base}/sign-up`);
    await page.getByLabel("Your name").fill("Rita Restart");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("restart-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/labs/);

    // A second labnet on the same data folder must refuse, not corrupt it.
    const second = start(dataDir, port + 1);
    started.push(second.child);
    expect(await exitOf(second.child)).not.toBe(0);
    expect(second.output()).toContain("is in use by process");

    first.child.kill("SIGTERM");
    expect(await exitOf(first.child)).toBe(0);
    expect(await portIsFree(port)).toBe(true);
    expect((await readdir(dataDir)).some((name) => name.includes("lock"))).toBe(false);

    const again = start(dataDir);
    started.push(again.child);
    await waitForHealth();
    await page.context().clearCookies();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("restart-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/labs/);
    await expect(page.getByLabel("Active team")).toContainText("Rita Restart's team");
    again.child.kill("SIGINT");
    expect(await exitOf(again.child)).toBe(0);
    expect(await portIsFree(port)).toBe(true);
  } finally {
    for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
    if (existsSync(dataDir)) await rm(dataDir, { recursive: true, force: true });
  }
});
