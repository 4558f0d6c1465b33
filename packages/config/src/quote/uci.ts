// UCI (OpenWrt /etc/config/*): every value single-quoted, as `uci export` writes it. Inside '…'
// uci takes every byte literally up to the next ', so a quote becomes '\'' (close, escaped quote,
// reopen). uci itself would carry a line break inside quotes (multi-line values), but older uci,
// the shell scripts that read these values with config_get, and our importer are line-based:
// a value with a line break is refused, as is NUL (uci is C: the value would end there).
import { describeFirst, UnsafeValueError } from "./error";

const UNREPRESENTABLE = /[\0\n\r]/;
const NAME = /^[A-Za-z0-9_]+$/;

export function uciQuote(value: string, field: string): string {
  const bad = describeFirst(value, UNREPRESENTABLE);
  if (bad !== null) throw new UnsafeValueError("uci", field, `may not hold NUL or a line break (${bad})`);
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Section and option names: uci accepts only [A-Za-z0-9_] there, quoted or not. */
export function uciName(value: string, field: string): string {
  if (!NAME.test(value)) {
    throw new UnsafeValueError(
      "uci",
      field,
      `name must be letters, digits or '_' (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}
