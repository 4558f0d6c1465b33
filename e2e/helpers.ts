import { expect, type Page } from "@playwright/test";

export const demo = { email: "demo@labnet.local", password: "labnet-demo" };

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/labs/);
}

export function signInAsDemo(page: Page) {
  return signIn(page, demo.email, demo.password);
}
