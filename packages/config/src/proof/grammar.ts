// Real grammars for the proofs: tree-sitter's bash and PowerShell grammars (wasm, no native build)
// and a structural signature of a parse tree that ignores what is inside string literals. Two
// renders whose scripts have equal signatures run the same commands with the same arguments; only
// literal text may differ.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Language, type Node, Parser } from "web-tree-sitter";
import { parseUci } from "../uci/parse";

const require = createRequire(import.meta.url);

function grammarFile(pkg: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), `${pkg}.wasm`);
}

export interface Grammars {
  bash: Parser;
  powershell: Parser;
}

let loading: Promise<Grammars> | null = null;

export function loadGrammars(): Promise<Grammars> {
  loading ??= (async () => {
    await Parser.init();
    const [bash, powershell] = await Promise.all([
      Language.load(grammarFile("tree-sitter-bash")),
      Language.load(grammarFile("tree-sitter-powershell")),
    ]);
    const make = (language: Language) => {
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    };
    return { bash: make(bash), powershell: make(powershell) };
  })();
  return loading;
}

/**
 * tree-sitter-powershell knows only ASCII quotes and dashes; PowerShell's lexer (language spec
 * 2.3.5.2 and 2.3.2) also reads U+2018–U+201B as ', U+201C–U+201E as " and U+2013–U+2015 as -.
 * Mapping them first makes the grammar see what PowerShell sees. The BOM is an encoding mark.
 */
export function asPowerShellSees(script: string): string {
  return script
    .replace(/^\uFEFF/, "")
    .replaceAll(/[\u2018\u2019\u201A\u201B]/g, "'")
    .replaceAll(/[\u201C\u201D\u201E]/g, '"')
    .replaceAll(/[\u2013\u2014\u2015]/g, "-");
}

export interface Signature {
  /** One string per top-level statement (command, section, line). */
  statements: string[];
  /** Syntax errors or missing tokens the grammar reported. */
  errors: string[];
}

function isBashQuotedWord(node: Node): boolean {
  // 'it'\''s' parses as a concatenation of raw strings and \' words: still one literal argument.
  return (
    node.type === "concatenation" &&
    node.children.every(
      (child) => child.type === "raw_string" || (child.type === "word" && child.text === "\\'"),
    )
  );
}

function walk(
  node: Node,
  language: "bash" | "powershell",
  out: { tokens: string[]; errors: string[] },
): void {
  if (node.type === "ERROR" || node.isMissing) {
    out.errors.push(
      `${node.isMissing ? "missing" : "error"} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`,
    );
  }
  if (node.type === "comment") {
    out.tokens.push("comment");
    return;
  }
  const literal =
    language === "bash"
      ? node.type === "raw_string" || isBashQuotedWord(node)
      : node.type === "verbatim_string_characters";
  if (literal) {
    out.tokens.push("LITERAL");
    return;
  }
  if (node.childCount === 0) {
    out.tokens.push(`${node.type}:${node.text}`);
    return;
  }
  out.tokens.push(`(${node.type}`);
  for (const child of node.children) walk(child, language, out);
  out.tokens.push(")");
}

export function scriptSignature(
  grammars: Grammars,
  language: "bash" | "powershell",
  script: string,
): Signature {
  const parser = language === "bash" ? grammars.bash : grammars.powershell;
  const tree = parser.parse(language === "bash" ? script : asPowerShellSees(script));
  if (!tree) throw new Error(`tree-sitter could not parse the ${language} script`);
  // Top level: bash's program children; PowerShell's program > statement_list children.
  const top = tree.rootNode.children.flatMap((child) =>
    child.type === "statement_list" ? child.children : [child],
  );
  const errors: string[] = [];
  const statements = top.map((node) => {
    const out = { tokens: [] as string[], errors };
    walk(node, language, out);
    return out.tokens.join(" ");
  });
  tree.delete();
  return { statements, errors };
}

/** Section types/names, option names, list or not, and value counts as uci itself reads them. */
export function uciSignature(text: string): Signature {
  const doc = parseUci(text);
  const statements = [`package:${doc.package}`];
  for (const section of doc.sections) {
    const options = [...section.options.values()].map(
      (option) => `${option.isList ? "list" : "option"} ${option.key} ×${option.values.length}`,
    );
    // A name derived from a model value (sqm's queue after the WAN device) is sanitised, not kept:
    // whether a section is named counts, not which name it has.
    statements.push(
      [`config ${section.type} ${section.name === null ? "-" : "named"}`, ...options].join("; "),
    );
  }
  return { statements, errors: doc.errors.map((error) => `line ${error.line}: ${error.message}`) };
}

/**
 * Line-based files (tinc, dnsmasq, smb.conf): the variable of every non-comment line and how many
 * fields its value has. A PEM block counts as one token.
 */
export function lineSignature(text: string, kind: "tinc" | "dnsmasq" | "smb.conf"): Signature {
  const statements: string[] = [];
  let inKey = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (kind === "tinc" && line.startsWith("-----BEGIN")) inKey = true;
    if (inKey) {
      if (line.startsWith("-----END")) {
        inKey = false;
        statements.push("PEM");
      }
      continue;
    }
    if (line === "" || line.startsWith("#") || (kind === "smb.conf" && line.startsWith(";"))) continue;
    if (kind === "smb.conf" && line.startsWith("[")) {
      statements.push("section");
      continue;
    }
    if (kind === "dnsmasq") {
      // A conf line is option=field,…; a dhcp-hostsfile line is the fields of one dhcp-host.
      const equals = line.indexOf("=");
      const key = equals < 0 ? "dhcp-host" : line.slice(0, equals);
      statements.push(`${key} ×${line.slice(equals + 1).split(",").length}`);
      continue;
    }
    const [key, ...rest] = line.split(/\s*=\s*/);
    const fields = kind === "tinc" ? rest.join("=").split(/\s+/).length : 1;
    statements.push(`${key} ×${rest.length > 0 ? fields : 0}`);
  }
  return { statements, errors: [] };
}
