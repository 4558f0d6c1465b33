import { idSchema, intranetSchema } from "@labnet/model";
import type { z } from "zod";
import { versionSchema } from "../lab/lab.schema";

const intranetFields = intranetSchema.omit({ id: true });
export const intranetCreateInput = intranetFields;
export const intranetUpdateInput = intranetFields.extend({ id: idSchema, version: versionSchema });

export type IntranetCreateInput = z.output<typeof intranetCreateInput>;
export type IntranetUpdateInput = z.output<typeof intranetUpdateInput>;
