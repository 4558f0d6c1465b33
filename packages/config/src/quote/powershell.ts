// PowerShell (the Hyper-V host script): every value a verbatim single-quoted string. PowerShell's
// lexer takes five characters as a single quote (language spec 2.3.5.2, single-quote-character):
// ' U+0027, ‘ U+2018, ’ U+2019, ‚ U+201A, ‛ U+201B. Inside '…' any of them ends the string unless
// it is doubled, so each is doubled (as PowerShell's own CodeGeneration.EscapeSingleQuotedStringContent
// does). Nothing else is special inside a verbatim string: $, `, " and line breaks stay literal.
// NUL is refused: Windows APIs the cmdlets call end the string there.
import { describeFirst, UnsafeValueError } from "./error";

/** Every character PowerShell reads as a single quote. */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

export function psQuote(value: string, field: string): string {
  const bad = describeFirst(value, /\0/);
  if (bad !== null) throw new UnsafeValueError("powershell", field, `may not hold NUL (${bad})`);
  return `'${value.replaceAll(PS_SINGLE_QUOTES, (quote) => quote + quote)}'`;
}
