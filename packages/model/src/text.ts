// One text policy for every string labnet accepts. Names and free text end up in files that run
// as root on routers and as SYSTEM on Hyper-V hosts, in dnsmasq host lines and in the web UI; a
// newline, a NUL or a bidi override in any of them is either an injection or a lie to the reader.
// The API checks every field with `text(kind)`; renderers call `textProblem` again and refuse to
// render a value that fails (rows written before this policy may still hold one).
import { z } from "zod";

/** One kind per family of fields; each has its own alphabet and length limit. */
export type TextKind =
  /** Display names: labs, machines, vSwitches, intranets, hops, rules, teams, tokens, users. */
  | "name"
  /** Short single-line labels: owner, OS, Windows build, adapter and interface names. */
  | "label"
  /** Multi-line notes: tab and line feed allowed, never rendered into a config file. */
  | "freeText"
  /** Search boxes and list filters: single line, may be empty. */
  | "search"
  /** Record ids (cuid or imported ids like "lab1-router"). */
  | "id"
  /** A dnsmasq dhcp-host / Windows computer name: one RFC 1123 label that does not read as a lease time. */
  | "hostname"
  /** A DNS name or IPv4 address that tinc may ConnectTo. */
  | "dnsName"
  /** An absolute path on the router (mount point, credentials file). */
  | "path"
  /** A CIFS share: //host/share[/dir…]. */
  | "unc"
  /** mount.cifs -o options; never a secret. */
  | "mountOptions"
  /** A unix user name (samba users). */
  | "unixUser"
  /** A dnsmasq tag. */
  | "tag"
  /** A PEM block (tinc public key). */
  | "pem";

interface KindRule {
  max: number;
  /** Control characters the kind allows besides the always-forbidden ones (freeText: \t, \n). */
  allowControls?: ReadonlySet<number>;
  /** The alphabet/shape rule, checked after the universal one; returns the broken rule or null. */
  shape?: (value: string) => string | null;
}

const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** dnsmasq reads a dhcp-host field that looks like this as a lease time, not as a host name. */
const LEASE_TIME_LIKE = /^(\d+[smhdw]?|infinite)$/i;
const ABSOLUTE_PATH = /^\/[A-Za-z0-9_./-]*$/;
// Share names may end in '$' (hidden shares such as data$); nothing else outside [A-Za-z0-9_.-].
const UNC = /^\/\/[A-Za-z0-9.-]+\/[A-Za-z0-9_.-]+\$?(\/[A-Za-z0-9_.-]+)*\/?$/;
const MOUNT_OPTION = /^[A-Za-z0-9_]+(=[A-Za-z0-9_.:/@+-]*)?$/;
/** mount.cifs options whose value is a secret, or names the file holding it. */
const SECRET_OPTION = /^(pass|password|password2|cred|credentials)$/i;
/** The rest of the credentials: the renderer takes them from credentialsFile and drops these. */
const CREDENTIAL_OPTION = /^(user|username|domain|dom|workgroup)$/i;
const UNIX_USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const TAG = /^[A-Za-z0-9_-]{1,32}$/;
const PEM = /^-----BEGIN [A-Z0-9 ]+-----\n([A-Za-z0-9+/=]{1,76}\n)+-----END [A-Z0-9 ]+-----\n?$/;

const FREE_TEXT_CONTROLS: ReadonlySet<number> = new Set([0x09, 0x0a]);
const PEM_CONTROLS: ReadonlySet<number> = new Set([0x0a]);

function matches(pattern: RegExp, rule: string): (value: string) => string | null {
  return (value) => (pattern.test(value) ? null : rule);
}

