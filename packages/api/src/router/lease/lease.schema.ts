import {
  hostnameSchema,
  idSchema,
  ipv4Schema,
  leaseTimeSchema,
  staticLeaseSchema,
  text,
  unicastMacSchema,
} from "@labnet/model";
import { z } from "zod";
import { pageFields, versionSchema } from "../lab/lab.schema";

const leaseFields = {
  siteId: idSchema,
  mac: unicastMacSchema,
  hostname: hostnameSchema,
  leaseTime: leaseTimeSchema.default("infinite"),
  tags: staticLeaseSchema.shape.tags,
  nicId: idSchema.nullable().default(null),
};

/** Without an ip, the lease takes the site's next free address outside the DHCP pool. */
export const leaseCreateInput = z.object({ ...leaseFields, ip: ipv4Schema.optional() });
export const leaseUpdateInput = z.object({
  ...leaseFields,
  id: idSchema,
  version: versionSchema,
  ip: ipv4Schema,
});
export const leaseDeleteInput = z.object({ id: idSchema, version: versionSchema });

export const leaseFilter = z.object({
  siteId: idSchema.optional(),
  /** Any part of a MAC, in any notation (00-15-5D, 0015.5d, …). */
  mac: text("search", { max: 32 }).default(""),
  hostname: text("search", { max: 63 }).default(""),
});
export const leaseListInput = leaseFilter.extend({
  sort: z.enum(["hostname", "mac", "ip", "updatedAt"]).default("hostname"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  ...pageFields({ default: 50, max: 200 }),
});
export const leaseSiteInput = z.object({ siteId: idSchema });

export const leaseBulkPreviewInput = z.object({
  siteId: idSchema,
  text: z.string().max(200_000, "paste at most 200,000 characters at once"),
});
export const leaseBulkApplyInput = z.object({
  siteId: idSchema,
  lines: z
    .array(z.object({ mac: unicastMacSchema, ip: ipv4Schema, hostname: hostnameSchema }))
    .min(1, "nothing to apply")
    .max(2000, "apply at most 2,000 leases at once"),
  leaseTime: leaseTimeSchema.default("infinite"),
});

export type LeaseCreateInput = z.output<typeof leaseCreateInput>;
export type LeaseUpdateInput = z.output<typeof leaseUpdateInput>;
export type LeaseDeleteInput = z.output<typeof leaseDeleteInput>;
export type LeaseFilter = z.output<typeof leaseFilter>;
export type LeaseListInput = z.output<typeof leaseListInput>;
export type LeaseBulkApplyInput = z.output<typeof leaseBulkApplyInput>;
