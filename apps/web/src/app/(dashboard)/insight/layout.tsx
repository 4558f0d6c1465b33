import type { ReactNode } from "react";
import { PageHeader } from "~/components/ui/states";
import { InsightTabs } from "./tabs";

export default function InsightLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader
        title="Insight"
        description="What the simulation predicts for your team's networks: the tinc mesh, each lab, who reaches whom, and why large packets survive or die."
      />
      <InsightTabs />
      <div className="mt-4">{children}</div>
    </>
  );
}
