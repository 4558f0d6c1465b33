import { idSchema, labSchema } from "@labnet/model";
import { z } from "zod";

export const versionSchema = z.int().min(1);
export const idVersionInput = z.object({ id: idSchema, version: versionSchema });
export const byIdInput = z.object({ id: idSchema });

const labFields = labSchema.omit({ id: true });
export const labCreateInput = labFields;
export const labUpdateInput = labFields.extend({ id: idSchema, version: versionSchema });

export type LabCreateInput = z.output<typeof labCreateInput>;
export type LabUpdateInput = z.output<typeof labUpdateInput>;
export type IdVersionInput = z.output<typeof idVersionInput>;
