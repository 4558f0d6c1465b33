import { AgentsView } from "./agents-view";

export const metadata = { title: "Agents" };
// LABNET_URL is read per request (the address agents should use), not baked in at build time.
export const dynamic = "force-dynamic";

export default function AgentsPage() {
  return <AgentsView labnetUrl={process.env.LABNET_URL || null} />;
}
