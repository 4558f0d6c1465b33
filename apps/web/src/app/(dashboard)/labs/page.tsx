import { PageHeader } from "~/components/ui/states";
import { LabsTable } from "./labs-table";
import { ExportModelButton, ImportModelButton } from "./model-file-buttons";
import { NewLabButton } from "./new-lab-button";

export const metadata = { title: "Labs" };

export default function LabsPage() {
  return (
    <>
      <PageHeader
        title="Labs"
        description="Every notebook lab of your team: its Hyper-V host, router and VMs."
        actions={
          <>
            <ExportModelButton />
            <ImportModelButton />
            <NewLabButton />
          </>
        }
      />
      <LabsTable />
    </>
  );
}
