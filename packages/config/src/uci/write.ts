// UCI text as `uci export` writes it: tab-indented options, every value in single quotes.

export type UciValue = string | number | boolean | readonly string[];

export interface UciSectionSpec {
  type: string;
  /** null: an anonymous section (`config host`) */
  name?: string | null;
  /** Written in this order; undefined/null values are left out, arrays become `list` lines. */
  options: [key: string, value: UciValue | null | undefined][];
}

/** Single-quotes a value; a quote inside becomes '\'' exactly as uci export does. */
export function quoteUci(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function uciBool(value: boolean): string {
  return value ? "1" : "0";
}

function optionLines(key: string, value: UciValue): string[] {
  if (Array.isArray(value)) return value.map((item) => `\tlist ${key} ${quoteUci(item)}`);
  const text = typeof value === "boolean" ? uciBool(value) : String(value);
  return [`\toption ${key} ${quoteUci(text)}`];
}

export function renderUci(header: string, sections: UciSectionSpec[]): string {
  const blocks = sections.map((section) => {
    const name = section.name ? ` ${quoteUci(section.name)}` : "";
    const lines = [`config ${section.type}${name}`];
    for (const [key, value] of section.options) {
      if (value === undefined || value === null) continue;
      lines.push(...optionLines(key, value));
    }
    return lines.join("\n");
  });
  return `${header}\n${blocks.join("\n\n")}\n`;
}
