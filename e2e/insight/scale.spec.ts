// Issue 9's acceptance: a fresh team imports a 254-site intranet through the Import model dialog,
// and the intranet map and the reachability matrix become interactive, and stay responsive,
// within generous bounds. The measured numbers go into the report (annotations and a console line).
import { readFile } from "node:fs/promises";
import { syntheticModel } from "@labnet/sim/synthetic";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { signUp, trpcCall, uniqueEmail } from "../helpers";

const sites = 254;
const endpointsPerSite = 5;

async function readyAfter(page: Page, mark: string): Promise<number> {
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, {
    timeout: 60_000,
  });
  return page.evaluate((name) => Math.round(performance.getEntriesByName(name)[0]!.startTime), mark);
}

function report(testInfo: TestInfo, what: string, ms: number) {
  testInfo.annotations.push({ type: what, description: `${ms} ms` });
  console.log(`[${testInfo.project.name}] ${what}: ${ms} ms`);
}

test("a 254-site intranet imports through the dialog; map and matrix become interactive, the matrix responds", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const model = syntheticModel({ sites, endpointsPerSite });
  expect(model.sites.length).toBeGreaterThanOrEqual(254);
  expect(model.nics.length).toBeGreaterThanOrEqual(1_000);
  await signUp(page, "Scale Tester", uniqueEmail("scale"), "scale-test-password-1");

  // Import through the dialog: pick the file, see its counts, import.
  await page.getByRole("button", { name: "Import model" }).click();
  const dialog = page.getByRole("dialog", { name: "Import model" });
  await dialog.getByLabel("Model file").setInputFiles({
    name: "synthetic-254.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(model)),
  });
  const counts = dialog.getByRole("definition");
  await expect(counts.nth(5)).toHaveText(String(sites), { timeout: 30_000 });
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  const importStarted = Date.now();
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByRole("status")).toHaveText(
    `Imported ${sites} labs, ${sites} sites and ${model.leases.length} leases.`,
    {
      timeout: 120_000,
    },
  );
  report(testInfo, `import ${sites} sites / ${model.nics.length} NICs`, Date.now() - importStarted);
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();

  // Export model gives the same network back; importing it again is refused with every collision.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export model" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("labnet-model.json");
  const exported = JSON.parse(await readFile(await download.path(), "utf8")) as typeof model;
  expect([exported.sites.length, exported.nics.length]).toEqual([sites, model.nics.length]);
  await page.getByRole("button", { name: "Import model" }).click();
  await dialog.getByLabel("Model file").setInputFiles(await download.path());
  const problems = dialog.getByRole("list", { name: "Problems" });
  await expect(problems.getByRole("listitem").first()).toContainText(
    'labs.0.name: the team already has a lab named "s0-notebook"',
    { timeout: 30_000 },
  );
  await expect(problems.getByRole("listitem")).toHaveCount(
    sites + 2 + model.nics.length + model.leases.length,
  );
  await expect(dialog.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // The intranet map: time to interactive (its site nodes: see the next test).
  await page.goto("/insight");
  const mapReady = await readyAfter(page, "insight:map-ready");
  report(testInfo, `time to interactive: intranet map (${sites} sites)`, mapReady);
  expect(mapReady).toBeLessThan(30_000);
  await expect(page.getByText(`netname synth · ${sites} sites`)).toBeVisible();

  // The reachability matrix: time to interactive, then a cell click explains its path within a bound.
  await page.goto("/insight/matrix");
  const matrixReady = await readyAfter(page, "insight:matrix-ready");
  report(testInfo, `time to interactive: reachability matrix (${model.nics.length} NICs)`, matrixReady);
  expect(matrixReady).toBeLessThan(30_000);
  const grid = page.getByTestId("matrix-grid");
  const cell = grid.locator('[role="gridcell"]:not([data-grade="self"])').first();
  await expect(cell).toBeVisible();
  const clicked = Date.now();
  await cell.click();
  await expect(page.getByTestId("path-ladder")).toBeVisible({ timeout: 30_000 });
  const cellMs = Date.now() - clicked;
  report(testInfo, "matrix: cell click → path explained", cellMs);
  expect(cellMs).toBeLessThan(10_000);
  // Keyboard stays responsive on the big grid: an arrow key moves the active cell at once.
  await grid.focus();
  const before = await grid.getAttribute("aria-activedescendant");
  const pressed = Date.now();
  await page.keyboard.press("ArrowRight");
  await expect(grid).not.toHaveAttribute("aria-activedescendant", before ?? "");
  const keyMs = Date.now() - pressed;
  report(testInfo, "matrix: arrow key → active cell moved", keyMs);
  expect(keyMs).toBeLessThan(2_000);
  await testInfo.attach("matrix-254-sites", { body: await page.screenshot(), contentType: "image/png" });
});

// Above 60 sites the map renders only visible nodes; the nodes carry their size up front so that
// fitView still frames the whole ring and a site node is there to open.
test("a site node of the 254-site intranet map opens its lab within a bound", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, "Scale Mapper", uniqueEmail("scale-map"), "scale-test-password-1");
  const model = syntheticModel({ sites, endpointsPerSite });
  const imported = await trpcCall(
    page.request,
    "model.import",
    { source: JSON.stringify(model) },
    { kind: "mutation" },
  );
  expect(imported.status).toBe(200);
  await page.goto("/insight");
  await readyAfter(page, "insight:map-ready");
  const map = page.getByTestId("intranet-map");
  const site = map.getByRole("button", { name: /^Site s7,/ });
  await expect(site).toBeAttached();
  await site.focus();
  const opened = Date.now();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/insight\/labs\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "s7-notebook" })).toBeVisible({ timeout: 30_000 });
  const openMs = Date.now() - opened;
  report(testInfo, "intranet map: site node → its lab map", openMs);
  expect(openMs).toBeLessThan(15_000);
});
