// Plans end to end: change a lease's IP in the UI, draft a plan whose preview shows the UCI
// `config host` line diff and the address move, approve and publish it (acknowledging blocking
// findings by name), let the real labnet-agent apply it into a folder, and watch the rollout
// turn applied. Then compare the router's two latest revisions on the revisions page.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, type Page, test } from "@playwright/test";
import { publishThroughPlan, signInAsDemo, trpcCall } from "../helpers";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "..", "..");
const agentFile = join(repo, "apps/agent/dist/labnet-agent.mjs");
const machine = "office-router";
const newIp = "192.168.40.9";

test.beforeAll(async () => {
  await run("npm", ["run", "build", "-w", "@labnet/agent"], { cwd: repo });
});

/** What is in the inventory now gets published first, so the test's plan shows only its change. */
async function moveLeaseInUi(page: Page) {
  await page.goto("/leases");
  await page.getByLabel("Hostname", { exact: true }).fill("office-nas");
  const table = page.getByRole("table", { name: "Leases" });
  // The filter applies as a deferred update: click once the list has settled on the one lease,
  // not while rows are still moving under the pointer.
  await expect(table.getByRole("row")).toHaveCount(2);
  await table.getByRole("button", { name: "Edit lease office-nas" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit lease office-nas" });
  await dialog.getByLabel("IP").fill(newIp);
  await dialog.getByRole("button", { name: "Save lease" }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByText(newIp)).toBeVisible();
}

test("a lease move: preview the line diff and the address impact, approve, publish, the agent applies", async ({
  page,
  baseURL,
}, testInfo) => {
  const work = await mkdtemp(join(tmpdir(), "labnet-e2e-plan-"));
  try {
    await signInAsDemo(page);
    await publishThroughPlan(page.request, "e2e baseline");
    await moveLeaseInUi(page);

    await page.goto("/plans");
    await page.getByRole("link", { name: "New plan" }).click();
    const preview = page.getByRole("region", { name: "Preview" });
    await expect(preview.getByText(/machines? change/)).toBeVisible();
    const title = `Move office-nas ${Date.now()}`;
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("The NAS gets a fixed address below the pool.");
    await page.getByRole("button", { name: "Draft plan" }).click();
    await expect(page.getByRole("heading", { name: title })).toBeVisible();

    // The router's dnsmasq config: the old `option ip` line goes, the new one comes.
    const files = page.getByRole("region", { name: "File changes" });
    await expect(files.getByText("-\toption ip '192.168.40.2'")).toBeVisible();
    await expect(files.getByText(`+\toption ip '${newIp}'`)).toBeVisible();
    const impact = page.getByRole("region", { name: "Simulated impact" });
    await expect(impact.getByText(/office-nas eth0/)).toBeVisible();
    await expect(impact.getByText(newIp)).toBeVisible();
    await expect(impact.getByText(/Reachability/)).toBeVisible();
    await testInfo.attach("plan-preview", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("heading", { name: title }).getByText("approved")).toBeVisible();
    const publish = page.getByRole("button", { name: "Publish" });
    // Blocking findings (if the network has any) are acknowledged one by one, by name.
    const acknowledgements = page.getByRole("checkbox", { name: /^I understand:/ });
    const count = await acknowledgements.count();
    if (count > 0) await expect(publish).toBeDisabled();
    for (let index = 0; index < count; index++) await acknowledgements.nth(index).check();
    await publish.click();
    await expect(page.getByRole("status").filter({ hasText: /Published \d+ revision/ })).toBeVisible();
    const rollout = page.getByRole("region", { name: "Rollout" });
    await expect(rollout.getByRole("listitem", { name: `${machine} pending` })).toBeVisible();

    // The real agent: enroll with a token made through the API, apply once into a folder.
    const machines = await trpcCall(page.request, "machine.list", { search: machine }, { kind: "query" });
    const machineId = machines.body.result.data.json.items.find(
      (m: { name: string }) => m.name === machine,
    ).id;
    const enrollment = await trpcCall(
      page.request,
      "agent.createEnrollment",
      { machineId },
      { kind: "mutation" },
    );
    expect(enrollment.status).toBe(200);
    const stateDir = join(work, "state");
    const root = join(work, "root");
    await run(process.execPath, [
      agentFile,
      "enroll",
      "--server",
      baseURL!,
      "--token",
      enrollment.body.result.data.json.secret,
      "--state-dir",
      stateDir,
      "--hostname",
      "e2e-office",
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
    expect(await readFile(join(root, "etc/config/dhcp"), "utf8")).toContain(`option ip '${newIp}'`);

    // The rollout polls: the router turns applied without a reload, with the agent's log.
    const applied = rollout.getByRole("listitem", { name: `${machine} applied` });
    await expect(applied).toBeVisible({ timeout: 15_000 });
    await expect(applied.getByText(/agent e2e-office/)).toBeVisible();

    // History: the router's last two revisions differ in exactly that line.
    await page.goto("/plans/revisions");
    await page.getByLabel("Search machines").fill(machine);
    await page.getByRole("listbox", { name: "Machine" }).selectOption(machineId);
    const revisions = page.getByRole("region", { name: "Revisions" });
    const radios = revisions.getByRole("radio", { name: /Compare from revision/ });
    await expect(radios.first()).toBeVisible();
    await radios.nth(1).check();
    await revisions
      .getByRole("radio", { name: /Compare to revision/ })
      .first()
      .check();
    await expect(page.getByText(`+\toption ip '${newIp}'`)).toBeVisible();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
