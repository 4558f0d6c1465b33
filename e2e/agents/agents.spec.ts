// Agents end to end against the real app: publish through a plan, enroll the real labnet-agent with a token from
// the dashboard, apply into a temporary root, report a drifted lease, fix it in one click, revoke.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { publishThroughPlan, signInAsDemo } from "../helpers";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "..", "..");
const agentFile = join(repo, "apps/agent/dist/labnet-agent.mjs");
const machine = "hamburg-router";

test.beforeAll(async () => {
  await run("npm", ["run", "build", "-w", "@labnet/agent"], { cwd: repo });
});

test("publish, enroll the real agent, apply, fix a drifted lease in one click, revoke", async ({
  page,
  request,
  baseURL,
}) => {
  const work = await mkdtemp(join(tmpdir(), "labnet-e2e-agent-"));
  try {
    await signInAsDemo(page);
    await page.goto("/agents");
    await expect(page.getByRole("heading", { name: "Agents" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Publish through a plan" })).toHaveAttribute(
      "href",
      "/plans/new",
    );
    await publishThroughPlan(page.request, "e2e agents baseline");

    const row = page.getByRole("row").filter({ hasText: machine });
    await row.getByRole("button", { name: /^(Enroll|Re-enroll)$/ }).click();
    await page.getByRole("button", { name: "Create enrollment token" }).click();
    const token = await page.getByLabel("Enrollment token").inputValue();
    expect(token).toMatch(/^lne_/);
    await expect(page.getByText(`--token ${token}`).first()).toBeVisible();

    const stateDir = join(work, "state");
    const root = join(work, "root");
    await run(process.execPath, [
      agentFile,
      "enroll",
      "--server",
      baseURL!,
      "--token",
      token,
      "--state-dir",
      stateDir,
      "--hostname",
      "e2e-hamburg",
    ]);
    const { stdout } = await run(process.execPath, [
      agentFile,
      "run",
      "--once",
      "--state-dir",
      stateDir,
      "--root",
      root,
    ]);
    expect(stdout).toMatch(/applied/);

    // The router's DHCP file, as applied, names each static lease: report one with MAC + 1.
    const dhcp = await readFile(join(root, "etc/config/dhcp"), "utf8");
    const host = /config host\s+option name '([^']+)'\s+option mac '([^']+)'\s+option ip '([^']+)'/.exec(
      dhcp,
    );
    expect(host).not.toBeNull();
    const [, hostname, mac, ip] = host!;
    const drifted = `${mac!.slice(0, 15)}${((Number.parseInt(mac!.slice(15), 16) + 1) % 256).toString(16).padStart(2, "0")}`;
    const { agentToken } = JSON.parse(await readFile(join(stateDir, "credentials.json"), "utf8"));
    const observed = await request.post(`/api/agent/v1/observations/leases?batchId=e2e-${Date.now()}`, {
      headers: { authorization: `Bearer ${agentToken}`, "content-type": "text/plain" },
      data: `0 ${drifted} ${ip} ${hostname} *\n`,
    });
    expect(observed.status()).toBe(201);

    await page.reload();
    await expect(row.getByText("online")).toBeVisible();
    await row.getByRole("button", { name: "Drift" }).click();
    const drift = page.getByRole("region", { name: `Drift of ${machine}` });
    await expect(drift.getByText(/host MAC drifted \(Windows update\?\)/)).toBeVisible();
    await drift.getByRole("button", { name: `Update lease to ${drifted}` }).click();
    await expect(drift.getByText("Lease updated.")).toBeVisible();
    await expect(drift.getByText(/host MAC drifted/)).toHaveCount(0);
    await expect(drift.getByText(/r\d+ applied/).first()).toBeVisible();

    page.once("dialog", (dialog) => dialog.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row.getByText("no agent")).toBeVisible();
    const refused = await request.get("/api/agent/v1/config", {
      headers: { authorization: `Bearer ${agentToken}` },
    });
    expect(refused.status()).toBe(401);

    const openapi = await request.get("/api/agent/v1/openapi.json");
    expect((await openapi.json()).paths).toHaveProperty("/config");
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
