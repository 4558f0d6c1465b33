import { idSchema, text } from "@labnet/model";
import { z } from "zod";
import { enrollmentLifetimeHours } from "../../agent/agents";
import { pageFields } from "../lab/lab.schema";

const id = idSchema;

export const agentListInput = z.object({
  search: text("search", { max: 100 }).default(""),
  ...pageFields({ default: 25, max: 100 }),
});
export const agentEnrollInput = z.object({
  machineId: id,
  expiresInHours: z
    .int()
    .min(1, "an enrollment token lives at least 1 hour")
    .max(
      enrollmentLifetimeHours.max,
      `an enrollment token lives ${enrollmentLifetimeHours.max} hours at most`,
    )
    .default(enrollmentLifetimeHours.default),
});
export const agentIdInput = z.object({ id });
export const agentMachineInput = z.object({ machineId: id });
export const agentReportsInput = z.object({
  machineId: id,
  ...pageFields({ default: 20, max: 100 }),
});
