// UCI text as `uci export` writes it: tab-indented options, every value in single quotes
// (quoting rules in ../quote/uci.ts).
import { uciName, uciQuote } from "../quote/uci";

export type UciValue = string | number | boolean | readonly string[];

export interface UciSectionSpec {
  type: string;
  /** null: an anonymous section (`config host`) */
  name?: string | null;
  /** Written in this order; undefined/null values are left out, arrays become `list` lines. */
  options: [key: string, value: UciValue | null | undefined][];
}

export function uciBool(value: boolean): string {
  return value ? "1" : "0";
}

function optionLines(where: string, key: string, value: UciValue): string[] {
  const field = `${where} option ${key}`;
  const name = uciName(key, field);
  if (Array.isArray(value)) return value.map((item) => `\tlist ${name} ${uciQuote(item, field)}`);
  const text = typeof value === "boolean" ? uciBool(value) : String(value);
  return [`\toption ${name} ${uciQuote(text, field)}`];
}

/** `file` names the file in the errors of values that UCI cannot carry (they are refused). */
export function renderUci(header: string, sections: UciSectionSpec[], file = "UCI file"): string {
  const blocks = sections.map((section) => {
    const where = `${file}: config ${section.type}${section.name ? ` ${section.name}` : ""}`;
    const type = uciName(section.type, `${where} type`);
    const name = section.name ? ` ${uciQuote(uciName(section.name, `${where} name`), `${where} name`)}` : "";
    const lines = [`config ${type}${name}`];
    for (const [key, value] of section.options) {
      if (value === undefined || value === null) continue;
      lines.push(...optionLines(where, key, value));
    }
    return lines.join("\n");
  });
  return `${header}\n${blocks.join("\n\n")}\n`;
}
