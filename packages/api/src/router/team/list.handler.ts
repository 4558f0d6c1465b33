import type { Database } from "../../db";

/** The teams a user belongs to, with their role in each: the header's team switcher. */
export async function listMyTeams(db: Database, userId: string) {
  const memberships = await db.member.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: { id: true, name: true, slug: true } } },
  });
  return memberships.map((membership) => ({ ...membership.organization, role: membership.role }));
}
