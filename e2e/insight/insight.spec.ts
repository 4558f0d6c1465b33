// The insight views on the demo network, with screenshots for the report and the time until the
// intranet map and the matrix are interactive (performance marks set by the pages).
import { expect, type Page, test } from "@playwright/test";
import { signInAsDemo } from "../helpers";

async function readyAfter(page: Page, mark: string): Promise<number> {
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark);
  return page.evaluate((name) => Math.round(performance.getEntriesByName(name)[0]!.startTime), mark);
}

test.beforeEach(async ({ page }) => {
  await signInAsDemo(page);
});

test("the intranet map draws the demo mesh and opens a site's lab", async ({ page }, testInfo) => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insight" }).click();
  await expect(page).toHaveURL(/\/insight$/);
  const map = page.getByTestId("intranet-map");
  for (const site of ["berlin", "munich", "hamburg", "office"]) {
    await expect(map.getByRole("button", { name: new RegExp(`^Site ${site},`) })).toBeVisible();
  }
  await expect(page.getByText("mesh connected")).toBeVisible();
  const ready = await readyAfter(page, "insight:map-ready");
  testInfo.annotations.push({ type: "time to interactive: intranet map (demo)", description: `${ready} ms` });
  console.log(
    `[${testInfo.project.name}] intranet map (demo) interactive ${ready} ms after navigation start`,
  );
  await testInfo.attach("intranet-map", { body: await page.screenshot(), contentType: "image/png" });
  // Keyboard: focus the berlin card and open it.
  await map.getByRole("button", { name: /^Site berlin,/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/insight\/labs\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "berlin-notebook" })).toBeVisible();
});

test("a lab map shows host, switches, router and the uplink chain with NIC addresses and findings", async ({
  page,
}, testInfo) => {
  await page.goto("/insight/labs");
  await page.getByRole("link", { name: /berlin-notebook/ }).click();
  const map = page.getByTestId("lab-map");
  for (const node of [
    "berlin-host",
    "berlin-router",
    "berlin-ci",
    "LAN",
    "WAN",
    "home router",
    "DSL modem (PPPoE)",
    "ISP",
    "internet",
  ]) {
    await expect(map.getByText(node, { exact: true }).first()).toBeVisible();
  }
  await expect(map.getByText("00:15:5d:0a:0a:10")).toBeVisible();
  await expect(map.getByText(/192\.168\.10\.20/)).toBeVisible();
  await expect(map.getByText(/MTU 1492 \(pppoe −8 B\) ← narrowest/)).toBeVisible();
  await expect(map.getByText(/^\d+ warnings?$/).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: /Findings in this lab/ })).toBeVisible();
  await testInfo.attach("lab-map-berlin", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("the matrix colours site pairs and explains a cell's path", async ({ page }, testInfo) => {
  await page.goto("/insight/matrix");
  const grid = page.getByTestId("matrix-grid");
  await expect(grid).toBeVisible();
  const ready = await readyAfter(page, "insight:matrix-ready");
  testInfo.annotations.push({ type: "time to interactive: matrix (demo)", description: `${ready} ms` });
  console.log(`[${testInfo.project.name}] matrix (demo) interactive ${ready} ms after navigation start`);
  // hamburg → internet: its LTE hop drops ICMP frag-needed.
  await expect(
    grid.getByRole("gridcell", { name: "hamburg → internet", exact: false }).first(),
  ).toHaveAttribute("data-grade", "black-hole");
  await page
    .getByRole("button", { name: /^Expand berlin/ })
    .first()
    .click();
  await expect(page.getByRole("button", { name: /^Collapse berlin/ }).first()).toBeVisible();
  await grid.getByRole("gridcell", { name: /^berlin-ci eth0 → hamburg:/ }).click();
  const ladder = page.getByTestId("path-ladder");
  // hamburg's outer path drops ICMP: tinc's probing settles at or below 1373, so it is a ceiling.
  await expect(ladder.getByTestId("path-mtu")).toHaveText(/^≤ 1373 bytes/);
  await expect(ladder.getByText("tinc tunnel")).toBeVisible();
  // Keyboard: the grid takes focus, arrows move, Enter explains.
  await grid.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(ladder).toBeVisible();
  await testInfo.attach("reachability-matrix", { body: await page.screenshot(), contentType: "image/png" });
});

test("the path explorer shows berlin's PPPoE and double-NAT way out with its MTU verdict", async ({
  page,
}, testInfo) => {
  await page.goto("/insight/paths");
  await page.getByLabel("From").selectOption({ label: "berlin-ci eth0 — 192.168.10.20" });
  await page.getByRole("button", { name: "To the internet" }).click();
  const ladder = page.getByTestId("path-ladder");
  await expect(ladder.getByTestId("path-mtu")).toHaveText("1492 bytes");
  await expect(ladder.getByTestId("path-headline")).toContainText("ICMP handling is unknown");
  const modem = ladder.getByRole("row").filter({ hasText: "DSL modem (PPPoE)" });
  await expect(modem).toContainText("narrowest");
  await expect(modem).toContainText("+8 B pppoe");
  await expect(modem).toContainText("NAT");
  await expect(ladder.getByRole("row").filter({ hasText: "home router" })).toContainText("NAT");
  await expect(ladder.getByRole("row").filter({ hasText: "berlin-router" })).toContainText(
    "mtu_fix: MSS 1460",
  );
  await expect(ladder.getByTestId("path-fix")).toContainText("1452");
  await expect(page).toHaveURL(/from=.*&to=internet|to=internet.*from=/);
  await testInfo.attach("path-explorer-berlin-pppoe", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("findings filter by severity and link to the object to fix", async ({ page }, testInfo) => {
  await page.goto("/insight/findings");
  await page.getByLabel("Severity").selectOption("error");
  const list = page.getByRole("list", { name: "Findings" });
  await expect(list.getByText("PMTUD black hole on the way out")).toBeVisible();
  await expect(list.getByText("Possible PMTUD black hole (ICMP handling unknown)")).toHaveCount(0);
  await testInfo.attach("findings", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
  await list
    .getByRole("link", { name: /LTE router/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/insight\/labs\/[^?]+\?focus=/);
  await expect(page.getByRole("heading", { name: "hamburg-notebook" })).toBeVisible();
});

test("a lab id of nobody's lab says what to do", async ({ page }) => {
  await page.goto("/insight/labs/no-such-lab");
  await expect(page.getByRole("alert").filter({ hasText: "Could not draw this lab" })).toContainText(
    "does not exist in your active team",
  );
  await expect(page.getByRole("link", { name: "Choose another lab" })).toBeVisible();
});
