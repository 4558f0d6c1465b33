// The dashboard works at whatever address it is opened (LABNET_URL unset): 127.0.0.1 and the
// machine's LAN address, as teammates reach a team dashboard; and `?next=` never leaves the site.
import { networkInterfaces } from "node:os";
import { expect, type Page, test } from "@playwright/test";
import { demo, uniqueEmail } from "../helpers";

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;

function portOf(): string {
  return new URL(String(test.info().project.use.baseURL)).port;
}

async function signInAt(page: Page, origin: string, next = "") {
  await page.goto(`${origin}/sign-in${next}`);
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill(demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("signs in at http://127.0.0.1", async ({ page }) => {
  const origin = `http://127.0.0.1:${portOf()}`;
  await signInAt(page, origin);
  await expect(page).toHaveURL(`${origin}/labs`);
});

test("signs in and signs up at the machine's LAN address", async ({ page }) => {
  test.skip(!lanAddress, "this machine has no non-loopback IPv4 address");
  const origin = `http://${lanAddress}:${portOf()}`;
  await signInAt(page, origin);
  await expect(page).toHaveURL(`${origin}/labs`);
  await page.context().clearCookies();
  await page.goto(`${origin}/sign-up`);
  await page.getByLabel("Your name").fill("Lan Teammate");
  await page.getByLabel("Email").fill(uniqueEmail("lan"));
  await page.getByLabel("Password").fill("lan-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${origin}/labs`);
});

test("sign-in ignores a next= that leads off-site", async ({ page }) => {
  const origin = `http://127.0.0.1:${portOf()}`;
  await signInAt(page, origin, "?next=//example.org/x");
  await expect(page).toHaveURL(`${origin}/labs`);
  await page.context().clearCookies();
  await signInAt(page, origin, `?next=${encodeURIComponent("/\\example.org")}`);
  await expect(page).toHaveURL(`${origin}/labs`);
  await page.context().clearCookies();
  await signInAt(page, origin, `?next=${encodeURIComponent("/leases")}`);
  await expect(page).toHaveURL(`${origin}/leases`);
});

test("signing up with a registered email reveals nothing and does not sign in", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Someone Else");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill("not-the-demo-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText(
    "Could not sign you in with this password. If you already have an account with this email, sign in with its password.",
  );
  await expect(page).toHaveURL(/\/sign-up/);
});
