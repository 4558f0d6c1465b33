"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button, Notice } from "~/components/ui/form";
import { LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

export function AcceptInvite({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const invite = useQuery(trpc.team.describeInvite.queryOptions({ token }));
  const accept = useMutation(
    trpc.team.acceptInvite.mutationOptions({
      onSuccess: () => {
        router.push("/labs");
        router.refresh();
      },
    }),
  );
  if (invite.isPending) return <LoadingRows label="Checking the invitation…" />;
  if (invite.isError) return <Notice tone="error">{invite.error.message}</Notice>;
  if (!invite.data.valid) return <Notice tone="error">{invite.data.reason}</Notice>;
  return (
    <div className="space-y-3 text-sm">
      <p>
        You are invited to <strong>{invite.data.teamName}</strong> as <strong>{invite.data.role}</strong>. You
        will join as {email}.
      </p>
      {accept.error && <Notice tone="error">{accept.error.message}</Notice>}
      <Button onClick={() => accept.mutate({ token })} disabled={accept.isPending}>
        {accept.isPending ? "Joining…" : "Accept invitation"}
      </Button>
    </div>
  );
}
