import { idSchema, nicSchema } from "@labnet/model";
import type { z } from "zod";
import { versionSchema } from "../lab/lab.schema";

const nicFields = nicSchema.omit({ id: true, machineId: true });
export const nicCreateInput = nicFields.extend({ machineId: idSchema });
export const nicUpdateInput = nicFields.extend({ id: idSchema, version: versionSchema });

export type NicCreateInput = z.output<typeof nicCreateInput>;
export type NicUpdateInput = z.output<typeof nicUpdateInput>;
