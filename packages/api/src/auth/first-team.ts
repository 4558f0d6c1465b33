import type { Database } from "../db";

/** Every new account starts as owner of a team of its own; invitations add it to others. */
export async function createTeamForNewUser(db: Database, user: { id: string; name: string; email: string }) {
  const base = (user.name || user.email.split("@")[0] || "team").trim();
  const name = `${base}'s team`;
  await db.organization.create({
    data: {
      id: crypto.randomUUID(),
      name,
      slug: `${slugify(base)}-${crypto.randomUUID().slice(0, 8)}`,
      createdAt: new Date(),
      members: { create: { id: crypto.randomUUID(), userId: user.id, role: "owner", createdAt: new Date() } },
    },
  });
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "team"
  );
}
