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

export async function signUp(page: Page, name: string, email: string, password: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/labs/);
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`;
}

/** Calls a tRPC procedure over plain HTTP, as an automation client would (superjson envelope). */
export async function trpcCall(
  request: import("@playwright/test").APIRequestContext,
  procedure: string,
  input: unknown,
  options: { kind: "query" | "mutation"; headers?: Record<string, string> },
) {
  const envelope = JSON.stringify({ json: input ?? null });
  const response =
    options.kind === "query"
      ? await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(envelope)}`, {
          headers: options.headers,
        })
      : await request.post(`/api/trpc/${procedure}`, {
          data: envelope,
          // A cookie-authenticated mutation must come from labnet's own page: say so, as the
          // dashboard's fetch does (a bearer token needs no origin).
          headers: {
            "content-type": "application/json",
            ...(options.headers?.authorization ? {} : { "sec-fetch-site": "same-origin" }),
            ...options.headers,
          },
        });
  return { status: response.status(), body: await response.json() };
}

/**
 * Publishes whatever the inventory holds now through a plan (draft, approve, acknowledge every
 * blocking finding, publish), as an admin would; a no-op when nothing changed since the last one.
 */
export async function publishThroughPlan(
  request: import("@playwright/test").APIRequestContext,
  title: string,
) {
  const created = await trpcCall(request, "plan.create", { title }, { kind: "mutation" });
  if (created.status !== 200) {
    expect(created.body.error.json.message).toMatch(/Nothing to publish/);
    return;
  }
  const plan = created.body.result.data.json as { id: string; version: number };
  const approved = await trpcCall(request, "plan.approve", plan, { kind: "mutation" });
  expect(approved.status).toBe(200);
  const detail = await trpcCall(request, "plan.get", { id: plan.id }, { kind: "query" });
  const acknowledgements = detail.body.result.data.json.preview.blocking.map((f: { key: string }) => f.key);
  const published = await trpcCall(
    request,
    "plan.publish",
    { id: plan.id, version: approved.body.result.data.json.version, acknowledgements },
    { kind: "mutation" },
  );
  expect(published.status).toBe(200);
}
