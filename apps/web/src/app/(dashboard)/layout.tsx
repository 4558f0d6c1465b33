import Link from "next/link";
import type { ReactNode } from "react";
import { MainNav } from "~/components/nav";
import { TeamSwitcher } from "~/components/team-switcher";
import { UserMenu } from "~/components/user-menu";
import { requireSession } from "~/server/session";
import { TRPCReactProvider } from "~/trpc/client";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  return (
    <TRPCReactProvider>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
          <Link href="/labs" className="text-base font-semibold tracking-tight">
            labnet
          </Link>
          <TeamSwitcher />
          <Link href="/team" className="text-sm text-slate-600 hover:text-slate-900 hover:underline">
            Team settings
          </Link>
          <MainNav />
          <div className="ml-auto">
            <UserMenu name={session.user.name || session.user.email} email={session.user.email} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </TRPCReactProvider>
  );
}
