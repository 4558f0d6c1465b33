import { headers } from "next/headers";
import Link from "next/link";
import { runtime } from "~/server/runtime";
import { TRPCReactProvider } from "~/trpc/client";
import { AcceptInvite } from "./accept-invite";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await runtime().auth.api.getSession({ headers: await headers() });
  const next = encodeURIComponent(`/invite/${token}`);
  return (
    <TRPCReactProvider>
      <main className="flex min-h-screen items-center justify-center p-6">
        <div className="w-full max-w-md space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold">Join a team on labnet</h1>
          {session ? (
            <AcceptInvite token={token} email={session.user.email} />
          ) : (
            <p className="text-sm text-slate-700">
              <Link className="font-medium text-sky-700 hover:underline" href={`/sign-in?next=${next}`}>
                Sign in
              </Link>{" "}
              or{" "}
              <Link className="font-medium text-sky-700 hover:underline" href={`/sign-up?next=${next}`}>
                create an account
              </Link>{" "}
              to accept this invitation.
            </p>
          )}
        </div>
      </main>
    </TRPCReactProvider>
  );
}
