import { text } from "@labnet/model";
import { z } from "zod";
import { pageFields } from "./lab.schema";

export const labListInput = z.object({
  search: text("search", { max: 100 }).default(""),
  sort: z.enum(["name", "owner", "updatedAt"]).default("name"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  ...pageFields({ default: 25, max: 100 }),
});
export type LabListInput = z.output<typeof labListInput>;
