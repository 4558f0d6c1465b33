import type { Database } from "../../db";
import { notFound } from "../../errors";

/** Makes another team active for this session; only teams the user belongs to exist for them. */
export async function switchTeam(db: Database, userId: string, sessionId: string, teamId: string) {
  const member = await db.member.findFirst({ where: { userId, organizationId: teamId } });
  if (!member) throw notFound("Team");
  await db.session.update({ where: { id: sessionId }, data: { activeOrganizationId: teamId } });
  return { teamId, role: member.role };
}
