// Hostile values for the injection proofs: the issue's examples, the character classes they are
// made of, a generator combining them, and the model paths they are put into.
import { type NetworkModel, networkModelSchema } from "@labnet/model";
import { demoModelInput } from "@labnet/model/demo";
import fc from "fast-check";

export type Path = (string | number)[];

/** The demo model plus a Linux DHCP server and a tinc key, so that every renderer runs. */
export function proofModel(): NetworkModel {
  const input = structuredClone(demoModelInput);
  input.sites!.find((site) => site.id === "site-berlin")!.dhcpServerId = "berlin-db";
  input.sites!.find((site) => site.id === "site-munich")!.publicKey =
    "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAtest\n-----END RSA PUBLIC KEY-----\n";
  return networkModelSchema.parse(input);
}

/** The hostile classes of the issue, alone and combined. */
export const ISSUE_VALUES = [
  "Default\nStart-Process calc.exe #",
  "b-router\nconfig rule\n\toption src 'wan'\n\toption dest_port '22'\n\toption target 'ACCEPT'\n#",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
  "//fileserver/data$(touch${IFS}pwned)",
  "Lab’; Start-Process calc; ’",
  "a‘b‚c‛d'e",
  "x\r\ny",
  "nul\0byte",
  '"; touch pwned; "',
  "`touch pwned`",
  "$(touch pwned)",
  "a;b",
  "# not a comment",
  "<# open",
  "#> closed",
  "100%m",
  "back\\",
  "\\'",
  "Büro – ä ö ü 日本",
  "\u202Eevil",
  " padded ",
];
export const PIECES = [
  "\n",
  "\r",
  "\0",
  "\t",
  "'",
  '"',
  "‘",
  "’",
  "‚",
  "‛",
  "“",
  "”",
  "$(touch pwned)",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
  "${IFS}",
  "`id`",
  ";",
  "#",
  "<#",
  "#>",
  "%",
  "\\",
  "ä",
  "–",
  "\u2028",
  "=",
  ",",
  "[",
  "]",
  " ",
  "x",
];
export const hostileValue = fc.oneof(
  fc.constantFrom(...ISSUE_VALUES),
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((parts) => parts.join("")),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
);

export function stringLeaves(value: unknown, path: Path = []): Path[] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...path, index]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  }
  return [];
}

export function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

export function set(root: unknown, path: Path, value: unknown): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
}

/** Ids and references to them: a hostile id is renamed everywhere, so references still hold. */
export function isIdPath(path: Path): boolean {
  const key = path.at(-1);
  return key === "id" || (typeof key === "string" && key.endsWith("Id")) || path.at(-2) === "connectTo";
}

/** Enum fields (kind, type, mode …) are not text: the model's parser refuses any other value. */
export function isEnumPath(model: NetworkModel, path: Path): boolean {
  const probe = structuredClone(model);
  set(probe, path, "zz-probe");
  const parsed = networkModelSchema.safeParse(probe);
  return (
    !parsed.success &&
    parsed.error.issues.some(
      (issue) => issue.code === "invalid_value" && issue.path.join(".") === path.join("."),
    )
  );
}

export function substitute(model: NetworkModel, path: Path, value: string): NetworkModel {
  const copy = structuredClone(model);
  if (!isIdPath(path)) {
    set(copy, path, value);
    return copy;
  }
  const original = get(model, path);
  for (const leaf of stringLeaves(model)) {
    if (isIdPath(leaf) && get(model, leaf) === original) set(copy, leaf, value);
  }
  return copy;
}

/**
 * The benign twin of a hostile value: every character outside [A-Za-z0-9_.-] (each UTF-16 unit)
 * becomes '_'. Values drive logic (a rule's port decides whether labnet adds its own samba rule,
 * names decide sort order, nft table and sqm section names are the value sanitised the same way),
 * so the hostile render is compared with the twin's render, which takes the same decisions.
 */
export function twinOf(value: string): string {
  return value.replaceAll(/[^A-Za-z0-9_.-]/g, "_");
}
