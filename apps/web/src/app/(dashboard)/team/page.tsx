import { PageHeader } from "~/components/ui/states";
import { TeamSettings } from "./team-settings";

export const metadata = { title: "Team" };

export default function TeamPage() {
  return (
    <>
      <PageHeader title="Team settings" description="Members and their roles, invite links, API tokens." />
      <TeamSettings />
    </>
  );
}
