import { expect, test } from "@playwright/test";
import { signUp, trpcCall, uniqueEmail } from "../helpers";

const password = "correct-horse-battery";

test("an admin's token follows its creator: demoted it acts as editor, removed it stops; admins cannot invite admins", async ({
  browser,
  request,
}) => {
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signUp(owner, "Olivia Owner", uniqueEmail("owner"), password);
  await owner.goto("/team");
  await owner.getByRole("combobox", { name: "Role", exact: true }).selectOption("admin");
  await owner.getByRole("button", { name: "Create invite link" }).click();
  const link = await owner.getByLabel("Invite link", { exact: true }).inputValue();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminEmail = uniqueEmail("admin");
  await signUp(admin, "Adam Admin", adminEmail, password);
  await admin.goto(new URL(link).pathname);
  await admin.getByRole("button", { name: "Accept invitation" }).click();
  await expect(admin.getByLabel("Active team")).toContainText("(admin)");

  // An admin is offered editor and viewer invites only, and the API refuses an admin invite by name.
  await admin.goto("/team");
  const inviteRole = admin.getByRole("combobox", { name: "Role", exact: true });
  await expect(inviteRole.locator("option")).toHaveText(["viewer", "editor"]);
  const adminInvite = await trpcCall(
    admin.request,
    "team.createInvite",
    { role: "admin" },
    { kind: "mutation" },
  );
  expect(adminInvite.status).toBe(403);
  expect(adminInvite.body.error.json.message).toBe("role: only an owner can invite admins");
  expect(adminInvite.body.error.json.data.fields).toEqual({ role: "only an owner can invite admins" });

  await admin.getByLabel("Token name").fill("deploy");
  await admin.getByLabel("Token role").selectOption("admin");
  await admin.getByRole("button", { name: "Create token" }).click();
  const headers = { authorization: `Bearer ${await admin.getByLabel("New API token").inputValue()}` };
  expect((await trpcCall(request, "token.list", undefined, { kind: "query", headers })).status).toBe(200);

  // Demoted to editor: the token keeps working, as an editor.
  await owner.reload();
  await owner.getByLabel(`Role of ${adminEmail}`).selectOption("editor");
  await expect(owner.getByLabel(`Role of ${adminEmail}`)).toHaveValue("editor");
  expect((await trpcCall(request, "token.list", undefined, { kind: "query", headers })).status).toBe(403);
  expect((await trpcCall(request, "lab.list", {}, { kind: "query", headers })).status).toBe(200);
  await owner.reload();
  const tokens = owner.getByRole("region", { name: "API tokens" });
  await expect(tokens.getByText("acts as editor since its creator's role changed")).toBeVisible();

  // Removed: the token stops on its next request.
  owner.once("dialog", (dialog) => dialog.accept());
  await owner.getByRole("button", { name: `Remove ${adminEmail}` }).click();
  await expect(owner.getByLabel(`Role of ${adminEmail}`)).toHaveCount(0);
  const stopped = await trpcCall(request, "lab.list", {}, { kind: "query", headers });
  expect(stopped.status).toBe(401);
  expect(stopped.body.error.json.message).toContain("no longer a member");
  await owner.reload();
  await expect(tokens.getByText("stopped: its creator (Adam Admin) left the team")).toBeVisible();

  await Promise.all([ownerContext.close(), adminContext.close()]);
});
