// POSIX sh (tinc-up, tinc-down): every value single-quoted. Inside '…' the shell expands nothing
// ($, `, \, ", newlines are all literal), so the only character to handle is ' itself: '\''.
// Values never go inside double quotes or an expanding here-document. NUL is refused: a C
// program's argv cannot carry it.
import { describeFirst, UnsafeValueError } from "./error";

export function shQuote(value: string, field: string): string {
  const bad = describeFirst(value, /\0/);
  if (bad !== null) throw new UnsafeValueError("sh", field, `may not hold NUL (${bad})`);
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
