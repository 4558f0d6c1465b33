"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { authClient } from "~/lib/auth-client";

export function UserMenu({ name, email }: { name: string; email: string }) {
  const router = useRouter();
  return (
    <div className="flex items-center gap-3 text-sm">
      <Link href="/account" className="text-slate-600 hover:text-slate-900 hover:underline" title={email}>
        {name}
      </Link>
      <button
        type="button"
        className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        onClick={async () => {
          await authClient.signOut();
          router.push("/sign-in");
          router.refresh();
        }}
      >
        Sign out
      </button>
    </div>
  );
}
