"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/client";

const rank = { viewer: 1, editor: 2, admin: 3, owner: 4 } as const;
export type Role = keyof typeof rank;

/**
 * The active team and the caller's role in it. The UI uses `can(role)` only to hide controls the
 * server would refuse anyway: every procedure checks the role again.
 */
export function useActiveTeam() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.team.mine.queryOptions());
  const role = (mine.data?.activeRole ?? null) as Role | null;
  const team = mine.data?.teams.find((candidate) => candidate.id === mine.data?.activeTeamId) ?? null;
  return {
    isPending: mine.isPending,
    team,
    role,
    can: (least: Role) => role !== null && rank[role] >= rank[least],
  };
}
