import { PageHeader } from "~/components/ui/states";
import { RevisionHistory } from "./revision-history";

export const metadata = { title: "Machine revisions" };

export default function RevisionsPage() {
  return (
    <>
      <PageHeader
        title="Machine revisions"
        description="Every revision published to a machine, with the plan that made it. Pick any two to compare their files."
      />
      <RevisionHistory />
    </>
  );
}
