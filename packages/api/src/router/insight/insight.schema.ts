import { idSchema, text } from "@labnet/model";
import { findingRules } from "@labnet/sim";
import { z } from "zod";
import { pageFields } from "../lab/lab.schema";

const ruleIds = findingRules.map((rule) => rule.id) as [string, ...string[]];

export const insightLabInput = z.object({ labId: idSchema });

/** Endpoint ids are NIC ids, `host-vnic:<vswitchId>` or `internet`. */
const endpointId = text("id", { max: 128, emptyMessage: "pick an endpoint" });
export const insightPathInput = z.object({ from: endpointId, to: endpointId });

export const insightFindingsInput = z.object({
  severity: z.enum(["error", "warning", "info"]).optional(),
  ruleId: z.enum(ruleIds, { error: "is not a finding rule of labnet's catalogue" }).optional(),
  siteId: idSchema.optional(),
  ...pageFields({ default: 20, max: 100 }),
});
export type InsightFindingsInput = z.output<typeof insightFindingsInput>;
