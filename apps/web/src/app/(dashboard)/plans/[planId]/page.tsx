import { PlanView } from "./plan-view";

export const metadata = { title: "Plan" };

export default async function PlanPage({ params }: { params: Promise<{ planId: string }> }) {
  const { planId } = await params;
  return <PlanView planId={planId} />;
}
