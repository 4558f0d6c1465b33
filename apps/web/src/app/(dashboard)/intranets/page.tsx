import { PageHeader } from "~/components/ui/states";
import { IntranetList } from "./intranet-list";

export const metadata = { title: "Intranets" };

export default function IntranetsPage() {
  return (
    <>
      <PageHeader
        title="Intranets"
        description="tinc networks joining your labs: each site a /24 segment of the intranet's CIDR."
      />
      <IntranetList />
    </>
  );
}
