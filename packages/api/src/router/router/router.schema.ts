import { idSchema, routerSettingsSchema, sambaShareSchema, uplinkHopSchema } from "@labnet/model";
import { z } from "zod";
import { versionSchema } from "../lab/lab.schema";

const target = { machineId: idSchema, version: versionSchema };

export const routerSettingsInput = routerSettingsSchema
  .pick({
    openwrtVersion: true,
    tincVersion: true,
    wanProto: true,
    wanIp: true,
    wanMasq: true,
    mtuFix: true,
    wanInput: true,
    rules: true,
    sqm: true,
  })
  .extend(target);
/** The whole chain, ordered outward from the router's WAN port: saved as one list. */
export const routerUplinkInput = z.object({
  ...target,
  hops: z.array(uplinkHopSchema.omit({ id: true })).max(16, "an uplink chain has at most 16 hops"),
});
export const routerSharesInput = z.object({
  ...target,
  shares: z.array(sambaShareSchema.omit({ id: true })).max(64, "at most 64 shares per router"),
});

export type RouterSettingsInput = z.output<typeof routerSettingsInput>;
export type RouterUplinkInput = z.output<typeof routerUplinkInput>;
export type RouterSharesInput = z.output<typeof routerSharesInput>;
