import Link from "next/link";
import { PageHeader } from "~/components/ui/states";
import { PlansTable } from "./plans-table";

export const metadata = { title: "Plans" };

export default function PlansPage() {
  return (
    <>
      <PageHeader
        title="Plans"
        description="Inventory edits reach machines only through a plan: preview it, approve it, publish it, watch it land."
        actions={
          <>
            <Link
              href="/plans/revisions"
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              Machine revisions
            </Link>
            <Link
              href="/plans/new"
              className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
            >
              New plan
            </Link>
          </>
        }
      />
      <PlansTable />
    </>
  );
}
