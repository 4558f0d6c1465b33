import { text } from "@labnet/model";
import { z } from "zod";

export const labListInput = z.object({
  search: text("search", { max: 100 }).default(""),
  sort: z.enum(["name", "owner", "updatedAt"]).default("name"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  page: z.int().min(1).default(1),
  pageSize: z.int().min(1).max(100).default(25),
});
export type LabListInput = z.output<typeof labListInput>;
