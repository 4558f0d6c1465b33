import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, callerFor, createTeamFixture } from "../testing/fixtures";
import { createAuth } from "./auth";
import { createCallerResolver } from "./resolve-caller";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

function resolver() {
  const db = database.prisma;
  const auth = createAuth({ db, secret: "x".repeat(40), baseURL: "http://localhost:3000", rateLimit: false });
  return createCallerResolver({ db, auth });
}

describe("API tokens", () => {
  it("act with the token's role in the token's team, until revoked", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "tokens");
    const created = await api(db, callerFor(team, "admin")).token.create({
      name: "ci",
      role: "editor",
      expiresInDays: 30,
    });
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.tokenHash).not.toBe(created.secret);
    expect(JSON.stringify(stored)).not.toContain(created.secret);

    const resolve = resolver();
    const headers = new Headers({ authorization: `Bearer ${created.secret}` });
    const caller = await resolve(headers);
    expect(caller).toMatchObject({
      actor: { type: "token", id: created.id },
      userId: null,
      team: { teamId: team.teamId, role: "editor" },
    });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();

    await api(db, callerFor(team, "admin")).token.revoke({ id: created.id });
    await expect(resolve(headers)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuse an expired token and any string that is not a token", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "expired-token");
    const created = await api(db, callerFor(team, "admin")).token.create({
      name: "old",
      role: "viewer",
      expiresInDays: 1,
    });
    await db.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const resolve = resolver();
    await expect(resolve(new Headers({ authorization: `Bearer ${created.secret}` }))).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(
      resolve(new Headers({ authorization: "Bearer lnt_not-a-real-token" })),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(resolve(new Headers({ authorization: "Bearer something-else" }))).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("act with at most their creator's current role: removal stops them, demotion limits them, promotion restores them", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "creator-role");
    const owner = api(db, callerFor(team, "owner"));
    const created = await api(db, callerFor(team, "admin")).token.create({
      name: "deploy",
      role: "admin",
      expiresInDays: 30,
    });
    const resolve = resolver();
    const headers = new Headers({ authorization: `Bearer ${created.secret}` });
    const asToken = async () => api(db, await resolve(headers));
    expect((await resolve(headers))?.team?.role).toBe("admin");
    await expect((await asToken()).token.list()).resolves.toHaveLength(1);

    await owner.team.setRole({ memberId: team.users.admin.memberId, role: "editor" });
    expect((await resolve(headers))?.team?.role).toBe("editor");
    await expect((await asToken()).token.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await asToken()).team.createInvite({ role: "viewer" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await owner.token.list())[0]).toMatchObject({
      role: "admin",
      effectiveRole: "editor",
      state: "active",
    });

    await owner.team.setRole({ memberId: team.users.admin.memberId, role: "viewer" });
    expect((await resolve(headers))?.team?.role).toBe("viewer");

    // Promoted above the token's own role: the token gets back its own role, never more.
    await owner.team.setRole({ memberId: team.users.admin.memberId, role: "owner" });
    expect((await resolve(headers))?.team?.role).toBe("admin");
    expect((await owner.token.list())[0]).toMatchObject({ effectiveRole: "admin", state: "active" });

    await owner.team.setRole({ memberId: team.users.admin.memberId, role: "admin" });
    await owner.team.removeMember({ memberId: team.users.admin.memberId });
    await expect(resolve(headers)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("no longer a member"),
    });
    expect((await owner.token.list())[0]).toMatchObject({ effectiveRole: null, state: "creator left" });
  });

  it("stop when their creator leaves the team, and a membership in another team does not revive them", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "creator-leaves");
    const other = await createTeamFixture(db, "creator-elsewhere");
    const created = await api(db, callerFor(team, "admin")).token.create({
      name: "export",
      role: "viewer",
      expiresInDays: 30,
    });
    // The creator is (also) an owner elsewhere: only the membership in the token's team counts.
    await db.member.create({
      data: {
        id: `m-elsewhere-${team.teamId}`,
        organizationId: other.teamId,
        userId: team.users.admin.userId,
        role: "owner",
        createdAt: new Date(),
      },
    });
    const resolve = resolver();
    const headers = new Headers({ authorization: `Bearer ${created.secret}` });
    expect((await resolve(headers))?.team).toEqual({ teamId: team.teamId, role: "viewer" });
    await api(db, callerFor(team, "admin")).team.leave();
    await expect(resolve(headers)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("stay in their own team: no switching, leaving, making tokens or accepting invites", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "token-bounds");
    const other = await createTeamFixture(db, "token-elsewhere");
    const created = await api(db, callerFor(team, "owner")).token.create({
      name: "bot",
      role: "admin",
      expiresInDays: 1,
    });
    const asToken = api(db, await resolver()(new Headers({ authorization: `Bearer ${created.secret}` })));
    await expect(asToken.team.switch({ teamId: other.teamId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asToken.team.leave()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asToken.token.create({ name: "child", role: "viewer" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const invite = await api(db, callerFor(other, "owner")).team.createInvite({ role: "viewer" });
    await expect(
      asToken.team.acceptInvite({ token: invite.path.replace("/invite/", "") }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.apiToken.count({ where: { organizationId: team.teamId } })).toBe(1);
  });

  it("never carry the owner role", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "escalation");
    await expect(
      api(db, callerFor(team, "owner")).token.create({
        name: "x",
        role: "owner" as "admin",
        expiresInDays: 1,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("sessions", () => {
  it("sign up makes the user owner of a new team, and an unknown active team falls back to a membership", async () => {
    const db = database.prisma;
    const auth = createAuth({
      db,
      secret: "y".repeat(40),
      baseURL: "http://localhost:3000",
      rateLimit: false,
    });
    const email = `first-${Date.now()}@example.test`;
    await auth.api.signUpEmail({ body: { email, password: "long-enough-pw", name: "First" } });
    // Sign-up starts no session (see auth.ts); the sign-up page signs in right after.
    const response = await auth.api.signInEmail({
      body: { email, password: "long-enough-pw" },
      asResponse: true,
    });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    const resolve = createCallerResolver({ db, auth });
    const caller = await resolve(new Headers({ cookie: cookie.split(";")[0]! }));
    expect(caller?.team?.role).toBe("owner");
    const team = await db.organization.findUniqueOrThrow({ where: { id: caller!.team!.teamId } });
    expect(team.name).toBe("First's team");
  });

  it("rate-limits sign-in and answers bad credentials with one generic message", async () => {
    const db = database.prisma;
    const auth = createAuth({
      db,
      secret: "z".repeat(40),
      baseURL: "http://localhost:3000",
      rateLimit: true,
    });
    const attempt = (email: string) =>
      auth.handler(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: "http://localhost:3000",
            "x-forwarded-for": "203.0.113.7",
          },
          body: JSON.stringify({ email, password: "wrong-password-1" }),
        }),
      );
    const unknownUser = await attempt("nobody@example.test");
    const statuses = [unknownUser.status];
    const messages = [((await unknownUser.json()) as { message: string }).message];
    for (let i = 0; i < 6; i++) {
      const response = await attempt(`nobody${i}@example.test`);
      statuses.push(response.status);
      if (response.status !== 429) messages.push(((await response.json()) as { message: string }).message);
    }
    expect(statuses[0]).toBe(401);
    expect(new Set(messages).size).toBe(1);
    expect(statuses).toContain(429);
  });
});
