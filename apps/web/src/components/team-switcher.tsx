"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "~/trpc/client";

export function TeamSwitcher() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.team.mine.queryOptions());
  const switchTeam = useMutation(
    trpc.team.switch.mutationOptions({
      onSuccess: async () => {
        // Every cached answer belongs to the old team.
        await queryClient.invalidateQueries();
        router.refresh();
      },
    }),
  );

  if (teams.isPending) return <span className="text-sm text-slate-400">Loading teams…</span>;
  if (teams.isError) return <span className="text-sm text-red-700">Teams unavailable</span>;
  const { teams: list, activeTeamId } = teams.data;
  if (list.length === 0) return <span className="text-sm text-slate-500">No team</span>;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Active team</span>
      <select
        aria-label="Active team"
        value={activeTeamId ?? ""}
        disabled={switchTeam.isPending}
        onChange={(event) => switchTeam.mutate({ teamId: event.target.value })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {list.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name} ({team.role})
          </option>
        ))}
      </select>
    </label>
  );
}
