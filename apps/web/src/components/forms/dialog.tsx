"use client";

// A modal on the native <dialog>: focus moves in, Escape closes, focus returns where it was.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { SecondaryButton } from "./fields";
import { readServerError } from "./use-form";

export function Dialog({
  open,
  title,
  onClose,
  children,
  wide,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onClose={onClose}
      className={`m-auto w-full rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40 ${
        wide ? "max-w-3xl" : "max-w-lg"
      }`}
    >
      {open && (
        <div className="max-h-[85vh] overflow-y-auto p-5">
          <div className="mb-4 flex items-start justify-between gap-4">
            <h2 className="text-base font-semibold">{title}</h2>
            <button
              type="button"
              onClick={onClose}
              aria-label="Close"
              className="rounded px-2 text-slate-500 hover:bg-slate-100"
            >
              ✕
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

/**
 * Delete with confirmation: the dialog lists what goes with the object (loaded when it opens) and
 * why a deletion failed, e.g. a conflict because someone changed the object meanwhile.
 */
export function DeleteButton({
  what,
  name,
  dependents,
  onDelete,
  buttonLabel,
}: {
  /** "lab", "lease", … */
  what: string;
  name: string;
  dependents?: () => Promise<{ dependents: string[] }>;
  onDelete: () => Promise<unknown>;
  buttonLabel?: string;
}) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loaded = useQuery({
    queryKey: ["dependents", what, name, open],
    queryFn: () => dependents?.() ?? Promise.resolve({ dependents: [] }),
    enabled: open,
    staleTime: 0,
  });
  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onDelete();
      setOpen(false);
    } catch (failure) {
      setError(readServerError(failure).message);
      // A conflict means the page shows an old version: refetch, so that a second try can succeed.
      await queryClient.invalidateQueries();
    } finally {
      setPending(false);
    }
  }
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={buttonLabel ?? `Delete ${what} ${name}`}
        className="rounded-md border border-red-200 bg-white px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50"
      >
        Delete
      </button>
      <Dialog open={open} title={`Delete ${what} ${name}?`} onClose={() => setOpen(false)}>
        <div className="space-y-3 text-sm">
          {loaded.isPending ? (
            <p role="status">Checking what depends on it…</p>
          ) : loaded.isError ? (
            <p role="alert" className="text-red-700">
              Could not check what depends on it: {readServerError(loaded.error).message}
            </p>
          ) : loaded.data.dependents.length > 0 ? (
            <>
              <p>This also removes:</p>
              <ul aria-label="Removed with it" className="list-disc pl-5">
                {loaded.data.dependents.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>Nothing else depends on it.</p>
          )}
          {error && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <SecondaryButton onClick={() => setOpen(false)}>Cancel</SecondaryButton>
            <button
              type="button"
              onClick={confirm}
              disabled={pending || loaded.isPending}
              className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60"
            >
              {pending ? "Deleting…" : `Delete ${what}`}
            </button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
