// Field checks shared by the importers: the model's own zod rules, with the message kept short.
import { hostnameSchema, leaseTimeSchema, parseIPv4, parseMac } from "@labnet/model";
import type { Problems } from "./types";

export function checkMac(problems: Problems, line: number, value: string): string | null {
  const parsed = parseMac(value);
  if (parsed.ok) return parsed.value;
  problems.error(line, parsed.error);
  return null;
}

export function checkIp(problems: Problems, line: number, value: string, what = "address"): string | null {
  const parsed = parseIPv4(value);
  if (parsed.ok) return parsed.value;
  problems.error(line, `${what}: ${parsed.error}`);
  return null;
}

export function checkHostname(problems: Problems, line: number, value: string): string | null {
  const parsed = hostnameSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.error(line, `hostname "${value}": ${parsed.error.issues[0]!.message}`);
  return null;
}

export function checkLeaseTime(problems: Problems, line: number, value: string): string | null {
  const parsed = leaseTimeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.error(line, `lease time "${value}": ${parsed.error.issues[0]!.message}`);
  return null;
}

export function checkInt(
  problems: Problems,
  line: number,
  value: string,
  what: string,
  min: number,
  max: number,
): number | null {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    problems.error(line, `${what} "${value}" must be a whole number ${min}-${max}`);
    return null;
  }
  return Number(value);
}

export function leaseIdFor(mac: string): string {
  return `lease-${mac.replaceAll(":", "")}`;
}
