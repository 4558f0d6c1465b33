import { PageHeader } from "~/components/ui/states";
import { LeasesView } from "./leases-view";

export const metadata = { title: "Leases" };

export default function LeasesPage() {
  return (
    <>
      <PageHeader
        title="Leases"
        description="Static DHCP leases across the team: one MAC per team, one IP and hostname per site, outside each site's pool."
      />
      <LeasesView />
    </>
  );
}
