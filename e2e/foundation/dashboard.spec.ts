import { expect, test } from "@playwright/test";
import { signInAsDemo } from "../helpers";

test("health reports the database mode and no pending migrations", async ({ request }, testInfo) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const health = await response.json();
  expect(health).toMatchObject({ status: "ok", db: testInfo.project.name, migrations: { pending: 0 } });
  expect(health.migrations.applied).toBeGreaterThan(0);
  expect(typeof health.version).toBe("string");
});

test("an anonymous visitor is sent to sign in", async ({ page }) => {
  await page.goto("/labs");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to labnet" })).toBeVisible();
});

test("the Labs page lists the demo labs through the API", async ({ page }, testInfo) => {
  await signInAsDemo(page);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([
    "Labs",
    "Intranets",
    "Insight",
    "Leases",
    "Agents",
    "Plans",
    "Audit",
  ]);
  const table = page.getByRole("table");
  for (const lab of ["berlin-notebook", "munich-notebook", "hamburg-notebook", "office-rack"]) {
    await expect(table.getByRole("link", { name: lab })).toBeVisible();
  }
  await expect(page.getByLabel("Active team")).toContainText("Demo team");
  await page.getByLabel("Search labs").fill("munich");
  await expect(table.getByRole("link")).toHaveText(["munich-notebook"]);
  await page.getByLabel("Search labs").fill("");
  await expect(table.getByRole("link")).toHaveCount(4);
  await testInfo.attach("labs-page", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});

test("a wrong password gets one generic message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@labnet.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is wrong.");
});
