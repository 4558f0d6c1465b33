"use client";

import { textMaxLength } from "@labnet/model";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { authClient } from "~/lib/auth-client";
import { safeNextPath } from "~/lib/next-path";

export function AuthForm({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get("next"));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    if (mode === "sign-up") {
      // Sign-up answers a new and a registered email alike and starts no session (no account
      // enumeration); signing in with the same password then tells the person what happened.
      const created = await authClient.signUp.email({
        email,
        password,
        name: String(form.get("name") ?? ""),
      });
      if (created.error) {
        setPending(false);
        setError(describeAuthError(mode, created.error));
        return;
      }
    }
    const result = await authClient.signIn.email({ email, password });
    setPending(false);
    if (result.error) {
      setError(describeAuthError(mode === "sign-up" ? "sign-up-then-sign-in" : "sign-in", result.error));
      return;
    }
    router.push(next);
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
          <Field
            label="Your name"
            name="name"
            type="text"
            autoComplete="name"
            maxLength={textMaxLength("name")}
            required
          />
        )}
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          minLength={mode === "sign-up" ? 10 : undefined}
          maxLength={200}
          hint={mode === "sign-up" ? "At least 10 characters, not only spaces." : undefined}
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
  step: "sign-in" | "sign-up" | "sign-up-then-sign-in",
  error: { status?: number; code?: string; message?: string },
): string {
  // An origin refusal is a configuration matter, never the person's password: the server's
  // message says where the page was opened and what labnet is configured for.
  if (error.code === "INVALID_ORIGIN" && error.message) return error.message;
  if (error.status === 429) {
    return error.code === "TOO_MANY_ATTEMPTS"
      ? "Too many sign-in attempts for this account. Wait 15 minutes, then try again."
      : "Too many attempts. Wait a minute, then try again.";
  }
  if (error.status === 413) return "The form was too large to send.";
  if (step === "sign-up") return error.message ?? "Could not create the account.";
  // The email was registered before, with another password: say so without confirming it.
  if (step === "sign-up-then-sign-in") {
    return "Could not sign you in with this password. If you already have an account with this email, sign in with its password.";
  }
  // One message for every bad-credential case: it must not tell which part was wrong.
  return "Email or password is wrong.";
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
