// Each quoting function against its language's real reader: dash and busybox ash print back what
// shQuote quoted, tree-sitter-powershell sees one verbatim string (with PowerShell's five single
// quotes), uci's rules read back what uciQuote wrote; the line-based languages refuse by name.
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asPowerShellSees, loadGrammars } from "../proof/grammar";
import { parseUci, uciGet } from "../uci/parse";
import { commentText } from "./comment";
import { dnsmasqValue } from "./dnsmasq";
import { UnsafeValueError } from "./error";
import { pathSegment } from "./path";
import { psQuote } from "./powershell";
import { shQuote } from "./sh";
import { smbValue } from "./smbconf";
import { tincKeyBlock, tincValue } from "./tinc";
import { uciName, uciQuote } from "./uci";

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc
    .array(fc.constantFrom("'", '"', "\\", "$(id)", "`id`", "\n", "‘", "’", "‚", "‛", "#>", "<#", ";", "ä"), {
      maxLength: 8,
    })
    .map((parts) => parts.join("")),
);
// Lone surrogates cannot travel as UTF-8 (argv, files): the text policy refuses them anyway.
const withoutNul = anyText.filter((text) => !text.includes("\0") && !/\p{Cs}/u.test(text));

function shells(): string[][] {
  const found = [["/bin/sh"]];
  try {
    found.push([execFileSync("sh", ["-c", "command -v busybox"]).toString().trim(), "sh"]);
  } catch {
    // busybox is optional here; the proofs under LABNET_REQUIRE_DAEMONS=1 demand it.
  }
  return found;
}

describe("shQuote", () => {
  it.each(shells())("%s prints back every value exactly, with nothing expanded (property)", (...shell) => {
    fc.assert(
      fc.property(fc.array(withoutNul, { minLength: 1, maxLength: 20 }), (values) => {
        const script = `printf '%s\\0' ${values.map((value) => shQuote(value, "test")).join(" ")}`;
        const out = execFileSync(shell[0]!, [...shell.slice(1), "-c", script], {
          env: { PATH: "/nonexistent" },
        });
        expect(out.toString().split("\0").slice(0, -1)).toEqual(values);
      }),
      { numRuns: 40 },
    );
  });

  it("refuses NUL, naming the field", () => {
    expect(() => shQuote("a\0b", "share s1 mountPoint")).toThrow(
      new UnsafeValueError("sh", "share s1 mountPoint", "may not hold NUL (U+0000 at position 1)"),
    );
  });
});

/** PowerShell's verbatim-string reading (language spec 2.3.5.2): a doubled quote is one quote. */
function readVerbatim(literal: string): string {
  const inner = [...literal.slice(1, -1)];
  let out = "";
  for (let i = 0; i < inner.length; i++) {
    out += inner[i];
    if (/['\u2018-\u201B]/.test(inner[i]!)) i++;
  }
  return out;
}

describe("psQuote", () => {
  it("doubles all five characters PowerShell reads as a single quote", () => {
    expect(psQuote("it's ‘a’ ‚b‛", "test")).toBe("'it''s ‘‘a’’ ‚‚b‛‛'");
    expect(psQuote('$(calc) `n "x"', "test")).toBe("'$(calc) `n \"x\"'");
  });

  it("gives one verbatim string argument to tree-sitter-powershell, which reads back the value (property)", async () => {
    const { powershell } = await loadGrammars();
    fc.assert(
      fc.property(withoutNul, (value) => {
        const quoted = psQuote(value, "test");
        expect(readVerbatim(quoted)).toBe(value);
        const tree = powershell.parse(asPowerShellSees(`Write-Output ${quoted}\nWrite-Output 'end'`))!;
        const literals = tree.rootNode.descendantsOfType("verbatim_string_characters");
        expect(tree.rootNode.hasError).toBe(false);
        expect(literals.map((node) => node!.text)).toEqual([asPowerShellSees(quoted), "'end'"]);
        tree.delete();
      }),
      { numRuns: 300 },
    );
  });

  it("the old ASCII-only doubling breaks out of the string (the proof can fail)", async () => {
    const { powershell } = await loadGrammars();
    const asciiOnly = `'${"a’; calc; ’".replaceAll("'", "''")}'`;
    const tree = powershell.parse(asPowerShellSees(`Write-Output ${asciiOnly}`))!;
    expect(tree.rootNode.descendantsOfType("verbatim_string_characters")).toHaveLength(2);
    tree.delete();
  });
});

describe("uciQuote and uciName", () => {
  it("reads back through uci's rules (property)", () => {
    fc.assert(
      fc.property(
        withoutNul.filter((text) => !/[\n\r]/.test(text)),
        (value) => {
          const doc = parseUci(`config x 'y'\n\toption v ${uciQuote(value, "test")}\n`);
          expect(doc.errors).toEqual([]);
          expect(uciGet(doc.sections[0]!, "v")).toBe(value);
        },
      ),
    );
  });

  it("refuses line breaks and NUL, and names that are not [A-Za-z0-9_]", () => {
    expect(() => uciQuote("b-router\nconfig rule", "machine m1 name")).toThrow(
      /machine m1 name: a uci value may not hold NUL or a line break \(U\+000A at position 8\)/,
    );
    expect(() => uciQuote("a\rb", "x")).toThrow(UnsafeValueError);
    expect(() => uciName("eth0-1", "sqm section")).toThrow(/letters, digits or '_'/);
    expect(uciName("eth0_1", "x")).toBe("eth0_1");
  });
});

describe("line-based languages refuse what they cannot carry", () => {
  it("smb.conf: control characters, edge spaces, a trailing backslash, %, brackets in section names", () => {
    for (const bad of ["a\nb", " a", "a ", "a\\", "%m", "x%Ux"])
      expect(() => smbValue(bad, "f")).toThrow(UnsafeValueError);
    expect(() => smbValue("a]b", "f", "section")).toThrow(/\[ or \]/);
    expect(smbValue("/mnt/a b", "f")).toBe("/mnt/a b");
  });

  it("tinc: one word without whitespace, '=' or '#'; a key must be exactly one PEM block", () => {
    for (const bad of ["", "a b", "a=b", "a#b", "a\nb", "a\u2028b"])
      expect(() => tincValue(bad, "f")).toThrow(UnsafeValueError);
    expect(tincValue("vpn.example.net", "f")).toBe("vpn.example.net");
    const pem = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAtest\n-----END RSA PUBLIC KEY-----";
    expect(tincKeyBlock(pem, "f")).toBe(`${pem}\n`);
    expect(() => tincKeyBlock(`${pem}\nConnectTo = evil`, "site s1 publicKey")).toThrow(/site s1 publicKey/);
  });

  it("dnsmasq: one field without whitespace, ',', '#', '\"', '\\\\' or '='", () => {
    for (const bad of ["", "a b", "a,b", "a#b", 'a"b', "a\\b", "a=b", "a\nb"]) {
      expect(() => dnsmasqValue(bad, "f")).toThrow(UnsafeValueError);
    }
    expect(dnsmasqValue("berlin-ci", "f")).toBe("berlin-ci");
  });

  it("comments and path segments", () => {
    expect(() => commentText("a\nb", "f")).toThrow(/line breaks/);
    expect(commentText("a #> <# b", "f")).toBe("a #> <# b");
    for (const bad of ["", ".", "..", "a/b", "a\\b", "a\0"])
      expect(() => pathSegment(bad, "f")).toThrow(UnsafeValueError);
  });
});
