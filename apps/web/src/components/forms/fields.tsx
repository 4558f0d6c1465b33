"use client";

// Labelled inputs that show their field's error underneath, wired for screen readers
// (aria-invalid, aria-describedby) and the keyboard.
import { type ReactNode, useId } from "react";
import type { FieldErrors, FormValue, Notice } from "./use-form";

/** What a field needs of its form (method syntax: any form's typed `set` fits). */
interface AnyForm {
  values: Record<string, FormValue>;
  errors: FieldErrors;
  set(name: string, value: FormValue): void;
}

const inputClass =
  "mt-1 block w-full rounded-md border px-2 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";

function FieldShell({
  id,
  label,
  error,
  hint,
  children,
  className,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`text-sm ${className ?? ""}`}>
      <label htmlFor={id} className="font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextField<F extends AnyForm>({
  form,
  name,
  label,
  hint,
  placeholder,
  type = "text",
  className,
  errorKey,
}: {
  form: F;
  name: string;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  type?: "text" | "number" | "search";
  className?: string;
  /** The server's field name when it differs from the form's */
  errorKey?: string;
}) {
  const id = useId();
  const error = form.errors[errorKey ?? name];
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <input
        id={id}
        name={name}
        type={type}
        placeholder={placeholder}
        value={String(form.values[name] ?? "")}
        onChange={(event) => form.set(name, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={`${inputClass} ${error ? "border-red-400" : "border-slate-300"}`}
      />
    </FieldShell>
  );
}

export function TextAreaField<F extends AnyForm>({
  form,
  name,
  label,
  hint,
  rows = 3,
  placeholder,
}: {
  form: F;
  name: string;
  label: string;
  hint?: ReactNode;
  rows?: number;
  placeholder?: string;
}) {
  const id = useId();
  const error = form.errors[name];
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        placeholder={placeholder}
        value={String(form.values[name] ?? "")}
        onChange={(event) => form.set(name, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={`${inputClass} font-mono ${error ? "border-red-400" : "border-slate-300"}`}
      />
    </FieldShell>
  );
}

export function SelectField<F extends AnyForm>({
  form,
  name,
  label,
  options,
  hint,
  className,
}: {
  form: F;
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  hint?: ReactNode;
  className?: string;
}) {
  const id = useId();
  const error = form.errors[name];
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className}>
      <select
        id={id}
        name={name}
        value={String(form.values[name] ?? "")}
        onChange={(event) => form.set(name, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${inputClass} bg-white ${error ? "border-red-400" : "border-slate-300"}`}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField<F extends AnyForm>({
  form,
  name,
  label,
}: {
  form: F;
  name: string;
  label: string;
}) {
  const id = useId();
  const error = form.errors[name];
  return (
    <div className="text-sm">
      <label htmlFor={id} className="inline-flex items-center gap-2 font-medium text-slate-700">
        <input
          id={id}
          type="checkbox"
          checked={Boolean(form.values[name])}
          onChange={(event) => form.set(name, event.target.checked)}
          className="h-4 w-4 rounded border-slate-300"
        />
        {label}
      </label>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** The whole form's outcome: a conflict offers to reload the current values. */
export function FormNotice({ notice, onReload }: { notice: Notice; onReload?: () => void }) {
  if (!notice) return null;
  if (notice.kind === "success") {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        {notice.message}
      </p>
    );
  }
  return (
    <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      <p>{notice.message}</p>
      {notice.kind === "conflict" && onReload && (
        <button
          type="button"
          onClick={onReload}
          className="mt-2 rounded border border-red-300 bg-white px-2 py-1 text-xs font-medium hover:bg-red-100"
        >
          Reload current values
        </button>
      )}
    </div>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
    >
      {pending ? "Saving…" : children}
    </button>
  );
}

export function SecondaryButton({
  children,
  onClick,
  disabled,
  label,
}: {
  children: ReactNode;
  onClick: () => void;
  disabled?: boolean;
  label?: string;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-40"
    >
      {children}
    </button>
  );
}
