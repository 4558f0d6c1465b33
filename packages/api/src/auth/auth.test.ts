// better-auth as labnet configures it, through its HTTP handler: origins, input rules, sign-up
// without account enumeration, and sign-in limits per address and per account kept in the
// database. The real server's header rewriting is proven in apps/web/test/edge.test.ts.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OriginPolicy } from "../edge/origin";
import { accountSignInRule, addressSignInRule, createAuth } from "./auth";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const password = "correct-horse-1";
let counter = 0;
const uniqueEmail = (label: string) => `${label}-${process.pid}-${++counter}@example.test`;

function auth(options: { origins?: OriginPolicy; rateLimit?: boolean; trustedProxies?: string[] } = {}) {
  return createAuth({
    db: database.prisma,
    secret: "s".repeat(40),
    baseURL: "http://localhost:3000",
    rateLimit: false,
    ...options,
  });
}

function post(
  instance: ReturnType<typeof auth>,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const host = headers.host ?? "localhost:3000";
  return instance.handler(
    new Request(`http://${host}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: `http://${host}`, host, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/** Built on first use: the database exists only after beforeAll. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

async function signUp(instance: ReturnType<typeof auth>, email: string) {
  const response = await post(instance, "/sign-up/email", { email, password, name: "Someone" });
  expect(response.status).toBe(200);
}

describe("origins", () => {
  const unset = lazy(() => auth({ origins: { canonical: null, extra: [] } }));

  it("with LABNET_URL unset, signs in from the address the dashboard was opened at", async () => {
    const email = uniqueEmail("any-address");
    await signUp(unset(), email);
    for (const host of ["localhost:3000", "127.0.0.1:3000", "192.168.50.7:3000", "notebook-7.lab:3000"]) {
      const response = await post(unset(), "/sign-in/email", { email, password }, { host });
      expect(response.status, host).toBe(200);
      expect(response.headers.get("set-cookie")).toMatch(/session_token=/);
    }
  });

  it("refuses a cross-origin page with a message that says what happened", async () => {
    const response = await post(
      unset(),
      "/sign-in/email",
      { email: uniqueEmail("cross"), password },
      { host: "192.168.50.7:3000", origin: "http://evil.example" },
    );
    expect(response.status).toBe(403);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe("INVALID_ORIGIN");
    expect(body.message).toContain("http://evil.example");
    expect(body.message).not.toMatch(/password/i);
  });

  it("with LABNET_URL set, names the configured address and the variable to set", async () => {
    const canonical = auth({
      origins: { canonical: "http://localhost:3000", extra: ["http://10.1.1.1:3000"] },
    });
    const email = uniqueEmail("canonical");
    await signUp(canonical, email);
    const refused = await post(canonical, "/sign-in/email", { email, password }, { host: "127.0.0.1:3000" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe(
      "labnet was opened at http://127.0.0.1:3000, but it is configured for http://localhost:3000: open http://localhost:3000, or set LABNET_URL=http://127.0.0.1:3000 (or add it to LABNET_TRUSTED_ORIGINS) and restart labnet.",
    );
    const extra = await post(canonical, "/sign-in/email", { email, password }, { host: "10.1.1.1:3000" });
    expect(extra.status).toBe(200);
  });
});

describe("sign-up", () => {
  const instance = lazy(() => auth());

  it("answers a registered email exactly like a new one, with no session either way", async () => {
    const email = uniqueEmail("enumeration");
    const fresh = await post(instance(), "/sign-up/email", { email, password, name: "First" });
    const again = await post(instance(), "/sign-up/email", {
      email,
      password: "another-pass-2",
      name: "First",
    });
    expect([fresh.status, again.status]).toEqual([200, 200]);
    expect(fresh.headers.get("set-cookie")).toBeNull();
    expect(again.headers.get("set-cookie")).toBeNull();
    type SignUpAnswer = { token: unknown; user: Record<string, unknown> };
    const shape = (body: SignUpAnswer) => ({
      token: body.token,
      keys: Object.keys(body.user).sort(),
      email: body.user.email,
    });
    expect(shape((await again.json()) as SignUpAnswer)).toEqual(shape((await fresh.json()) as SignUpAnswer));
    // The first password still holds; the second sign-up changed nothing.
    expect((await post(instance(), "/sign-in/email", { email, password })).status).toBe(200);
    expect((await post(instance(), "/sign-in/email", { email, password: "another-pass-2" })).status).toBe(
      401,
    );
  });

  it.each([
    [{ name: "n".repeat(101) }, "name", "must be at most 100 characters (has 101)"],
    [{ name: "Eve\u202egnp.exe" }, "name", "must not contain bidirectional override characters"],
    [{ name: "   " }, "name", "must not be empty"],
    [{ password: " ".repeat(10) }, "password", "must not be only spaces"],
    [{ password: " padded-password " }, "password", "must not start or end with a space"],
    [{ password: "short" }, "password", "must be at least 10 characters"],
    [{ password: "ten-chars\u0000x" }, "password", "must not contain control characters"],
    [{ email: "not-an-email" }, "email", "must be an email address"],
  ])("refuses %j with a field error", async (override, field, rule) => {
    const body = { email: uniqueEmail("rules"), password, name: "Someone", ...override };
    const response = await post(instance(), "/sign-up/email", body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { code: string; fields: Record<string, string> };
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.fields[field]).toContain(rule);
    expect(await database.prisma.user.count({ where: { email: body.email } })).toBe(0);
  });
});

describe("sign-in rate limits", () => {
  it("blocks an address after its attempts, even the right password, across labnet instances", async () => {
    const email = uniqueEmail("address");
    const first = auth({ rateLimit: true });
    const second = auth({ rateLimit: true });
    await signUp(first, email);
    const from = { "x-forwarded-for": "198.51.100.10" };
    const statuses: number[] = [];
    for (let i = 0; i < addressSignInRule.max; i++) {
      const instance = i % 2 === 0 ? first : second;
      statuses.push(
        (await post(instance, "/sign-in/email", { email, password: "wrong-password" }, from)).status,
      );
    }
    expect(statuses).toEqual(Array(addressSignInRule.max).fill(401));
    const right = await post(second, "/sign-in/email", { email, password }, from);
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
    // Another address is not affected.
    const other = await post(
      first,
      "/sign-in/email",
      { email, password },
      { "x-forwarded-for": "198.51.100.11" },
    );
    expect(other.status).toBe(200);
  });

  it("blocks an account guessed from many addresses", async () => {
    const email = uniqueEmail("account");
    // Behind a trusted proxy every attempt arrives with its own client address.
    const instance = auth({ rateLimit: true, trustedProxies: ["10.9.9.9"] });
    await signUp(instance, email);
    const statuses: number[] = [];
    for (let i = 0; i < accountSignInRule.max + 1; i++) {
      const from = { "x-forwarded-for": `203.0.113.${i + 1}, 10.9.9.9` };
      statuses.push(
        (await post(instance, "/sign-in/email", { email, password: "wrong-password" }, from)).status,
      );
    }
    expect(statuses.slice(0, accountSignInRule.max)).toEqual(Array(accountSignInRule.max).fill(401));
    expect(statuses.at(-1)).toBe(429);
    const right = await post(
      instance,
      "/sign-in/email",
      { email, password },
      { "x-forwarded-for": "203.0.113.99, 10.9.9.9" },
    );
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await right.json()).toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
    // Someone else's account from the same addresses still signs in.
    const bystander = uniqueEmail("bystander");
    await signUp(instance, bystander);
    const ok = await post(
      instance,
      "/sign-in/email",
      { email: bystander, password },
      { "x-forwarded-for": "203.0.113.99, 10.9.9.9" },
    );
    expect(ok.status).toBe(200);
  });
});
