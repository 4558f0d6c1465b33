"use client";

// Which row a dialog edits, pinned as it was when the dialog opened: a background refetch must
// neither swap the form's values under the user's typing nor quietly move its version forward
// (that would overwrite someone else's change). Only "Reload current values" re-reads the row.
import { useEffect, useState } from "react";
import { useRefreshAll } from "./use-saved";

export interface Editing<T, C> {
  row: T | null;
  context: C;
  /** Changes on reload: key the form with it so it starts over from the fresh row. */
  key: number;
}

export function useEditing<T extends { id: string }, C = undefined>(rows: readonly T[]) {
  const refresh = useRefreshAll();
  const [editing, setEditing] = useState<Editing<T, C> | null>(null);
  const [reloaded, setReloaded] = useState(false);
  useEffect(() => {
    if (!reloaded) return;
    setReloaded(false);
    setEditing((current) =>
      current
        ? {
            ...current,
            row: current.row && (rows.find((row) => row.id === current.row?.id) ?? null),
            key: current.key + 1,
          }
        : null,
    );
  }, [reloaded, rows]);
  return {
    editing,
    open: (row: T | null, context: C) => setEditing({ row, context, key: 0 }),
    close: () => setEditing(null),
    reload: async () => {
      await refresh();
      setReloaded(true);
    },
  };
}
