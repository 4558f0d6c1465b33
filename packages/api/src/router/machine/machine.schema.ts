import { idSchema, machineSchema, routerSettingsSchema, text } from "@labnet/model";
import { z } from "zod";
import { pageFields, versionSchema } from "../lab/lab.schema";

const machineFields = machineSchema.pick({ name: true, cpuCores: true, ramMb: true, os: true });

/** A router gets its OpenWrt settings row at once: the version decides the config syntax. */
export const machineCreateInput = machineFields.extend({
  labId: idSchema,
  kind: machineSchema.shape.kind,
  openwrtVersion: routerSettingsSchema.shape.openwrtVersion.optional(),
});
/** The kind is fixed once created: a router's sites and settings hang on it. */
export const machineUpdateInput = machineFields.extend({ id: idSchema, version: versionSchema });
export const machineListInput = z.object({
  kind: machineSchema.shape.kind.optional(),
  search: text("search", { max: 100 }).default(""),
  ...pageFields({ default: 100, max: 500 }),
});

export type MachineCreateInput = z.output<typeof machineCreateInput>;
export type MachineUpdateInput = z.output<typeof machineUpdateInput>;
export type MachineListInput = z.output<typeof machineListInput>;
