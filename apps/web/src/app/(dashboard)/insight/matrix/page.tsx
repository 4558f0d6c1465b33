import { MatrixPanel } from "./matrix-panel";

export const metadata = { title: "Insight · Reachability" };

export default function MatrixPage() {
  return <MatrixPanel />;
}
