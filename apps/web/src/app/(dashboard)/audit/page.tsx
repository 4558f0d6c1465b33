import { PageHeader } from "~/components/ui/states";
import { AuditLog } from "./audit-log";

export const metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to the team's data: who, what, before and after."
      />
      <AuditLog />
    </>
  );
}
