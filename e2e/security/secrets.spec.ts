// A share password stored before labnet refused them (planted straight into the database, the only
// way in now) never reaches a browser: every API response of the main pages, the model export and
// the audit log is scanned for it, before and after the router's shares are saved again.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, type TestInfo, test } from "@playwright/test";
import pg from "pg";
import { signUp, trpcCall, uniqueEmail } from "../helpers";

/**
 * The database of the labnet this project's baseURL serves (e2e/serve.ts starts it): on the
 * TEST_DATABASE_URL server, the labnet_e2e_* database that holds `email`; embedded, the PGlite
 * server started from a labnet-e2e-* data folder, reached on the socket in that folder.
 */
async function databaseOf(testInfo: TestInfo, email: string): Promise<pg.Client> {
  const candidates: string[] = [];
  if (testInfo.project.name === "postgres") {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const names = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'labnet_e2e_%'",
    );
    await admin.end();
    for (const { datname } of names.rows) {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${datname}`;
      candidates.push(url.href);
    }
  } else {
    for (const folder of await embeddedE2eSocketDirs()) {
      candidates.push(`postgresql://postgres:postgres@localhost/postgres?host=${encodeURIComponent(folder)}`);
    }
  }
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      const found = await client.query(`SELECT 1 FROM "user" WHERE email = $1`, [email]);
      if (found.rowCount === 1) return client;
    } catch {
      // Another run's leftover: not ours.
    }
    await client.end().catch(() => {});
  }
  throw new Error(`no e2e database holds ${email} (looked at ${candidates.length})`);
}

/** Socket folders of PGlite servers whose data folder e2e/serve.ts made (labnet-e2e-*). */
async function embeddedE2eSocketDirs(): Promise<string[]> {
  const folders: string[] = [];
  for (const pid of await readdir("/proc").then((entries) => entries.filter((e) => /^\d+$/.test(e)))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const dataDir = /--db=([^\0]*\/labnet-e2e-(?!pg-)[^\0/]*)\/pgdata/.exec(cmdline)?.[1];
    // npm start serves the embedded database on a unix socket in the data folder (see packages/db).
    if (dataDir) folders.push(join(dataDir, "run"));
  }
  return folders;
}

test("a share secret planted in the database never reaches a response", async ({ page }, testInfo) => {
  const secret = `Planted-${Date.now()}-S3cret`;
  const seen: { url: string; body: string }[] = [];
  page.on("response", async (response) => {
    if (!response.url().includes("/api/")) return;
    const body = await response.text().catch(() => null);
    if (body !== null) seen.push({ url: response.url(), body });
  });
  const call = async (procedure: string, input: unknown, kind: "query" | "mutation") => {
    const result = await trpcCall(page.request, procedure, input, { kind });
    seen.push({ url: procedure, body: JSON.stringify(result.body) });
    return result;
  };

  const email = uniqueEmail("secrets");
  await signUp(page, "Sam Secret", email, "correct-horse-battery");
  const lab = (await call("lab.create", { name: "Secrets lab" }, "mutation")).body.result.data.json;
  const router = (
    await call(
      "machine.create",
      { labId: lab.id, name: "gw", kind: "router", openwrtVersion: "23.05.3" },
      "mutation",
    )
  ).body.result.data.json;
  const detail = (await call("lab.get", { id: lab.id }, "query")).body.result.data.json;
  const version = detail.machines.find((m: { id: string }) => m.id === router.id).router.version;
  const share = {
    name: "projects",
    remoteUnc: "//10.0.0.5/projects",
    mountPoint: "/mnt/projects",
    credentialsFile: "/etc/samba/projects.cred",
  };
  // The API refuses a password outright and says where it belongs.
  const refused = await call(
    "router.saveShares",
    { machineId: router.id, version, shares: [{ ...share, mountOptions: `password=${secret}` }] },
    "mutation",
  );
  expect(refused.status).toBe(400);
  expect(refused.body.error.json.data.fields["shares.0.mountOptions"]).toMatch(/credentialsFile/);
  const saved = await call(
    "router.saveShares",
    { machineId: router.id, version, shares: [{ ...share, mountOptions: "vers=3.0" }] },
    "mutation",
  );
  expect(saved.status).toBe(200);

  // Plant what an older labnet stored.
  const db = await databaseOf(testInfo, email);
  try {
    const planted = await db.query(`UPDATE samba_share SET "mountOptions" = $1 WHERE "routerId" = $2`, [
      `iocharset=utf8,username=sam,password=${secret}`,
      router.id,
    ]);
    expect(planted.rowCount).toBe(1);

    // The pages a viewer opens, then the shares saved from the Router tab as shown.
    for (const path of [
      "/labs",
      "/intranets",
      "/leases",
      "/plans",
      "/insight",
      "/agents",
      "/team",
      "/audit",
    ]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    await page.goto(`/labs/${lab.id}`);
    await page.getByRole("tab", { name: "Router" }).click();
    const editor = page.getByRole("form", { name: "Shares of gw" });
    await expect(editor.getByLabel("Extra mount options")).toHaveValue("iocharset=utf8");
    await editor.getByRole("button", { name: "Save shares" }).click();
    await expect(editor.getByText("Shares saved.")).toBeVisible();
    // The audit page now lists that save, with its before/after.
    await page.goto("/audit");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");

    await call("model.export", undefined, "query");
    await call("audit.list", { pageSize: 200 }, "query");
    await call("lab.get", { id: lab.id }, "query");

    const stored = await db.query(`SELECT "mountOptions" FROM samba_share WHERE "routerId" = $1`, [
      router.id,
    ]);
    expect(stored.rows).toEqual([{ mountOptions: "iocharset=utf8" }]);
  } finally {
    await db.end();
  }

  expect(seen.filter((response) => response.url.includes("lab.get")).length).toBeGreaterThanOrEqual(3);
  expect(seen.length).toBeGreaterThan(15);
  expect(seen.filter((response) => response.body.includes(secret)).map((response) => response.url)).toEqual(
    [],
  );
});
