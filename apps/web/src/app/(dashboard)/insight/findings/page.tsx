import { FindingsPanel } from "./findings-panel";

export const metadata = { title: "Insight · Findings" };

export default function FindingsPage() {
  return <FindingsPanel />;
}
