"use client";
// The caller's role in the active team, to show only the actions the server will allow.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/client";

const rank = { viewer: 1, editor: 2, admin: 3, owner: 4 } as const;
type Role = keyof typeof rank;

export function useRoleAtLeast(): (least: Role) => boolean {
  const trpc = useTRPC();
  const mine = useQuery(trpc.team.mine.queryOptions());
  const role = mine.data?.activeRole as Role | null | undefined;
  return (least) => (role ? rank[role] >= rank[least] : false);
}
