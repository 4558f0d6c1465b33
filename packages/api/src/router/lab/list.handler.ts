import type { Database } from "../../db";
import type { LabListInput } from "./list.schema";

export async function listLabs(db: Database, teamId: string, input: LabListInput) {
  const where = {
    organizationId: teamId,
    ...(input.search
      ? {
          OR: [
            { name: { contains: input.search, mode: "insensitive" as const } },
            { owner: { contains: input.search, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [total, items] = await db.$transaction([
    db.lab.count({ where }),
    db.lab.findMany({
      where,
      orderBy: [{ [input.sort]: input.direction }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true,
        name: true,
        owner: true,
        windowsBuild: true,
        cpuCores: true,
        ramMb: true,
        updatedAt: true,
      },
    }),
  ]);
  return { items, total, page: input.page, pageSize: input.pageSize };
}
