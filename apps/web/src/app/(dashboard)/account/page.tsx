import { PageHeader } from "~/components/ui/states";
import { ChangePassword } from "./change-password";

export const metadata = { title: "Account" };

export default function AccountPage() {
  return (
    <>
      <PageHeader title="Account" description="Your sign-in details." />
      <div className="max-w-md">
        <ChangePassword />
      </div>
    </>
  );
}
