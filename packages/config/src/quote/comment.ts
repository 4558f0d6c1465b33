// Comment text in every generated file (all of them use `#` to the end of the line): a line break
// would end the comment and turn the rest into statements, so text with one is refused. This is
// also what keeps names out of PowerShell's <# … #> block: labnet writes only `#` line comments.
import { describeFirst, UnsafeValueError } from "./error";

const LINE_BREAK_OR_CONTROL = /[\p{Cc}\u2028\u2029]/u;

export function commentText(value: string, field: string): string {
  const bad = describeFirst(value, LINE_BREAK_OR_CONTROL);
  if (bad !== null) {
    throw new UnsafeValueError("comment", field, `may not hold line breaks or control characters (${bad})`);
  }
  return value;
}
