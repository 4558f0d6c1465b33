// Test fixtures: a team with one member per role, each with a live session, built straight into
// the database so a test can create many of them cheaply.
import type { Database } from "../db";
import { appRouter } from "../root";
import { type Caller, createCallerFactory, type Role, roles } from "../trpc";

export interface TeamFixture {
  teamId: string;
  name: string;
  labId: string;
  users: Record<Role, { userId: string; sessionId: string; memberId: string; email: string }>;
}

let counter = 0;

export async function createTeamFixture(db: Database, label = "team"): Promise<TeamFixture> {
  const suffix = `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const teamId = `t-${suffix}`;
  await db.organization.create({
    data: { id: teamId, name: `Team ${suffix}`, slug: suffix, createdAt: new Date() },
  });
  const users = {} as TeamFixture["users"];
  for (const role of roles) {
    const userId = `u-${role}-${suffix}`;
    const email = `${role}-${suffix}@example.test`;
    await db.user.create({ data: { id: userId, name: `${role} ${suffix}`, email } });
    const memberId = `m-${role}-${suffix}`;
    await db.member.create({
      data: { id: memberId, organizationId: teamId, userId, role, createdAt: new Date() },
    });
    const sessionId = `s-${role}-${suffix}`;
    await db.session.create({
      data: {
        id: sessionId,
        token: `tok-${role}-${suffix}`,
        userId,
        expiresAt: new Date(Date.now() + 86_400_000),
        activeOrganizationId: teamId,
      },
    });
    users[role] = { userId, sessionId, memberId, email };
  }
  const lab = await db.lab.create({ data: { organizationId: teamId, name: `lab-${suffix}` } });
  return { teamId, name: `Team ${suffix}`, labId: lab.id, users };
}

export function callerFor(fixture: TeamFixture, role: Role): Caller {
  const user = fixture.users[role];
  return {
    actor: { type: "user", id: user.userId, label: `${role} ${fixture.name}` },
    userId: user.userId,
    sessionId: user.sessionId,
    team: { teamId: fixture.teamId, role },
  };
}

const createCaller = createCallerFactory(appRouter);

export function api(db: Database, caller: Caller | null, requestId = `req-${++counter}`) {
  return createCaller({ db, requestId, caller });
}
