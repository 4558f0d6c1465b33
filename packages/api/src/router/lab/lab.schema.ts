import { idSchema, labSchema } from "@labnet/model";
import { z } from "zod";

/** A row's version for optimistic concurrency; 32-bit in the database, so a larger one answered a 500. */
export const versionSchema = z
  .int("a version is a whole number")
  .min(1, "versions start at 1")
  .max(2_147_483_647, "no row has a version that large: reload and try again");
/** A list's page (from 1) and page size (1 to `max`), spread into the list's input. */
export function pageFields(pageSize: { default: number; max: number }) {
  return {
    page: z.int().min(1).default(1),
    pageSize: z.int().min(1).max(pageSize.max).default(pageSize.default),
  };
}

export const idVersionInput = z.object({ id: idSchema, version: versionSchema });
export const byIdInput = z.object({ id: idSchema });

const labFields = labSchema.omit({ id: true });
export const labCreateInput = labFields;
export const labUpdateInput = labFields.extend({ id: idSchema, version: versionSchema });

export type LabCreateInput = z.output<typeof labCreateInput>;
export type LabUpdateInput = z.output<typeof labUpdateInput>;
export type IdVersionInput = z.output<typeof idVersionInput>;
