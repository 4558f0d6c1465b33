import { PageHeader } from "~/components/ui/states";
import { ImportFiles } from "./import-files";

export const metadata = { title: "Import files" };

export default async function ImportPage({
  params,
}: {
  params: Promise<{ intranetId: string; siteId: string }>;
}) {
  const { intranetId, siteId } = await params;
  return (
    <>
      <PageHeader
        title="Import a router's files"
        description="Upload or paste the files you already have — /etc/config/dhcp, firewall, sqm, network; a dnsmasq hosts file; /tmp/dhcp.leases; the tinc folder — and see what they would change before anything is written."
      />
      <ImportFiles intranetId={intranetId} siteId={siteId} />
    </>
  );
}
