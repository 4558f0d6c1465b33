import { PageHeader } from "~/components/ui/states";
import { NewPlanForm } from "./new-plan-form";

export const metadata = { title: "New plan" };

export default function NewPlanPage() {
  return (
    <>
      <PageHeader
        title="New plan"
        description="Freezes the current inventory and previews it against what is published now. Nothing reaches a machine until an admin publishes the plan."
      />
      <NewPlanForm />
    </>
  );
}
