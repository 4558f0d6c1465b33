import { IntranetDetail } from "./intranet-detail";

export const metadata = { title: "Intranet" };

export default async function IntranetPage({ params }: { params: Promise<{ intranetId: string }> }) {
  const { intranetId } = await params;
  return <IntranetDetail intranetId={intranetId} />;
}
