// dnsmasq (conf snippets and the dhcp-hostsfile): one `option=field,field,…` per line. Fields are
// split at ','; '#' after whitespace starts a comment; '"' quotes and '\' escapes are decoded.
// labnet writes every field bare, so a field must be non-empty and free of whitespace, control
// characters, ',', '#', '"', '\' and '=': anything else would change the line's meaning.
import { describeFirst, UnsafeValueError } from "./error";

const UNSAFE = /[\s\p{Cc}\u2028\u2029,#"\\=]/u;

export function dnsmasqValue(value: string, field: string): string {
  if (value === "") throw new UnsafeValueError("dnsmasq", field, "may not be empty");
  const bad = describeFirst(value, UNSAFE);
  if (bad !== null) {
    throw new UnsafeValueError(
      "dnsmasq",
      field,
      `must be one field without whitespace, ',', '#', '"', '\\' or '=' (${bad})`,
    );
  }
  return value;
}
