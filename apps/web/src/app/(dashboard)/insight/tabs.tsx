"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const tabs = [
  { href: "/insight", label: "Intranet map" },
  { href: "/insight/labs", label: "Lab maps" },
  { href: "/insight/matrix", label: "Reachability" },
  { href: "/insight/paths", label: "Path explorer" },
  { href: "/insight/findings", label: "Findings" },
] as const;

export function InsightTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Insight views" className="flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const active = tab.href === "/insight" ? pathname === "/insight" : pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${
              active
                ? "border-slate-900 text-slate-900"
                : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
