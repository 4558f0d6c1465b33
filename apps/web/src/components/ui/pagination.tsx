/** Previous / Next for a paginated list; nothing when everything fits on one page. */
export function Pagination({
  page,
  pageSize,
  total,
  noun,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  /** What the list counts, plural: "labs", "events". */
  noun: string;
  onPage: (page: number) => void;
}) {
  if (total <= pageSize) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
      <button
        type="button"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
        className="rounded border px-2 py-1 disabled:opacity-40"
      >
        Previous
      </button>
      <span>
        Page {page} of {pages} · {total} {noun}
      </span>
      <button
        type="button"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
        className="rounded border px-2 py-1 disabled:opacity-40"
      >
        Next
      </button>
    </nav>
  );
}
