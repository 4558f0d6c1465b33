import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runtime } from "./runtime";

/** For server components of the dashboard: the signed-in user, or a redirect to sign in. */
export async function requireSession() {
  const session = await runtime().auth.api.getSession({ headers: await headers() });
  if (!session) redirect("/sign-in");
  return session;
}
