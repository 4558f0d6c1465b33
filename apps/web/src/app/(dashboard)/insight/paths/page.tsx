import { Suspense } from "react";
import { LoadingRows } from "~/components/ui/states";
import { PathExplorer } from "./path-explorer";

export const metadata = { title: "Insight · Path explorer" };

export default function PathsPage() {
  return (
    <Suspense fallback={<LoadingRows label="Loading…" />}>
      <PathExplorer />
    </Suspense>
  );
}