const rules: Record<TextKind, KindRule> = {
  name: { max: 100 },
  label: { max: 100 },
  freeText: { max: 10_000, allowControls: FREE_TEXT_CONTROLS },
  search: { max: 200 },
  id: { max: 64, shape: matches(/^\S+$/, "an id without spaces") },
  hostname: {
    max: 63,
    shape: (value) => {
      if (!HOST_LABEL.test(value)) {
        return "an RFC 1123 host name: 1-63 letters, digits and '-', not starting or ending with '-'";
      }
      if (LEASE_TIME_LIKE.test(value)) {
        return "a host name that does not read as a lease time (all digits, digits with s/m/h/d/w, or 'infinite')";
      }
      return null;
    },
  },
  dnsName: {
    max: 253,
    shape: (value) =>
      value.split(".").every((label) => HOST_LABEL.test(label))
        ? null
        : "a DNS name or IPv4 address: dot-separated labels of letters, digits and '-'",
  },
  path: {
    max: 255,
    shape: (value) => {
      if (!ABSOLUTE_PATH.test(value)) return "an absolute path of letters, digits, '_', '.', '-' and '/'";
      if (value.split("/").some((segment) => segment === "..")) return "a path without '..' segments";
      return null;
    },
  },
  unc: {
    max: 255,
    shape: matches(
      UNC,
      "a share like //host/share or //host/share$/dir: letters, digits, '_', '.', '-' (a '$' only at the end of the share name)",
    ),
  },
  mountOptions: {
    max: 1000,
    shape: (value) => {
      for (const option of value.split(",")) {
        // The key first: a password may hold any character, and the message must say where it goes.
        const key = option.split("=")[0]!.trim();
        if (SECRET_OPTION.test(key)) {
          return `free of secrets: put the password in a credentials file on the router and name it in credentialsFile (found "${key}=")`;
        }
        if (CREDENTIAL_OPTION.test(key)) {
          return `free of credentials: ${key}= belongs in the credentials file named in credentialsFile`;
        }
        if (!MOUNT_OPTION.test(option)) {
          return `comma-separated options like vers=3.0 or iocharset=utf8 ("${option}" is not one)`;
        }
      }
      return null;
    },
  },
  unixUser: { max: 32, shape: matches(UNIX_USER, "a lower-case unix user name (a-z, 0-9, '_', '-')") },
  tag: { max: 32, shape: matches(TAG, "a tag of letters, digits, '_' or '-'") },
  pem: {
    max: 4096,
    allowControls: PEM_CONTROLS,
    shape: matches(PEM, "a PEM block (-----BEGIN … -----END …-----)"),
  },
};

/**
 * mountOptions without the options the text policy refuses there (secrets and the other
 * credentials): what labnet shows and exports for a share stored before the policy.
 */
export function withoutCredentialOptions(options: string): string {
  return options
    .split(",")
    .filter((option) => !isCredentialOption(option))
    .join(",");
}

/** Whether one mount option (`key=value` or a flag) carries a secret or another credential. */
export function isCredentialOption(option: string): boolean {
  const key = option.trim().split("=")[0]!;
  return SECRET_OPTION.test(key) || CREDENTIAL_OPTION.test(key);
}

/** The per-kind length limit, for form fields (maxLength) and zod. */
export function textMaxLength(kind: TextKind): number {
  return rules[kind].max;
}

/**
 * Code points no labnet string may hold, whatever its kind: C0 controls, DEL, C1 controls, bidi
 * embeddings/overrides/isolates, zero-width and direction marks, the BOM, and the Unicode line and
 * paragraph separators (JavaScript and many parsers treat them as line breaks).
 */
export function isForbiddenCodePoint(cp: number): boolean {
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x061c ||
    (cp >= 0x200b && cp <= 0x200f) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0xfeff
  );
}

function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

function describe(cp: number): string {
  if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return "control characters";
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x061c) {
    return "bidirectional override characters";
  }
  if (cp === 0x2028 || cp === 0x2029) return "line or paragraph separators";
  return "invisible (zero-width) characters";
}

/**
 * The universal rule alone: a lone surrogate (invalid UTF-16) or a forbidden code point, with its
 * position; `allow` lists control characters a kind permits. Null when the string is clean.
 */
export function codePointProblem(
  value: string,
  allow?: ReadonlySet<number>,
  forbidden: (cp: number) => boolean = isForbiddenCodePoint,
): string | null {
  let position = 0;
  for (let i = 0; i < value.length; i++, position++) {
    const cp = value.codePointAt(i)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      return `must be valid Unicode (lone surrogate ${codePointName(cp)} at position ${position})`;
    }
    if (cp > 0xffff) i++;
    if (forbidden(cp) && !allow?.has(cp)) {
      return `must not contain ${describe(cp)} (${codePointName(cp)} at position ${position})`;
    }
  }
  return null;
}

