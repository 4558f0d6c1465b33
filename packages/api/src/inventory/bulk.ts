// Bulk add: one lease per pasted line, `MAC IP hostname` (any MAC notation; spaces, tabs, commas
// or semicolons between the columns). Blank lines and # comments are skipped; every other line
// yields either values or the reasons it cannot.
import { hostnameSchema, parseIPv4, unicastMacSchema } from "@labnet/model";
import type { FieldMessages } from "../errors";

export interface ParsedBulkLine {
  /** 1-based line number in the paste */
  line: number;
  text: string;
  values: { mac: string; ip: string; hostname: string } | null;
  problems: FieldMessages;
}

export const maxBulkLines = 2000;

export function parseBulkLeases(text: string): ParsedBulkLine[] {
  const rows: ParsedBulkLine[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const row: ParsedBulkLine = { line: index + 1, text: raw.trim(), values: null, problems: {} };
    rows.push(row);
    if (rows.length > maxBulkLines) {
      row.problems.line = `at most ${maxBulkLines} leases per paste: split the list`;
      continue;
    }
    const columns = line.split(/[\s,;]+/);
    if (columns.length !== 3) {
      row.problems.line = `expected 3 columns "MAC IP hostname", found ${columns.length}`;
      continue;
    }
    const [macText, ipText, hostnameText] = columns as [string, string, string];
    const mac = unicastMacSchema.safeParse(macText);
    const ip = parseIPv4(ipText);
    const hostname = hostnameSchema.safeParse(hostnameText);
    if (!mac.success) row.problems.mac = mac.error.issues[0]?.message ?? "invalid MAC";
    if (!ip.ok) row.problems.ip = ip.error;
    if (!hostname.success) row.problems.hostname = hostname.error.issues[0]?.message ?? "invalid hostname";
    if (mac.success && ip.ok && hostname.success) {
      row.values = { mac: mac.data, ip: ip.value, hostname: hostname.data.toLowerCase() };
    }
  }
  return rows;
}
