// smb.conf (samba4 template and the file OpenWrt's init expands from /etc/config/samba4): there is
// no quoting at all. A line is `name = value`; a line ending in \ continues on the next; samba
// trims the value; %x in most values is a substitution (%m = the client's NetBIOS name, which the
// client chooses). A value that needs any of that is refused, never emitted.
import { describeFirst, UnsafeValueError } from "./error";

const CONTROL = /[\p{Cc}\u2028\u2029]/u;

export function smbValue(value: string, field: string, kind: "value" | "section" = "value"): string {
  const refuse = (rule: string): never => {
    throw new UnsafeValueError("smb.conf", field, rule);
  };
  const control = describeFirst(value, CONTROL);
  if (control !== null) refuse(`may not hold control characters or line breaks (${control})`);
  if (value.trim() !== value) refuse("may not start or end with whitespace (samba trims it)");
  if (value.endsWith("\\")) refuse("may not end in \\ (samba reads it as a line continuation)");
  if (value.includes("%")) refuse("may not hold % (samba substitutes %m, %u … in values)");
  if (kind === "section" && /[[\]]/.test(value)) refuse("section name may not hold [ or ]");
  return value;
}
