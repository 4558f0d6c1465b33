import { expect, type Page, test } from "@playwright/test";
import { signInAsDemo } from "../helpers";

// Specs share one server per run: every name is unique to this run.
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

async function addLease(page: Page, site: string, hostname: string, mac: string) {
  await page.getByRole("button", { name: `Add lease to site ${site}` }).click();
  const dialog = page.getByRole("dialog", { name: "Add lease" });
  await dialog.getByLabel("Hostname").fill(hostname);
  await dialog.getByLabel("MAC").fill(mac);
  // The IP field is prefilled with the site's next free address outside the DHCP pool.
  await expect(dialog.getByLabel("IP", { exact: true })).toHaveValue(/^192\.168\.\d+\.\d+$/);
  await dialog.getByRole("button", { name: "Add lease" }).click();
  return dialog;
}

test("create a lab with a router, a site and three leases; a MAC conflict and a stale edit are shown and fixed", async ({
  page,
  context,
}, testInfo) => {
  const lab = `e2e-lab-${suffix}`;
  const router = `${lab}-router`;
  const site = `e2e_${suffix}`;
  await signInAsDemo(page);

  await page.getByRole("button", { name: "New lab" }).click();
  const labDialog = page.getByRole("dialog", { name: "New lab" });
  await labDialog.getByLabel("Name", { exact: true }).fill(lab);
  await labDialog.getByLabel("Windows build").fill("22H2");
  await labDialog.getByRole("button", { name: "Create lab" }).click();
  await expect(page.getByRole("heading", { name: lab })).toBeVisible();

  await page.getByRole("button", { name: "Add machine" }).click();
  const machineDialog = page.getByRole("dialog", { name: "Add machine" });
  await machineDialog.getByLabel("Name", { exact: true }).fill(router);
  await machineDialog.getByLabel("Kind").selectOption("router");
  await machineDialog.getByLabel("OpenWrt version").fill("23.05.3");
  await machineDialog.getByRole("button", { name: "Add machine" }).click();
  await expect(page.getByRole("tabpanel").getByText(router, { exact: true })).toBeVisible();

  // The router's uplink: a home router, then a PPPoE modem; saving one section keeps the other's draft.
  await page.getByRole("tab", { name: "Router" }).click();
  const uplink = page.getByRole("form", { name: `Uplink of ${router}` });
  const settings = page.getByRole("form", { name: `Settings of ${router}` });
  await settings.getByLabel("Configure SQM on the WAN").check();
  await settings.getByLabel("Upload kbit/s").fill("4500");
  for (const [index, hop] of [
    { name: "home router", mtu: "1500", encapsulation: "none" },
    { name: "DSL modem", mtu: "1492", encapsulation: "pppoe" },
  ].entries()) {
    await uplink.getByRole("button", { name: "+ Add hop" }).click();
    const row = uplink.getByRole("listitem", { name: `Hop ${index + 1}` });
    await row.getByLabel("Name").fill(hop.name);
    await row.getByLabel("MTU").fill(hop.mtu);
    await row.getByLabel("Encapsulation").selectOption(hop.encapsulation);
  }
  await uplink.getByRole("button", { name: "Move hop DSL modem up" }).click();
  await uplink.getByRole("button", { name: "Save uplink chain" }).click();
  await expect(uplink.getByRole("status")).toHaveText("Uplink chain saved.");
  await expect(uplink.getByText("2 hops · 2 NATs above the router · narrowest MTU 1492")).toBeVisible();
  await expect(uplink.getByRole("listitem", { name: "Hop 1" }).getByLabel("Name")).toHaveValue("DSL modem");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByRole("status")).toHaveText("Router settings saved.");
  await page.reload();
  await page.getByRole("tab", { name: "Router" }).click();
  await expect(page.getByText("settings version 3")).toBeVisible();
  await expect(settings.getByLabel("Upload kbit/s")).toHaveValue("4500");
  await expect(uplink.getByRole("listitem", { name: "Hop 1" }).getByLabel("Name")).toHaveValue("DSL modem");
  await page.getByRole("tab", { name: "Machines & NICs" }).click();

  await page.getByRole("link", { name: "Intranets" }).click();
  await page.getByRole("link", { name: "Corporate intranet" }).click();
  await page.getByRole("button", { name: "Add site" }).click();
  const siteDialog = page.getByRole("dialog", { name: "Add site" });
  await siteDialog.getByLabel("Router", { exact: true }).selectOption({ label: `${router} (${lab})` });
  await siteDialog.getByLabel("tinc node name").fill(site);
  await expect(siteDialog.getByLabel("Segment")).not.toHaveValue("");
  for (const peer of ["berlin", "munich", "office"])
    await siteDialog.getByLabel(peer, { exact: true }).check();
  await siteDialog.getByRole("button", { name: "Add site" }).click();
  const siteRow = page.getByRole("row").filter({ hasText: site });
  await expect(siteRow).toContainText("3");
  await expect(
    page
      .getByRole("region", { name: "Segment map" })
      .getByRole("link", { name: new RegExp(`site ${site}$`) }),
  ).toBeVisible();

  await siteRow.getByRole("link", { name: lab }).click();
  await page.getByRole("tab", { name: "Leases" }).click();
  const leases = ["00-15-5D-E2-E0-01", "0015.5de2.e002", "00:15:5d:e2:e0:03"];
  for (const [index, mac] of leases.entries()) {
    const dialog = await addLease(page, site, `e2e-vm${index + 1}`, mac);
    await expect(dialog).toBeHidden();
  }
  const table = page.getByRole("table", { name: `Leases of ${site}` });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table).toContainText("00:15:5d:e2:e0:02");

  // A MAC the demo's berlin host already holds: the error names the holder, on the MAC field.
  const conflict = await addLease(page, site, "e2e-vm4", "00-15-5D-0A-0A-01");
  await expect(
    conflict.getByText("MAC 00:15:5d:0a:0a:01 is already leased to berlin-host at site berlin"),
  ).toBeVisible();
  await expect(conflict.getByLabel("MAC")).toHaveAttribute("aria-invalid", "true");
  await conflict.getByLabel("MAC").fill("00-15-5D-E2-E0-04");
  await conflict.getByRole("button", { name: "Add lease" }).click();
  await expect(conflict).toBeHidden();
  await expect(table.getByRole("row")).toHaveCount(5);

  // Two tabs edit the same lease: the second save learns what changed, reloads, and succeeds.
  await table.getByRole("button", { name: "Edit lease e2e-vm1" }).click();
  const stale = page.getByRole("dialog", { name: "Edit lease e2e-vm1" });
  const other = await context.newPage();
  await other.goto(page.url());
  await other.getByRole("tab", { name: "Leases" }).click();
  await other.getByRole("button", { name: "Edit lease e2e-vm1" }).click();
  const otherDialog = other.getByRole("dialog", { name: "Edit lease e2e-vm1" });
  await otherDialog.getByLabel("Hostname").fill("e2e-vm1-renamed");
  await otherDialog.getByRole("button", { name: "Save lease" }).click();
  await expect(otherDialog).toBeHidden();
  await other.close();

  await stale.getByLabel("Lease time").fill("24h");
  await stale.getByRole("button", { name: "Save lease" }).click();
  await expect(
    stale.getByRole("alert").filter({ hasText: "hostname is now e2e-vm1-renamed" }).first(),
  ).toBeVisible();
  await stale.getByRole("button", { name: "Reload current values" }).click();
  const reloaded = page.getByRole("dialog", { name: "Edit lease e2e-vm1-renamed" });
  await expect(reloaded.getByLabel("Hostname")).toHaveValue("e2e-vm1-renamed");
  await reloaded.getByLabel("Lease time").fill("24h");
  await reloaded.getByRole("button", { name: "Save lease" }).click();
  await expect(reloaded).toBeHidden();
  await expect(table.getByRole("row").filter({ hasText: "e2e-vm1-renamed" })).toContainText("24h");
  await testInfo.attach("lab-leases", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("the demo seed shows on the lab, intranet and leases pages", async ({ page }, testInfo) => {
  await signInAsDemo(page);
  await page.getByRole("link", { name: "berlin-notebook" }).click();
  await page.getByRole("tab", { name: "Router" }).click();
  const uplink = page.getByRole("form", { name: "Uplink of berlin-router" });
  await expect(uplink.getByText("3 hops · 2 NATs above the router · narrowest MTU 1492")).toBeVisible();
  await expect(uplink.getByLabel("Encapsulation").nth(1)).toHaveValue("pppoe");
  await expect(
    page.getByRole("form", { name: "Shares of berlin-router" }).getByLabel("Share name"),
  ).toHaveValue("projects");
  await testInfo.attach("router-tab", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await page.getByRole("link", { name: "Intranets" }).click();
  await page.getByRole("link", { name: "Corporate intranet" }).click();
  for (const site of ["berlin", "munich", "hamburg", "office"]) {
    await expect(page.getByRole("row").filter({ hasText: `${site}-router` })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "Segment map" }).getByText(/reserved 3/)).toBeVisible();
  await testInfo.attach("intranet-page", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await page.getByRole("link", { name: "Leases" }).click();
  await page.getByLabel("MAC", { exact: true }).fill("00-15-5D-0A-0A");
  await expect(page.getByRole("table", { name: "Leases" }).getByRole("row")).toHaveCount(4);
  await testInfo.attach("leases-page", { body: await page.screenshot(), contentType: "image/png" });
});

test("bulk add previews every pasted line, applies them together, and the CSV export has them", async ({
  page,
}) => {
  await signInAsDemo(page);
  await page.getByRole("link", { name: "Leases" }).click();
  await page.getByRole("button", { name: "Bulk add" }).click();
  const dialog = page.getByRole("dialog", { name: "Bulk add leases" });
  await dialog.getByLabel("Site").selectOption({ label: "hamburg (Corporate intranet, 192.168.30.0/24)" });
  // Hex, so that it can be part of a MAC; unique to this run.
  const tag = (Date.now() % 65536).toString(16).padStart(4, "0");
  const macs = [0x50, 0x51].map((last) =>
    `02-E2-E0-${tag.slice(0, 2)}-${tag.slice(2, 4)}-${last.toString(16)}`.toUpperCase(),
  );
  const hostOctet = 50 + (Number.parseInt(tag, 16) % 40);
  await dialog
    .getByLabel("Lines: MAC IP hostname")
    .fill(
      [
        "# two new hosts and one in the pool",
        `${macs[0]} 192.168.30.${hostOctet} bulk-${tag}-1`,
        `${macs[1]} 192.168.30.150 bulk-${tag}-2`,
      ].join("\n"),
    );
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("status")).toContainText("1 would be created, 1 line has problems");
  await expect(dialog.getByRole("table", { name: "Preview" })).toContainText(
    "inside the DHCP pool of site hamburg",
  );
  await expect(dialog.getByRole("button", { name: /Apply/ })).toBeDisabled();

  await dialog
    .getByLabel("Lines: MAC IP hostname")
    .fill(
      `${macs[0]} 192.168.30.${hostOctet} bulk-${tag}-1\n${macs[1]} 192.168.30.${hostOctet + 1} bulk-${tag}-2`,
    );
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByRole("status")).toContainText("2 would be created, 0 lines have problems");
  await dialog.getByRole("button", { name: "Apply 2 leases" }).click();
  await expect(dialog).toBeHidden();

  await page.getByLabel("Hostname", { exact: true }).fill(`bulk-${tag}`);
  await expect(page.getByRole("table", { name: "Leases" }).getByRole("row")).toHaveCount(3);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const { readFile } = await import("node:fs/promises");
  const csv = await readFile(file, "utf8");
  expect(csv.split("\r\n")[0]).toBe("site,hostname,mac,ip,lease_time,tags,nic");
  expect(csv).toContain(
    `hamburg,bulk-${tag}-1,${macs[0]!.toLowerCase().replaceAll("-", ":")},192.168.30.${hostOctet},infinite,,`,
  );
  expect(csv.trim().split("\r\n")).toHaveLength(3);
});
