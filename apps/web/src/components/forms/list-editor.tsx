"use client";

// Editing an ordered list in place (uplink hops, shares, firewall rules): each cell is a small
// labelled input whose error comes from the server's `<list>.<index>.<field>` key.
import { useId } from "react";

export function CellInput({
  label,
  value,
  onChange,
  error,
  type = "text",
  options,
  width = "w-28",
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  type?: "text" | "number";
  options?: readonly { value: string; label: string }[];
  width?: string;
}) {
  const id = useId();
  const className = `mt-0.5 block ${width} rounded border px-1.5 py-1 text-sm ${
    error ? "border-red-400" : "border-slate-300"
  }`;
  return (
    <div className="text-xs">
      <label htmlFor={id} className="text-slate-600">
        {label}
      </label>
      {options ? (
        <select
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          className={`${className} bg-white`}
          aria-invalid={error ? true : undefined}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={type}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          className={className}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className={`mt-0.5 ${width} text-red-700`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function CellCheckbox({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex flex-col text-xs">
      <label htmlFor={id} className="text-slate-600">
        {label}
      </label>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        className="mt-2 h-4 w-4"
      />
    </div>
  );
}

/** Move, remove: the row controls every list editor shares. */
export function RowControls({
  index,
  count,
  label,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  label: string;
  onMove?: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  const button =
    "rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-30";
  return (
    <div className="flex items-end gap-1">
      {onMove && (
        <>
          <button
            type="button"
            className={button}
            disabled={index === 0}
            onClick={() => onMove(index, index - 1)}
            aria-label={`Move ${label} up`}
          >
            ↑
          </button>
          <button
            type="button"
            className={button}
            disabled={index === count - 1}
            onClick={() => onMove(index, index + 1)}
            aria-label={`Move ${label} down`}
          >
            ↓
          </button>
        </>
      )}
      <button type="button" className={button} onClick={() => onRemove(index)} aria-label={`Remove ${label}`}>
        Remove
      </button>
    </div>
  );
}

export function moved<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

let rowCounter = 0;
/** A React key for a new row (crypto.randomUUID needs a secure context; plain-http LAN installs lack one). */
export function newRowKey(): string {
  rowCounter += 1;
  return `row-${rowCounter}`;
}
