import { LabMapPanel } from "./lab-map-panel";

export const metadata = { title: "Insight · Lab map" };

export default async function LabMapPage({
  params,
  searchParams,
}: {
  params: Promise<{ labId: string }>;
  searchParams: Promise<{ focus?: string }>;
}) {
  const { labId } = await params;
  const { focus } = await searchParams;
  return <LabMapPanel labId={decodeURIComponent(labId)} focusId={focus ?? null} />;
}
