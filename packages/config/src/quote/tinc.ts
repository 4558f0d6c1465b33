// tinc (tinc.conf, hosts/*): `Variable = Value` lines with no quoting or escapes; a line starting
// with # is a comment, one starting with -----BEGIN opens a key block. Every value labnet writes
// is one word (Address takes the host and the port as two separate words), so a value must be a
// non-empty run of printable characters without whitespace, '=' or '#'.
import { textProblem } from "@labnet/model";
import { describeFirst, UnsafeValueError } from "./error";

const UNSAFE = /[\s\p{Cc}\u2028\u2029=#]/u;

export function tincValue(value: string, field: string): string {
  if (value === "") throw new UnsafeValueError("tinc", field, "may not be empty");
  const bad = describeFirst(value, UNSAFE);
  if (bad !== null) {
    throw new UnsafeValueError("tinc", field, `must be one word without whitespace, '=' or '#' (${bad})`);
  }
  return value;
}

/**
 * A public key block for a hosts file: tinc skips from -----BEGIN to -----END and reads config
 * lines again after it, so anything but one well-formed PEM block could add settings.
 */
export function tincKeyBlock(value: string, field: string): string {
  const block = `${value.trim()}\n`;
  const problem = textProblem(block, "pem");
  if (problem !== null) throw new UnsafeValueError("tinc", field, problem);
  return block;
}
