import { MeshPanel } from "./mesh-panel";

export const metadata = { title: "Insight · Intranet map" };

export default function InsightPage() {
  return <MeshPanel />;
}
