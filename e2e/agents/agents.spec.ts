// Agents end to end against the real app: publish through a plan, enroll the real labnet-agent with a token from
// the dashboard, apply into a temporary root, report a drifted lease, fix it in one click, revoke.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { missingPrerequisite } from "@labnet/config/proof";
import { expect, test } from "@playwright/test";
import { publishThroughPlan, signInAsDemo } from "../helpers";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "..", "..");
const agentFile = join(repo, "apps/agent/dist/labnet-agent.mjs");
const machine = "hamburg-router";

test.beforeAll(async () => {
  await run("npm", ["run", "build", "-w", "@labnet/agent"], { cwd: repo });
});

test("the OpenWrt shell agent comes from labnet: busybox wget, enroll, apply; the Agents page shows it applied", async ({
  page,
  baseURL,
}) => {
  // Skipped without busybox, a failure instead under LABNET_REQUIRE_DAEMONS=1 (CI), like the proofs.
  const missing = await missingPrerequisite(["busybox"], false);
  test.skip(missing !== null, `${missing} (apt-get install busybox)`);
  const busybox = (await run("sh", ["-c", "command -v busybox"])).stdout.trim();
  const router = "berlin-router";
  const work = await mkdtemp(join(tmpdir(), "labnet-e2e-shell-agent-"));
  try {
    await signInAsDemo(page);
    await publishThroughPlan(page.request, "e2e shell agent baseline");
    await page.goto("/agents");
    const row = page.getByRole("row").filter({ hasText: router });
    await row.getByRole("button", { name: /^(Enroll|Re-enroll)$/ }).click();
    const panel = page.getByRole("region", { name: `Enroll ${router}` });
    await panel.getByRole("button", { name: "Create enrollment token" }).click();
    const token = await panel.getByLabel("Enrollment token").inputValue();

    const script = join(work, "labnet-agent.sh");
    const init = join(work, "labnet-agent.init");
    const busyboxRun = (args: string[], env: Record<string, string> = {}) =>
      run(busybox, args, { env: { PATH: process.env.PATH!, ...env }, timeout: 60_000 });
    for (const [file, path] of [
      [script, "openwrt/labnet-agent.sh"],
      [init, "openwrt/labnet-agent.init"],
    ] as const) {
      await busyboxRun(["wget", "-q", "-O", file, `${baseURL}/api/agent/v1/download/${path}`]);
    }
    // The hashes the panel shows are the hashes of what was downloaded.
    const downloads = panel.getByRole("table", { name: "Agent downloads" });
    for (const file of [script, init]) {
      const { stdout } = await busyboxRun(["sha256sum", file]);
      await expect(downloads).toContainText(stdout.split(" ")[0]!);
    }
    const env = {
      LABNET_STATE_DIR: join(work, "state"),
      LABNET_ROOT: join(work, "root"),
      LABNET_WGET: `${busybox} wget`,
    };
    await busyboxRun(["sh", script, "enroll", baseURL!, token], env);
    const { stdout } = await busyboxRun(["sh", script, "run", "--once"], env);
    expect(stdout).toMatch(/revision \d+ applied/);

    await page.reload();
    await expect(row.getByText("online")).toBeVisible();
    await expect(row.getByText("openwrt")).toBeVisible();
    await expect(row.getByText("applied", { exact: true })).toBeVisible();
    const revisions = (await row.getByRole("cell").nth(3).innerText()).split("/").map((part) => part.trim());
    expect(revisions[0]).toBe(revisions[1]);
    const status = await busyboxRun(["sh", script, "status"], env);
    expect(status.stdout).toContain(`applied revision: ${revisions[0]}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
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
    const panel = page.getByRole("region", { name: `Enroll ${machine}` });
    // The browser's address is the default (no LABNET_URL here): loopback, so the panel warns.
    const address = panel.getByLabel("Server address");
    await expect(address).toHaveValue(baseURL!);
    await expect(panel.getByRole("alert")).toContainText("localhost is a loopback address");
    // A router gets the shell agent; each file's sha256 as labnet serves it.
    await expect(panel.getByRole("radio", { name: /OpenWrt router/ })).toBeChecked();
    const manifest = await (await request.get("/api/agent/v1/download")).json();
    const sha = (path: string) => manifest.files.find((file: { path: string }) => file.path === path).sha256;
    const downloads = panel.getByRole("table", { name: "Agent downloads" });
    await expect(downloads).toContainText(sha("openwrt/labnet-agent.sh"));
    await expect(downloads).toContainText(sha("openwrt/labnet-agent.init"));
    await expect(downloads).not.toContainText(sha("labnet-agent.mjs"));

    await panel.getByRole("button", { name: "Create enrollment token" }).click();
    const token = await panel.getByLabel("Enrollment token").inputValue();
    expect(token).toMatch(/^lne_/);
    const commands = panel.getByRole("figure", { name: "Install commands" });
    await expect(commands).toContainText(
      `wget -O /usr/sbin/labnet-agent.sh '${baseURL}/api/agent/v1/download/openwrt/labnet-agent.sh'`,
    );
    await expect(commands).toContainText(
      `echo '${sha("openwrt/labnet-agent.sh")}  /usr/sbin/labnet-agent.sh' | sha256sum -c`,
    );
    await expect(commands).toContainText(`/usr/sbin/labnet-agent.sh enroll '${baseURL}' '${token}'`);
    await expect(commands).toContainText("/etc/init.d/labnet-agent enable");

    // An address the router reaches: no warning, and the commands use it.
    await address.fill("http://10.20.30.40:3000/");
    await expect(panel.getByRole("alert")).toHaveCount(0);
    await expect(commands).toContainText("enroll 'http://10.20.30.40:3000' ");
    await address.fill("labnet.lan");
    await expect(panel.getByRole("alert")).toHaveText(
      "Server address: must be an http:// or https:// address",
    );
    await expect(commands).toHaveCount(0);
    await address.fill("http://10.20.30.40:3000");

    // The other platforms: the Node agent file, its hash, enroll, a service.
    await panel.getByRole("radio", { name: /Linux host/ }).check();
    await expect(downloads).toContainText(sha("labnet-agent.mjs"));
    await expect(commands).toContainText(
      `sudo curl -fsSLo /usr/local/lib/labnet-agent.mjs 'http://10.20.30.40:3000/api/agent/v1/download/labnet-agent.mjs'`,
    );
    await expect(commands).toContainText(`--server 'http://10.20.30.40:3000' --token '${token}'`);
    await expect(commands).toContainText("systemctl enable --now labnet-agent");
    await panel.getByRole("radio", { name: /Windows host/ }).check();
    await expect(commands).toContainText("Invoke-WebRequest -UseBasicParsing -Uri");
    await expect(commands).toContainText(
      `(Get-FileHash C:\\labnet\\labnet-agent.mjs -Algorithm SHA256).Hash -ne '${sha("labnet-agent.mjs")}'`,
    );

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
