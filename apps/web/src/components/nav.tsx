"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const navigation = [
  { href: "/labs", label: "Labs" },
  { href: "/intranets", label: "Intranets" },
  { href: "/insight", label: "Insight" },
  { href: "/leases", label: "Leases" },
  { href: "/agents", label: "Agents" },
  { href: "/plans", label: "Plans" },
  { href: "/audit", label: "Audit" },
] as const;

export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1">
      {navigation.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${
              active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-200 hover:text-slate-900"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
