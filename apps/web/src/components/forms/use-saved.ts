"use client";

import { useQueryClient } from "@tanstack/react-query";

/**
 * After any inventory change every view may be stale (a lease shows on the lab, the intranet and
 * the leases page): refetch what is on screen.
 */
export function useRefreshAll() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}
