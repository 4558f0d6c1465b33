import { expect, test } from "@playwright/test";
import { signInAsDemo } from "../helpers";

test("import a router's dhcp file into a site: preview, a conflict blocks, the fixed file imports", async ({
  page,
}, testInfo) => {
  const suffix = Date.now().toString(16).slice(-4);
  const mac = `52:54:00:e2:${suffix.slice(0, 2)}:${suffix.slice(2, 4)}`;
  const hostname = `imported-${suffix}`;
  await signInAsDemo(page);
  await page.goto("/intranets");
  await page.getByRole("link", { name: "Corporate intranet" }).click();
  await page.getByRole("link", { name: "Import files into site munich" }).click();
  await expect(page.getByRole("heading", { name: "Import a router's files" })).toBeVisible();

  const hosts = (ip: string) =>
    `config host\n\toption name '${hostname}'\n\toption mac '${mac}'\n\toption ip '${ip}'\n`;
  await page.getByLabel("Path of the pasted file").fill("/etc/config/dhcp");
  await page.getByLabel("File content").fill(hosts("192.168.20.150"));
  await page.getByRole("button", { name: "Add pasted file" }).click();
  await page.getByRole("button", { name: "Preview import" }).click();
  const leases = page.getByRole("table", { name: "Imported leases" });
  await expect(leases.getByRole("row").filter({ hasText: hostname })).toContainText("conflict");
  await expect(leases.getByRole("row").filter({ hasText: hostname })).toContainText("pool");
  await expect(page.getByRole("button", { name: "Import all of it" })).toHaveCount(0);

  await page.getByLabel("File content").fill(hosts("192.168.20.60"));
  await page.getByRole("button", { name: "Add pasted file" }).click();
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(leases.getByRole("row").filter({ hasText: hostname })).toContainText("create");
  await testInfo.attach("import-preview", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
  await page.getByRole("button", { name: "Import all of it" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported: 1 lease(s) created" })).toBeVisible();

  await page.goto("/leases");
  await page.getByLabel("Hostname", { exact: true }).fill(hostname);
  await expect(page.getByRole("table", { name: "Leases" }).getByText("192.168.20.60")).toBeVisible();
});
