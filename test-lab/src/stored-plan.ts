// `labnet-lab emulate --plan <id>`: the network a labnet plan would publish, read from labnet's
// database (the plan's target snapshot). Read-only: one SELECT, nothing is written.
import type { PrismaClient } from "@labnet/db";
import { formatIssue, type NetworkModel, parseNetworkModel } from "@labnet/model";

export interface StoredPlan {
  id: string;
  number: number;
  title: string;
  status: string;
  model: NetworkModel;
}

export type StoredPlanResult = { ok: true; plan: StoredPlan } | { ok: false; error: string };

export async function loadPlanTarget(db: PrismaClient, planId: string): Promise<StoredPlanResult> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      id: true,
      number: true,
      title: true,
      status: true,
      targetSnapshot: { select: { model: true } },
    },
  });
  if (!plan)
    return { ok: false, error: `plan ${planId} not found in this database (use the id from the plan's URL)` };
  // Parsed again: a snapshot stored by an older labnet may not fit today's model.
  const parsed = parseNetworkModel(plan.targetSnapshot.model);
  if (!parsed.ok) {
    const issues = parsed.issues.map((issue) => `  ${formatIssue(issue)}`).join("\n");
    return {
      ok: false,
      error: `plan #${plan.number}'s target network is not a valid model today:\n${issues}`,
    };
  }
  const { targetSnapshot: _target, ...fields } = plan;
  return { ok: true, plan: { ...fields, model: parsed.model } };
}
