"use client";

// Form state shared by every inventory form: values as the user typed them, errors per field
// (from client-side zod first, then from the server's `error.data.fields`), and one notice for
// the whole form (a conflict offering reload, a failure saying why, or a success).
import { useCallback, useEffect, useRef, useState } from "react";
import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormValue = string | boolean | string[];
export type Notice = { kind: "error" | "conflict" | "success"; message: string } | null;

interface ServerError {
  message: string;
  data?: { code?: string; fields?: FieldErrors | null } | null;
}

/** What a tRPC error says per field, and whether it is a version conflict. */
export function readServerError(error: unknown): { fields: FieldErrors; conflict: boolean; message: string } {
  const server = error as ServerError;
  const fields = server?.data?.fields ?? {};
  return {
    fields,
    conflict: server?.data?.code === "CONFLICT" && "version" in fields,
    message: server?.message ?? "Something went wrong: check your connection and try again.",
  };
}

export function useForm<V extends Record<string, FormValue>>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<Notice>(null);

  const set = useCallback(<K extends keyof V & string>(name: K, value: V[K]) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => {
      if (!(name in current)) return current;
      const { [name]: _removed, ...rest } = current;
      return rest;
    });
  }, []);

  const reset = useCallback((next: V) => {
    setValues(next);
    setErrors({});
    setNotice(null);
  }, []);

  /** Client-side validation with the same zod rules the server applies; null when invalid. */
  function check<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | null {
    const parsed = schema.safeParse(input);
    if (parsed.success) {
      setErrors({});
      return parsed.data;
    }
    const next: FieldErrors = {};
    for (const issue of parsed.error.issues)
      next[issue.path.map(String).join(".") || "form"] ??= issue.message;
    setErrors(next);
    setNotice({ kind: "error", message: "Fix the highlighted fields." });
    return null;
  }

  /** Puts the server's answer on the fields it names, and says what to do about the rest. */
  function fail(error: unknown) {
    const { fields, conflict, message } = readServerError(error);
    setErrors(fields);
    setNotice(
      conflict
        ? { kind: "conflict", message }
        : {
            kind: "error",
            message: Object.keys(fields).length > 0 ? "Fix the highlighted fields." : message,
          },
    );
  }

  return { values, set, errors, notice, setNotice, reset, check, fail };
}

/** "" → null, "12" → 12: optional numeric inputs. */
export function optionalNumber(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

export function optionalText(text: string): string | null {
  return text.trim() === "" ? null : text.trim();
}

/**
 * A server-proposed default (next free IP or segment): fills the field when it arrives, unless
 * the user has typed something else meanwhile.
 */
export function useProposedDefault(
  current: string,
  proposed: string | null | undefined,
  apply: (value: string) => void,
) {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (proposed === null || proposed === undefined || proposed === previous.current) return;
    const untouched = current === "" || current === previous.current;
    previous.current = proposed;
    if (untouched) apply(proposed);
  }, [current, proposed, apply]);
}
