import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseUci, tokenizeUciLine, uciGet, uciGetList } from "./parse";
import { quoteUci, renderUci } from "./write";

describe("tokenizeUciLine", () => {
  it("follows uci's quoting: single quotes literal, double quotes with escapes, parts joined", () => {
    expect(tokenizeUciLine(`option name 'it'\\''s here'`)).toEqual({
      ok: true,
      tokens: ["option", "name", "it's here"],
    });
    expect(tokenizeUciLine(`option x "a \\"b\\" c"`)).toEqual({
      ok: true,
      tokens: ["option", "x", 'a "b" c'],
    });
    expect(tokenizeUciLine("option x 'a'b'c'")).toEqual({ ok: true, tokens: ["option", "x", "abc"] });
    expect(tokenizeUciLine("option x '#not a comment' # a comment")).toEqual({
      ok: true,
      tokens: ["option", "x", "#not a comment"],
    });
  });

  it("reports unterminated quotes", () => {
    expect(tokenizeUciLine("option x 'open")).toEqual({ ok: false, message: "unterminated ' quote" });
    expect(tokenizeUciLine('option x "open')).toEqual({ ok: false, message: 'unterminated " quote' });
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
    const value = fc.string({ unit: "grapheme" }).filter((text) => !text.includes("\n"));
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
    expect(quoteUci("a'b")).toBe(`'a'\\''b'`);
  });
});
