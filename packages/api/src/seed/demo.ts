// The demo team that `npm start` puts into an empty database, so a first look shows a real network.
import { demoModel } from "@labnet/model/demo";
import { createAuth } from "../auth/auth";
import type { Database } from "../db";
import { insertModel } from "../inventory/mapper";

export const demoUser = { email: "demo@labnet.local", password: "labnet-demo", name: "Demo" } as const;

/** True when nobody has signed up yet: the only state in which labnet seeds anything. */
export async function isEmptyInstall(db: Database): Promise<boolean> {
  return (await db.user.count()) === 0 && (await db.organization.count()) === 0;
}

export async function seedDemo(db: Database, { secret }: { secret: string }): Promise<{ teamId: string }> {
  const auth = createAuth({ db, secret, baseURL: "http://localhost", rateLimit: false });
  const { user } = await auth.api.signUpEmail({ body: { ...demoUser } });
  const membership = await db.member.findFirstOrThrow({ where: { userId: user.id } });
  const teamId = membership.organizationId;
  await db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: teamId }, data: { name: "Demo team", slug: "demo" } });
    await insertModel(tx, teamId, demoModel);
    await tx.auditEvent.create({
      data: {
        organizationId: teamId,
        actorType: "system",
        actorLabel: "labnet demo seed",
        action: "team.seed",
        entityType: "team",
        entityId: teamId,
        after: {
          labs: demoModel.labs.length,
          sites: demoModel.sites.length,
          leases: demoModel.leases.length,
        },
      },
    });
  });
  return { teamId };
}
