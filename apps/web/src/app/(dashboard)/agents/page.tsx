import { AgentsView } from "./agents-view";

export const metadata = { title: "Agents" };

export default function AgentsPage() {
  return <AgentsView />;
}
