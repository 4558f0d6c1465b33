// The web edge through the real server (apps/web/server.ts → Next.js), with the sign-in limits on:
// spoofed X-Forwarded-For, cross-site tRPC mutations, and 300 MB uploads against the server's memory.
// It starts its own labnet (the suite's servers run without rate limits) on the project's database.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { demo, uniqueEmail } from "../helpers";

const root = join(import.meta.dirname, "../..");
let server: ChildProcess;
let base: string;
let port: number;

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(200_000);
  const mode = test.info().project.name === "postgres" ? "postgres" : "embedded";
  port = Number(process.env.LABNET_E2E_PORT ?? 3100) + (mode === "postgres" ? 11 : 10);
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "e2e/serve.ts", mode, String(port), "rate-limit"], {
    cwd: root,
    stdio: "ignore",
    detached: true,
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`labnet on port ${port} did not become healthy in 180 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

test.afterAll(async () => {
  if (!server?.pid) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(server.pid, "SIGTERM");
  const timer = setTimeout(() => server.pid && process.kill(-server.pid, "SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
});

const own = () => ({ origin: base });

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function signUpAndIn(email: string, password: string): Promise<string> {
  expect((await post("/api/auth/sign-up/email", { email, password, name: "Edge" }, own())).status).toBe(200);
  const signedIn = await post("/api/auth/sign-in/email", { email, password }, own());
  expect(signedIn.status).toBe(200);
  return signedIn.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

function trpc(procedure: string, input: unknown, headers: Record<string, string>) {
  return post(`/api/trpc/${procedure}`, { json: input }, headers);
}

test("a cross-site multipart POST to a tRPC mutation is refused with 403 and changes nothing", async () => {
  const cookie = await signUpAndIn(uniqueEmail("csrf"), "edge-password-1");
  const teams = async () => {
    const response = await fetch(`${base}/api/trpc/team.mine`, { headers: { cookie } });
    return ((await response.json()) as { result: { data: { json: { teams: unknown[] } } } }).result.data.json
      .teams.length;
  };
  const before = await teams();

  const form = new FormData();
  form.set("name", "Planted by another site");
  const crossSite = await fetch(`${base}/api/trpc/team.create`, {
    method: "POST",
    headers: { cookie, origin: "http://attacker.example", "sec-fetch-site": "cross-site" },
    body: form,
  });
  expect(crossSite.status).toBe(403);
  const refusal = (await crossSite.json()) as {
    error: { json: { message: string; data: { code: string } } };
  };
  expect(refusal.error.json.data.code).toBe("FORBIDDEN");
  expect(refusal.error.json.message).toContain("http://attacker.example");

  // A same-site page on another port is another origin, and no Origin at all is refused too.
  const sameSite = await trpc("team.create", { name: "x" }, { cookie, origin: `http://localhost:${port}` });
  expect(sameSite.status).toBe(403);
  const bare = await trpc("team.create", { name: "x" }, { cookie });
  expect(bare.status).toBe(403);
  // Multipart from labnet's own origin is still not JSON.
  const ownMultipart = await fetch(`${base}/api/trpc/team.create`, {
    method: "POST",
    headers: { cookie, ...own() },
    body: form,
  });
  expect(ownMultipart.status).toBe(415);
  expect(await teams()).toBe(before);

  // The dashboard's own call works, by Origin or by Sec-Fetch-Site.
  expect((await trpc("team.create", { name: "Second team" }, { cookie, ...own() })).status).toBe(200);
  expect(
    (await trpc("team.create", { name: "Third team" }, { cookie, "sec-fetch-site": "same-origin" })).status,
  ).toBe(200);
  expect(await teams()).toBe(before + 2);

  // An API token from a script needs no Origin: it reaches the role check.
  const created = await trpc(
    "token.create",
    { name: "ci", role: "admin", expiresInDays: 1 },
    { cookie, ...own() },
  );
  const secret = ((await created.json()) as { result: { data: { json: { secret: string } } } }).result.data
    .json.secret;
  const byToken = await trpc("team.rename", { name: "renamed" }, { authorization: `Bearer ${secret}` });
  expect(byToken.status).toBe(403);
  expect(((await byToken.json()) as { error: { json: { message: string } } }).error.json.message).toContain(
    "owner role",
  );
});

