// The one error every quoting function throws: the value cannot be written safely in that file's
// language, so nothing is emitted. `field` names the model object and field the value came from.

export type QuoteLanguage =
  | "uci"
  | "sh"
  | "powershell"
  | "smb.conf"
  | "tinc"
  | "dnsmasq"
  | "comment"
  | "path";

export class UnsafeValueError extends Error {
  constructor(
    readonly language: QuoteLanguage,
    readonly field: string,
    readonly rule: string,
  ) {
    super(`refusing to render ${field}: a ${language} value ${rule}`);
    this.name = "UnsafeValueError";
  }
}

/** The first character of `value` matching `pattern`, described for an error message. */
export function describeFirst(value: string, pattern: RegExp): string | null {
  const match = pattern.exec(value);
  if (!match) return null;
  const cp = match[0].codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} at position ${[...value.slice(0, match.index)].length}`;
}
