// File paths built from model values (/etc/tinc/<netname>/hosts/<tincName>, the dnsmasq files of a
// site): each value is one path segment. A separator, '.' or '..', or a control character would
// put the file somewhere else (/etc/tinc/../../etc/passwd), so such a value is refused.
import { describeFirst, UnsafeValueError } from "./error";

const UNSAFE = /[/\\\p{Cc}\u2028\u2029]/u;

export function pathSegment(value: string, field: string): string {
  if (value === "" || value === "." || value === "..") {
    throw new UnsafeValueError("path", field, `may not be ${JSON.stringify(value)} as a file name`);
  }
  const bad = describeFirst(value, UNSAFE);
  if (bad !== null)
    throw new UnsafeValueError("path", field, `may not hold '/', '\\' or control characters (${bad})`);
  return value;
}
