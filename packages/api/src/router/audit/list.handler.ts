import type { z } from "zod";
import type { AuditContext } from "../../audit";
import type { auditListInput } from "./list.schema";

export async function listAuditEvents(ctx: AuditContext, input: z.output<typeof auditListInput>) {
  const where = {
    organizationId: ctx.teamId,
    ...(input.actorType ? { actorType: input.actorType } : {}),
    ...(input.actor ? { actorLabel: { contains: input.actor, mode: "insensitive" as const } } : {}),
    ...(input.entityType ? { entityType: input.entityType } : {}),
    ...(input.entityId ? { entityId: input.entityId } : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } }
      : {}),
  };
  const [total, items] = await ctx.db.$transaction([
    ctx.db.auditEvent.count({ where }),
    ctx.db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  return { items, total, page: input.page, pageSize: input.pageSize };
}
