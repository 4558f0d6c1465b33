import { idSchema, ipv4Schema, siteSchema } from "@labnet/model";
import { z } from "zod";
import { pageFields, versionSchema } from "../lab/lab.schema";

const siteFields = siteSchema.omit({ id: true, publicKey: true });
/** Without a segment the site takes the intranet's next free /24; without a LAN IP, its .1 */
export const siteCreateInput = siteFields.extend({
  segment: siteSchema.shape.segment.optional(),
  lanIp: ipv4Schema.optional(),
});
export const siteUpdateInput = siteFields.extend({ id: idSchema, version: versionSchema });
export const siteListInput = z.object({
  intranetId: idSchema.optional(),
  ...pageFields({ default: 100, max: 500 }),
});
export const intranetIdInput = z.object({ intranetId: idSchema });

export type SiteCreateInput = z.output<typeof siteCreateInput>;
export type SiteUpdateInput = z.output<typeof siteUpdateInput>;
export type SiteListInput = z.output<typeof siteListInput>;
