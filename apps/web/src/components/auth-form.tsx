"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { authClient } from "~/lib/auth-client";

export function AuthForm({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const next = useSearchParams().get("next") ?? "/labs";
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    const result =
      mode === "sign-in"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") });
    setPending(false);
    if (result.error) {
      setError(describeAuthError(mode, result.error));
      return;
    }
    router.push(next.startsWith("/") ? next : "/labs");
    router.refresh();
  }

  const title = mode === "sign-in" ? "Sign in to labnet" : "Create your labnet account";
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <form
        onSubmit={onSubmit}
        className="w-full max-w-sm space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
      >
        <h1 className="text-lg font-semibold">{title}</h1>
        {mode === "sign-up" && (
          <Field label="Your name" name="name" type="text" autoComplete="name" required />
        )}
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          minLength={mode === "sign-up" ? 10 : undefined}
          hint={mode === "sign-up" ? "At least 10 characters." : undefined}
          required
        />
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
        >
          {pending ? "Please wait…" : mode === "sign-in" ? "Sign in" : "Create account"}
        </button>
        <p className="text-center text-sm text-slate-600">
          {mode === "sign-in" ? (
            <>
              No account yet?{" "}
              <Link
                className="font-medium text-sky-700 hover:underline"
                href={`/sign-up?next=${encodeURIComponent(next)}`}
              >
                Create one
              </Link>
            </>
          ) : (
            <>
              Already registered?{" "}
              <Link
                className="font-medium text-sky-700 hover:underline"
                href={`/sign-in?next=${encodeURIComponent(next)}`}
              >
                Sign in
              </Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}

function describeAuthError(
  mode: "sign-in" | "sign-up",
  error: { status?: number; message?: string },
): string {
  if (error.status === 429) return "Too many attempts. Wait a minute, then try again.";
  // One message for every bad-credential case: it must not tell which part was wrong.
  if (mode === "sign-in") return "Email or password is wrong.";
  return error.message ?? "Could not create the account.";
}

function Field({
  label,
  hint,
  ...input
}: { label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <input
        {...input}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-sky-500"
      />
      {hint && <span className="mt-1 block text-xs text-slate-500">{hint}</span>}
    </label>
  );
}
