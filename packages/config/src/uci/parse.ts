// A UCI parser that never throws: it returns the sections it understood plus line-numbered errors,
// following uci's own tokenizer (file.c): quotes, backslash escapes, adjacent quoted parts joined,
// `#` comments outside quotes.

export interface UciOption {
  key: string;
  /** One value for `option`, all values in order for `list` */
  values: string[];
  isList: boolean;
  line: number;
}

export interface UciSection {
  type: string;
  /** null for anonymous sections */
  name: string | null;
  line: number;
  options: Map<string, UciOption>;
}

export interface UciParseError {
  line: number;
  message: string;
}

export interface UciDocument {
  package: string | null;
  sections: UciSection[];
  errors: UciParseError[];
}

const NAME = /^[A-Za-z0-9_]+$/;
const PACKAGE_NAME = /^[A-Za-z0-9_-]+$/;

type Tokens = { ok: true; tokens: string[] } | { ok: false; message: string };

export function tokenizeUciLine(line: string): Tokens {
  const tokens: string[] = [];
  let current: string | null = null;
  let index = 0;
  while (index < line.length) {
    const char = line[index]!;
    if (char === " " || char === "\t" || char === "\r") {
      if (current !== null) tokens.push(current);
      current = null;
      index++;
    } else if (char === "#") {
      break;
    } else if (char === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) return { ok: false, message: "unterminated ' quote" };
      current = (current ?? "") + line.slice(index + 1, end);
      index = end + 1;
    } else if (char === '"') {
      let value = "";
      index++;
      let closed = false;
      while (index < line.length) {
        const inner = line[index]!;
        if (inner === "\\" && index + 1 < line.length) {
          value += line[index + 1];
          index += 2;
        } else if (inner === '"') {
          closed = true;
          index++;
          break;
        } else {
          value += inner;
          index++;
        }
      }
      if (!closed) return { ok: false, message: 'unterminated " quote' };
      current = (current ?? "") + value;
    } else if (char === "\\") {
      if (index + 1 >= line.length) return { ok: false, message: "backslash at the end of the line" };
      current = (current ?? "") + line[index + 1];
      index += 2;
    } else {
      current = (current ?? "") + char;
      index++;
    }
  }
  if (current !== null) tokens.push(current);
  return { ok: true, tokens };
}

export function parseUci(text: string): UciDocument {
  const doc: UciDocument = { package: null, sections: [], errors: [] };
  const state: { section: UciSection | null } = { section: null };
  text.split("\n").forEach((raw, index) => {
    const message = parseLine(doc, state, raw, index + 1);
    if (message !== null) doc.errors.push({ line: index + 1, message });
  });
  return doc;
}

/** Applies one line to the document; returns an error message or null. */
function parseLine(
  doc: UciDocument,
  state: { section: UciSection | null },
  raw: string,
  line: number,
): string | null {
  const tokenized = tokenizeUciLine(raw);
  if (!tokenized.ok) return tokenized.message;
  const [keyword, ...args] = tokenized.tokens;
  if (keyword === undefined) return null;
  switch (keyword) {
    case "package": {
      if (args.length !== 1 || !PACKAGE_NAME.test(args[0]!))
        return "package needs one name of letters, digits, '_' or '-'";
      doc.package = args[0]!;
      state.section = null;
      return null;
    }
    case "config": {
      const [type, name, ...extra] = args;
      if (type === undefined) return "config needs a section type";
      if (!NAME.test(type)) return `invalid section type "${type}": use letters, digits or '_'`;
      if (name !== undefined && !NAME.test(name))
        return `invalid section name "${name}": use letters, digits or '_'`;
      if (extra.length > 0) return "config takes a type and at most one name";
      state.section = { type, name: name ?? null, line, options: new Map() };
      doc.sections.push(state.section);
      return null;
    }
    case "option":
    case "list": {
      const section = state.section;
      if (section === null) return `${keyword} outside a config section`;
      const [key, value, ...extra] = args;
      if (key === undefined || value === undefined) return `${keyword} needs a name and a value`;
      if (!NAME.test(key)) return `invalid ${keyword} name "${key}": use letters, digits or '_'`;
      if (extra.length > 0) return `${keyword} ${key}: a value with spaces must be quoted`;
      const existing = section.options.get(key);
      if (keyword === "list" && existing?.isList) existing.values.push(value);
      else section.options.set(key, { key, values: [value], isList: keyword === "list", line });
      return null;
    }
    default:
      return `unknown keyword "${keyword}" (expected package, config, option or list)`;
  }
}

/** First value of an option (a list's first item), or undefined */
export function uciGet(section: UciSection, key: string): string | undefined {
  return section.options.get(key)?.values[0];
}

/** All values: a list's items, or an option split on whitespace (uci allows both spellings). */
export function uciGetList(section: UciSection, key: string): string[] {
  const option = section.options.get(key);
  if (!option) return [];
  return option.isList ? option.values : option.values[0]!.split(/\s+/).filter(Boolean);
}

export function uciBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const normalized = value.toLowerCase();
  if (["1", "yes", "on", "true", "enabled"].includes(normalized)) return true;
  if (["0", "no", "off", "false", "disabled"].includes(normalized)) return false;
  return undefined;
}
