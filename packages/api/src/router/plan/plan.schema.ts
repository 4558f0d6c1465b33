import { idSchema, text } from "@labnet/model";
import { z } from "zod";
import { pageFields, versionSchema } from "../lab/lab.schema";

export const planStatuses = ["draft", "approved", "published", "discarded", "stale"] as const;
export type PlanStatus = (typeof planStatuses)[number];

const version = versionSchema;
const page = pageFields({ default: 25, max: 100 });

const rollout = {
  /** Staged: one canary machine first, the rest once it reports applied. */
  staged: z.boolean().default(false),
  canaryMachineId: idSchema.nullish(),
};

function canaryWhenStaged(
  input: { staged?: boolean; canaryMachineId?: string | null },
  ctx: z.RefinementCtx,
) {
  if (input.staged && !input.canaryMachineId) {
    ctx.addIssue({
      code: "custom",
      path: ["canaryMachineId"],
      message: "a staged rollout needs a canary machine: choose the machine that applies first",
    });
  }
}

const planFields = {
  title: text("name", { max: 120 }),
  description: text("freeText", { max: 4000, trim: true }).default(""),
  ...rollout,
};

export const planCreateInput = z.object(planFields).superRefine(canaryWhenStaged);
export type PlanCreateInput = z.output<typeof planCreateInput>;

export const planUpdateInput = z
  .object({ id: idSchema, version, ...planFields })
  .superRefine(canaryWhenStaged);
export type PlanUpdateInput = z.output<typeof planUpdateInput>;

export const planIdInput = z.object({ id: idSchema });
export const planVersionInput = z.object({ id: idSchema, version });
export type PlanVersionInput = z.output<typeof planVersionInput>;

export const planPublishInput = z.object({
  id: idSchema,
  version,
  /** Keys of the blocking findings the publisher acknowledges, each by name. */
  acknowledgements: z
    .array(text("label", { min: 1, max: 2000 }))
    .max(1000)
    .default([]),
});
export type PlanPublishInput = z.output<typeof planPublishInput>;

export const planRollbackInput = z.object({
  /** The published plan whose network to publish again. */
  planId: idSchema,
});

export const planListInput = z.object({
  status: z.enum(planStatuses).optional(),
  ...page,
});
export type PlanListInput = z.output<typeof planListInput>;

export const machineRevisionsInput = z.object({ machineId: idSchema, ...page });
export type MachineRevisionsInput = z.output<typeof machineRevisionsInput>;

/** Revision numbers are 32-bit in the database: a larger number answered a 500 before. */
const revisionNumber = z
  .int("a revision number is a whole number")
  .min(1, "revision numbers start at 1")
  .max(2_147_483_647, "no revision has a number that large");

export const revisionDiffInput = z.object({ machineId: idSchema, from: revisionNumber, to: revisionNumber });
export type RevisionDiffInput = z.output<typeof revisionDiffInput>;