/**
 * What is wrong with `value` as a `kind` field, as a message naming the rule, or null when it is
 * acceptable. The value is checked as given (callers trim first where the field trims).
 */
export function textProblem(value: string, kind: TextKind, max = rules[kind].max): string | null {
  const rule = rules[kind];
  const universal = codePointProblem(value, rule.allowControls);
  if (universal !== null) return universal;
  const length = [...value].length;
  if (length > max) return `must be at most ${max} characters (has ${length})`;
  if (rule.shape && value !== "") {
    const broken = rule.shape(value);
    if (broken !== null) return `must be ${broken}`;
  }
  return null;
}

let readingStored = false;

/**
 * Runs `parse` (a synchronous zod parse of rows labnet stored earlier) with the text policy
 * relaxed, so a row written before a rule existed still loads; renderers check `textProblem`
 * again and refuse such a value with a clear message. Structure, types and enums are still checked.
 * Synchronous on purpose: nothing else can run while the flag is set.
 */
export function parseStored<T>(parse: () => T): T {
  readingStored = true;
  try {
    return parse();
  } finally {
    readingStored = false;
  }
}

/** True inside `parseStored`: field rules of the text policy (and MAC/CIDR classes) are skipped. */
export function textPolicyRelaxed(): boolean {
  return readingStored;
}

export interface TextOptions {
  /** Smallest length after trimming; 1 makes the field required (default: 1 for names, ids and shaped kinds). */
  min?: number;
  /** What to say when a required field is empty, where the form has a better word (e.g. "pick an endpoint"). */
  emptyMessage?: string;
  /** The field's own length limit instead of the kind's (e.g. a plan description). */
  max?: number;
  /** Whether leading/trailing whitespace is removed first (default: all kinds but freeText and pem). */
  trim?: boolean;
}

const OPTIONAL_BY_DEFAULT: ReadonlySet<TextKind> = new Set(["label", "freeText", "search", "mountOptions"]);

/**
 * A zod string for a `kind` field: trimmed, length-limited and refined with `textProblem`, so a bad
 * value is a field error naming the field (zod's path) and the rule (the message).
 */
export function text(kind: TextKind, options: TextOptions = {}) {
  const trim = options.trim ?? (kind !== "freeText" && kind !== "pem");
  const min = options.min ?? (OPTIONAL_BY_DEFAULT.has(kind) ? 0 : 1);
  const max = options.max ?? rules[kind].max;
  let schema = z.string();
  if (trim) schema = schema.trim();
  return schema.superRefine((value, ctx) => {
    if (readingStored) return;
    if (value.length < min) {
      const tooShort = min === 1 ? "must not be empty" : `must be at least ${min} characters`;
      ctx.addIssue({ code: "custom", message: (value === "" && options.emptyMessage) || tooShort });
      return;
    }
    const problem = textProblem(value, kind, max);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  });
}

export interface StringIssue {
  /** Path of the offending string inside the input, e.g. ["nics", 2, "name"]. */
  path: (string | number)[];
  message: string;
}

/**
 * The generic guard: the first string anywhere in `input` (values and object keys) that holds a
 * NUL or a lone surrogate — what PostgreSQL refuses with an internal error. Other control
 * characters are left to the field's kind (free text may hold line feeds).
 */
export function findInvalidString(input: unknown, path: (string | number)[] = []): StringIssue | null {
  if (typeof input === "string") {
    const message = nulOrSurrogateProblem(input);
    return message === null ? null : { path, message };
  }
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const found = findInvalidString(input[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (input !== null && typeof input === "object" && !(input instanceof Date)) {
    for (const [key, value] of Object.entries(input)) {
      const keyProblem = nulOrSurrogateProblem(key);
      if (keyProblem !== null) return { path: [...path, key], message: `field name ${keyProblem}` };
      const found = findInvalidString(value, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** With the u flag an unpaired surrogate is a code point of its own, of category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

function nulOrSurrogateProblem(value: string): string | null {
  // Native scans first: the guard sees every input, model files up to 20 MB included.
  if (!value.includes("\u0000") && !LONE_SURROGATE.test(value)) return null;
  return codePointProblem(value, undefined, (cp) => cp === 0);
}
