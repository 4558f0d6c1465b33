import { LabChooser } from "./lab-chooser";

export const metadata = { title: "Insight · Lab maps" };

export default function LabMapsPage() {
  return <LabChooser />;
}
