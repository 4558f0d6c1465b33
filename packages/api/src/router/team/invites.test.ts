import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, callerFor, createTeamFixture } from "../../testing/fixtures";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

function tokenOf(path: string): string {
  return path.replace("/invite/", "");
}

describe("invite links", () => {
  it("let one signed-in user join with the invite's role, once", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "inviting");
    const outsider = await createTeamFixture(db, "outsider");
    const second = await createTeamFixture(db, "second");
    const invite = await api(db, callerFor(team, "admin")).team.createInvite({
      role: "editor",
      expiresInHours: 1,
    });
    expect(invite.path).toMatch(/^\/invite\/lni_/);
    // Only the hash is stored.
    const row = await db.teamInvite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).not.toContain(tokenOf(invite.path));

    const joiner = callerFor(outsider, "viewer");
    expect(await api(db, null).team.describeInvite({ token: tokenOf(invite.path) })).toMatchObject({
      valid: true,
      role: "editor",
    });
    await expect(api(db, joiner).team.acceptInvite({ token: tokenOf(invite.path) })).resolves.toEqual({
      teamId: team.teamId,
      role: "editor",
    });
    const membership = await db.member.findFirst({
      where: { organizationId: team.teamId, userId: joiner.userId! },
    });
    expect(membership?.role).toBe("editor");
    const session = await db.session.findUniqueOrThrow({ where: { id: joiner.sessionId! } });
    expect(session.activeOrganizationId).toBe(team.teamId);

    await expect(
      api(db, callerFor(second, "viewer")).team.acceptInvite({ token: tokenOf(invite.path) }),
    ).rejects.toThrow("already been used");
    expect(await api(db, null).team.describeInvite({ token: tokenOf(invite.path) })).toMatchObject({
      valid: false,
    });
  });

  it("refuse an expired or revoked link with a reason", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "expiring");
    const outsider = await createTeamFixture(db, "late");
    const expired = await api(db, callerFor(team, "admin")).team.createInvite({
      role: "viewer",
      expiresInHours: 1,
    });
    await db.teamInvite.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(
      api(db, callerFor(outsider, "viewer")).team.acceptInvite({ token: tokenOf(expired.path) }),
    ).rejects.toThrow("has expired");
    const revoked = await api(db, callerFor(team, "admin")).team.createInvite({
      role: "viewer",
      expiresInHours: 1,
    });
    await api(db, callerFor(team, "admin")).team.revokeInvite({ id: revoked.id });
    await expect(
      api(db, callerFor(outsider, "viewer")).team.acceptInvite({ token: tokenOf(revoked.path) }),
    ).rejects.toThrow("was revoked");
    expect(
      await db.member.count({ where: { organizationId: team.teamId, userId: outsider.users.viewer.userId } }),
    ).toBe(0);
  });

  it("lets exactly one of two concurrent accepts win", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "race");
    const a = await createTeamFixture(db, "racer-a");
    const b = await createTeamFixture(db, "racer-b");
    const invite = await api(db, callerFor(team, "admin")).team.createInvite({
      role: "viewer",
      expiresInHours: 1,
    });
    const results = await Promise.allSettled([
      api(db, callerFor(a, "viewer")).team.acceptInvite({ token: tokenOf(invite.path) }),
      api(db, callerFor(b, "viewer")).team.acceptInvite({ token: tokenOf(invite.path) }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.member.count({ where: { organizationId: team.teamId } })).toBe(5);
  });
});

describe("member management", () => {
  it("keeps at least one owner and lets only owners touch admins", async () => {
    const db = database.prisma;
    const team = await createTeamFixture(db, "owners");
    await expect(api(db, callerFor(team, "owner")).team.leave()).rejects.toThrow("at least one owner");
    await expect(
      api(db, callerFor(team, "admin")).team.setRole({ memberId: team.users.editor.memberId, role: "admin" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      api(db, callerFor(team, "admin")).team.removeMember({ memberId: team.users.owner.memberId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await api(db, callerFor(team, "owner")).team.setRole({
      memberId: team.users.admin.memberId,
      role: "owner",
    });
    await expect(api(db, callerFor(team, "owner")).team.leave()).resolves.toEqual({ teamId: team.teamId });
  });
});
