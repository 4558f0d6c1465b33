import { expect, test } from "@playwright/test";
import { signUp, trpcCall, uniqueEmail } from "../helpers";

const password = "correct-horse-battery";

test("an owner invites a viewer, who sees the team's data but cannot change it", async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signUp(owner, "Olivia Owner", uniqueEmail("owner"), password);
  await expect(owner.getByLabel("Active team")).toContainText("Olivia Owner's team");

  const teamName = `Ops ${Date.now()}`;
  await owner.goto("/team");
  await owner.getByLabel("New team name").fill(teamName);
  await owner.getByRole("button", { name: "Create team" }).click();
  await expect(owner.getByLabel("Active team")).toContainText(teamName);
  await expect(owner.getByLabel("Active team")).toHaveValue(/.+/);

  await owner.getByRole("combobox", { name: "Role", exact: true }).selectOption("viewer");
  await owner.getByRole("button", { name: "Create invite link" }).click();
  const link = await owner.getByLabel("Invite link", { exact: true }).inputValue();
  expect(link).toMatch(/\/invite\/lni_/);

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  const viewerEmail = uniqueEmail("viewer");
  await viewer.goto(new URL(link).pathname);
  await viewer.getByRole("link", { name: "create an account" }).click();
  await viewer.getByLabel("Your name").fill("Victor Viewer");
  await viewer.getByLabel("Email").fill(viewerEmail);
  await viewer.getByLabel("Password").fill(password);
  await viewer.getByRole("button", { name: "Create account" }).click();
  await expect(viewer.getByText(`You are invited to ${teamName} as viewer`)).toBeVisible();
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer).toHaveURL(/\/labs/);
  await expect(viewer.getByLabel("Active team")).toContainText(`${teamName} (viewer)`);

  // The viewer sees the team's data …
  await viewer.goto("/team");
  const members = viewer.getByRole("region", { name: "Members" });
  await expect(members.getByRole("cell", { name: "Olivia Owner" })).toBeVisible();
  await expect(members.getByRole("cell", { name: "Victor Viewer" })).toBeVisible();
  await viewer.goto("/audit");
  await expect(viewer.getByRole("cell", { name: "invite.accept" })).toBeVisible();
  await expect(viewer.getByRole("cell", { name: "team.create" })).toBeVisible();

  // … but the controls to change it are hidden …
  await viewer.goto("/team");
  await expect(members.getByRole("combobox")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Rename" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Create invite link" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Create token" })).toHaveCount(0);

  // … and the API refuses them anyway.
  const rename = await trpcCall(viewer.request, "team.rename", { name: "Hijacked" }, { kind: "mutation" });
  expect(rename.status).toBe(403);
  expect(rename.body.error.json.data.code).toBe("FORBIDDEN");
  const invite = await trpcCall(viewer.request, "team.createInvite", { role: "admin" }, { kind: "mutation" });
  expect(invite.status).toBe(403);

  // The link was single use.
  const thirdContext = await browser.newContext();
  const third = await thirdContext.newPage();
  await signUp(third, "Tina Third", uniqueEmail("third"), password);
  await third.goto(new URL(link).pathname);
  await expect(third.getByText("This invite link has already been used.")).toBeVisible();

  await Promise.all([ownerContext.close(), viewerContext.close(), thirdContext.close()]);
});

test("an API token works as a bearer token until it is revoked", async ({ page, request }) => {
  await signUp(page, "Tom Token", uniqueEmail("token"), password);
  await page.goto("/team");
  await page.getByLabel("Token name").fill("nightly export");
  await page.getByLabel("Token role").selectOption("viewer");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByLabel("New API token").inputValue();
  expect(secret).toMatch(/^lnt_/);

  const headers = { authorization: `Bearer ${secret}` };
  const allowed = await trpcCall(request, "lab.list", {}, { kind: "query", headers });
  expect(allowed.status).toBe(200);
  expect(allowed.body.result.data.json.total).toBe(0);
  const refused = await trpcCall(request, "team.rename", { name: "x" }, { kind: "mutation", headers });
  expect(refused.status).toBe(403);

  await page.reload();
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("cell", { name: "revoked" })).toBeVisible();
  const revoked = await trpcCall(request, "lab.list", {}, { kind: "query", headers });
  expect(revoked.status).toBe(401);
  expect(revoked.body.error.json.message).toContain("invalid, expired or revoked");
});
