import { idSchema, vswitchSchema } from "@labnet/model";
import type { z } from "zod";
import { versionSchema } from "../lab/lab.schema";

const vswitchFields = vswitchSchema.omit({ id: true, labId: true });
export const vswitchCreateInput = vswitchFields.extend({ labId: idSchema });
export const vswitchUpdateInput = vswitchFields.extend({ id: idSchema, version: versionSchema });

export type VSwitchCreateInput = z.output<typeof vswitchCreateInput>;
export type VSwitchUpdateInput = z.output<typeof vswitchUpdateInput>;
