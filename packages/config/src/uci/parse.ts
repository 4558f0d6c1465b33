// A UCI parser that never throws: it returns the sections it understood plus line-numbered errors.
// It follows uci's own parser (libuci file.c) rule for rule, so that what it reads is what the
// router reads: '…' literal, "…" with backslash escapes, an unquoted backslash escapes the next
// character, a backslash before a line break continues the line, quoted values may span lines,
// adjacent parts join into one word, `#` starts a comment where a word would, `;` ends a command
// (several per line), keywords may be abbreviated to their first letter, and extra arguments
// are an error (uci's default strict mode).

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

/** Section and option names (uci_validate_name). */
const NAME = /^[A-Za-z0-9_]+$/;
/** Package names also allow '-' (uci_validate_package). */
const PACKAGE_NAME = /^[A-Za-z0-9_-]+$/;
/** Section types: any printable ASCII but space (uci_validate_type). */
const TYPE = /^[\x21-\x7e]+$/;
/** C isspace(): what uci skips between words. */
const SPACE = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

/** One command as uci sees it: the words after quote processing, and the line it starts on. */
export interface UciCommand {
  line: number;
  words: string[];
}

export type UciTokens = { commands: UciCommand[]; errors: UciParseError[] };

class UciLexer {
  index = 0;
  line = 1;
  constructor(private readonly text: string) {}

  get char(): string | undefined {
    return this.text[this.index];
  }

  advance(): string {
    const char = this.text[this.index++]!;
    if (char === "\n") this.line++;
    return char;
  }

  /** Skips to the start of the next physical line (after an error or a comment). */
  skipLine(): void {
    while (this.char !== undefined && this.char !== "\n") this.index++;
  }

  /** Spaces and tabs only: a line break ends the command. */
  skipBlanks(): void {
    while (this.char !== undefined && this.char !== "\n" && SPACE.has(this.char)) this.index++;
  }

  /**
   * After a backslash: a line break (or CR LF) right after it continues the word on the next
   * line and yields nothing; any other character is taken literally.
   */
  backslash(): string | null {
    this.index++;
    const next = this.char;
    if (next === undefined) return "";
    if (next === "\n") {
      this.advance();
      return null;
    }
    if (next === "\r" && this.text[this.index + 1] === "\n") {
      this.index++;
      this.advance();
      return null;
    }
    return this.advance();
  }

  /** One word (parse_str); null at a `#` comment or the end of the command. */
  word(): string | { error: string } {
    let value = "";
    while (this.char !== undefined && !SPACE.has(this.char)) {
      const char = this.char;
      if (char === "#" || char === ";") break;
      if (char === "'") {
        const start = this.line;
        this.index++;
        const end = this.text.indexOf("'", this.index);
        if (end < 0) return { error: `EOF with unterminated ' (opened on line ${start})` };
        while (this.index < end) value += this.advance();
        this.index++;
      } else if (char === '"') {
        const start = this.line;
        this.index++;
        for (;;) {
          const inner = this.char;
          if (inner === undefined) return { error: `EOF with unterminated " (opened on line ${start})` };
          if (inner === '"') {
            this.index++;
            break;
          }
          if (inner === "\\") {
            const escaped = this.backslash();
            if (escaped !== null) value += escaped;
          } else value += this.advance();
        }
      } else if (char === "\\") {
        const escaped = this.backslash();
        if (escaped !== null) value += escaped;
      } else {
        value += this.advance();
      }
    }
    return value;
  }
}

/** Splits UCI text into commands exactly as libuci does; errors skip to the next line. */
export function tokenizeUci(text: string): UciTokens {
  const lexer = new UciLexer(text);
  const commands: UciCommand[] = [];
  const errors: UciParseError[] = [];
  let current: UciCommand | null = null;
  const finish = () => {
    if (current && current.words.length > 0) commands.push(current);
    current = null;
  };
  while (lexer.char !== undefined) {
    lexer.skipBlanks();
    const char = lexer.char;
    if (char === undefined) break;
    if (char === "\n") {
      finish();
      lexer.advance();
      continue;
    }
    if (char === "#") {
      lexer.skipLine();
      continue;
    }
    if (char === ";") {
      finish();
      lexer.index++;
      continue;
    }
    current ??= { line: lexer.line, words: [] };
    const line = lexer.line;
    const start = lexer.index;
    const word = lexer.word();
    if (typeof word !== "string") {
      errors.push({ line, message: word.error });
      current = null;
      lexer.skipLine();
      continue;
    }
    // uci reads the keyword as a bare word (strtok): a quoted or escaped keyword is no keyword.
    current.words.push(
      current.words.length === 0 && text.slice(start, lexer.index) !== word ? `\0${word}` : word,
    );
  }
  finish();
  return { commands, errors };
}

const KEYWORDS = new Map<string, "package" | "config" | "option" | "list">([
  ["p", "package"],
  ["package", "package"],
  ["c", "config"],
  ["config", "config"],
  ["o", "option"],
  ["option", "option"],
  ["l", "list"],
  ["list", "list"],
]);

export function parseUci(text: string): UciDocument {
  const doc: UciDocument = { package: null, sections: [], errors: [] };
  const state: { section: UciSection | null } = { section: null };
  const { commands, errors } = tokenizeUci(text);
  doc.errors.push(...errors);
  for (const command of commands) {
    const message = parseCommand(doc, state, command);
    if (message !== null) doc.errors.push({ line: command.line, message });
  }
  doc.errors.sort((a, b) => a.line - b.line);
  return doc;
}

/** Applies one command to the document; returns an error message or null. */
function parseCommand(
  doc: UciDocument,
  state: { section: UciSection | null },
  { line, words }: UciCommand,
): string | null {
  const [word, ...args] = words;
  const keyword = word === undefined ? undefined : KEYWORDS.get(word);
  if (keyword === undefined) {
    return `unknown keyword "${word?.replace("\0", "")}" (expected package, config, option or list)`;
  }
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
      if (!TYPE.test(type)) return `invalid section type "${type}": use printable characters without spaces`;
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
