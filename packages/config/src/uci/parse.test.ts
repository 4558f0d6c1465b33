import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uciQuote } from "../quote/uci";
import { parseUci, tokenizeUci, uciGet, uciGetList } from "./parse";
import { renderUci } from "./write";

const words = (text: string) => tokenizeUci(text).commands.map((command) => command.words);

describe("tokenizeUci (libuci's rules)", () => {
  it("follows uci's quoting: single quotes literal, double quotes with escapes, parts joined", () => {
    expect(words(`option name 'it'\\''s here'`)).toEqual([["option", "name", "it's here"]]);
    expect(words(`option x "a \\"b\\" c"`)).toEqual([["option", "x", 'a "b" c']]);
    expect(words("option x 'a'b'c'")).toEqual([["option", "x", "abc"]]);
    expect(words("option x '#not a comment' # a comment")).toEqual([["option", "x", "#not a comment"]]);
    expect(words("option x a\\ b")).toEqual([["option", "x", "a b"]]);
  });

  it("splits commands at an unquoted ';' and ends a word at '#'", () => {
    expect(words("config rule; option name 'x;y' ;option a b#c d")).toEqual([
      ["config", "rule"],
      ["option", "name", "x;y"],
      ["option", "a", "b"],
    ]);
  });

  it("carries a line break inside quotes and joins a line continued by a backslash", () => {
    const tokens = tokenizeUci("option x 'a\nb'\noption y \"c\\\nd\"\noption z e\\\nf\n");
    expect(tokens.errors).toEqual([]);
    expect(tokens.commands).toEqual([
      { line: 1, words: ["option", "x", "a\nb"] },
      { line: 3, words: ["option", "y", "cd"] },
      { line: 5, words: ["option", "z", "ef"] },
    ]);
  });

  it("reports unterminated quotes with the line they opened on", () => {
    expect(tokenizeUci("config a\noption x 'open\n\n").errors).toEqual([
      { line: 2, message: "EOF with unterminated ' (opened on line 2)" },
    ]);
    expect(tokenizeUci('option x "open').errors).toEqual([
      { line: 1, message: 'EOF with unterminated " (opened on line 1)' },
    ]);
  });
});

describe("parseUci strictness", () => {
  it("takes uci's one-letter keywords and refuses quoted keywords and extra words", () => {
    const doc = parseUci(
      "p network\nc interface lan\no proto static\nl dns '1.1.1.1'\n'option' x y\noption a b c",
    );
    expect(doc.package).toBe("network");
    expect(uciGet(doc.sections[0]!, "proto")).toBe("static");
    expect(uciGetList(doc.sections[0]!, "dns")).toEqual(["1.1.1.1"]);
    expect(doc.errors).toEqual([
      { line: 5, message: 'unknown keyword "option" (expected package, config, option or list)' },
      { line: 6, message: "option a: a value with spaces must be quoted" },
    ]);
  });
});

describe("parseUci", () => {
  it("reads named and anonymous sections, options and lists, in the seed's mixed style", () => {
    const doc = parseUci(
      [
        "package firewall",
        "# the seed's rules",
        "config rule",
        "\toption name 'Samba over TCP/IP'",
        "\toption src wan",
        "\tlist proto 'udp'",
        "\tlist proto 'tcp'",
        '\toption dest_port "445"',
        "",
        "config zone 'wan'   # trailing comment",
        "\toption network 'wan wan6'",
      ].join("\n"),
    );
    expect(doc.errors).toEqual([]);
    expect(doc.package).toBe("firewall");
    const [rule, zone] = doc.sections;
    expect(rule).toMatchObject({ type: "rule", name: null, line: 3 });
    expect(uciGet(rule!, "name")).toBe("Samba over TCP/IP");
    expect(uciGetList(rule!, "proto")).toEqual(["udp", "tcp"]);
    expect(zone).toMatchObject({ type: "zone", name: "wan", line: 10 });
    expect(uciGetList(zone!, "network")).toEqual(["wan", "wan6"]);
  });

  it("numbers every error by line and keeps going", () => {
    const doc = parseUci(
      [
        "option early 'x'",
        "config host",
        "\toption name",
        "\toption na-me 'x'",
        "\tfrobnicate 1",
        "\toption ok 'yes'",
      ].join("\n"),
    );
    expect(doc.errors).toEqual([
      { line: 1, message: "option outside a config section" },
      { line: 3, message: "option needs a name and a value" },
      { line: 4, message: `invalid option name "na-me": use letters, digits or '_'` },
      { line: 5, message: 'unknown keyword "frobnicate" (expected package, config, option or list)' },
    ]);
    expect(uciGet(doc.sections[0]!, "ok")).toBe("yes");
  });

  it("never throws and gives every error a line inside the text (fuzz)", () => {
    const uciish = fc.array(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          "config host",
          "config 'x' 'y'",
          "option a 'b",
          "list l v",
          "'",
          '"\\',
          "package p q",
          "#",
        ),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(uciish, (lines) => {
        const text = lines.join("\n");
        const doc = parseUci(text);
        const lineCount = text.split("\n").length;
        for (const error of doc.errors) {
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(lineCount);
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back any value the writer quotes (property)", () => {
    const value = fc.string({ unit: "grapheme" }).filter((text) => !/[\0\n\r]/.test(text));
    fc.assert(
      fc.property(value, fc.array(value, { maxLength: 4 }), (single, list) => {
        const text = renderUci("# test", [
          {
            type: "thing",
            name: "named",
            options: [
              ["single", single],
              ["many", list],
            ],
          },
        ]);
        const doc = parseUci(text);
        expect(doc.errors).toEqual([]);
        const section = doc.sections[0]!;
        expect(uciGet(section, "single")).toBe(single);
        expect(section.options.get("many")?.values ?? []).toEqual(list);
      }),
    );
    expect(uciQuote("a'b", "test")).toBe(`'a'\\''b'`);
  });
});
