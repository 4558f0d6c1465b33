import { LabDetail } from "./lab-detail";

export const metadata = { title: "Lab" };

export default async function LabPage({ params }: { params: Promise<{ labId: string }> }) {
  const { labId } = await params;
  return <LabDetail labId={labId} />;
}