/** Resident memory of labnet's web server process (apps/web/server.ts), in bytes. */
function serverRss(): number {
  const pid = execFileSync("pgrep", ["-f", `apps/web/server.ts`])
    .toString()
    .trim()
    .split("\n")
    .map(Number)
    .find((candidate) => {
      const environ = readFileSync(`/proc/${candidate}/environ`, "utf8");
      return environ.split("\0").includes(`PORT=${port}`);
    });
  if (!pid) throw new Error(`no labnet web server process for port ${port}`);
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

/**
 * Streams up to 300 MB as a chunked POST (no Content-Length, so nothing can refuse it up front)
 * and samples the server's memory meanwhile; stops writing when the server answers. With
 * `declared`, announces 300 MB in Content-Length instead and sends nothing.
 */
async function upload300MB(path: string, headers: Record<string, string>, declared = false) {
  const total = 300 * 1024 * 1024;
  const chunk = Buffer.alloc(256 * 1024, "a");
  const rssBefore = serverRss();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, serverRss());
  }, 50);
  let sent = 0;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${base}${path}`, {
        method: "POST",
        headers: {
          ...headers,
          ...(declared ? { "content-length": String(total) } : { "transfer-encoding": "chunked" }),
        },
        timeout: 60_000,
      });
      let answered = false;
      request.on("response", (response) => {
        answered = true;
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on("timeout", () => request.destroy(new Error("no answer within 60 s")));
      request.on("error", (error) => (answered ? undefined : reject(error)));
      const pump = () => {
        while (!answered && !declared && sent < total) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        if (!answered && !declared) request.end();
      };
      if (declared) request.flushHeaders();
      else pump();
    });
    peak = Math.max(peak, serverRss());
    return { status, sent, growth: peak - rssBefore };
  } finally {
    clearInterval(sampler);
  }
}

for (const { route, path, origin, status } of [
  { route: "agent enroll", path: "/api/agent/v1/enroll", origin: false, status: 413 },
  { route: "sign-in", path: "/api/auth/sign-in/email", origin: true, status: 413 },
  { route: "a tRPC mutation", path: "/api/trpc/team.create", origin: true, status: 413 },
  // The import routes take up to 64 MiB, so they read nothing before the caller is known.
  { route: "the model import, signed out", path: "/api/trpc/model.import", origin: true, status: 401 },
]) {
  test(`a 300 MB upload to ${route} is refused early with ${status} and the server grows < 50 MB`, async () => {
    const headers = { "content-type": "application/json", ...(origin ? own() : {}) };
    const streamed = await upload300MB(path, headers);
    console.log(
      `${route}: ${streamed.status} after ${(streamed.sent / 1024 / 1024).toFixed(1)} MB sent, server RSS +${(streamed.growth / 1024 / 1024).toFixed(1)} MB`,
    );
    expect(streamed.status).toBe(status);
    expect(streamed.growth).toBeLessThan(50 * 1024 * 1024);
    const declared = await upload300MB(path, headers, true);
    expect(declared.status).toBe(status);
  });
}

test("spoofed X-Forwarded-For gives no extra sign-in attempts, and the right password waits too", async () => {
  const email = uniqueEmail("spoof");
  await signUpAndIn(email, "edge-password-2");
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) {
    const response = await post(
      "/api/auth/sign-in/email",
      { email: demo.email, password: `wrong-${i}-password` },
      { ...own(), "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` },
    );
    statuses.push(response.status);
  }
  // The sign-up above and its sign-in used this address's allowance too (5 a minute per path).
  expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(4);
  expect(statuses.at(-1)).toBe(429);
  const right = await post(
    "/api/auth/sign-in/email",
    { email, password: "edge-password-2" },
    { ...own(), "x-forwarded-for": "192.0.2.200" },
  );
  expect(right.status).toBe(429);
  expect(right.headers.getSetCookie()).toEqual([]);
});
