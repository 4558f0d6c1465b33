import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findInvalidString,
  isForbiddenCodePoint,
  type TextKind,
  text,
  textMaxLength,
  textProblem,
} from "./text";

const kinds: TextKind[] = [
  "name",
  "label",
  "freeText",
  "search",
  "id",
  "hostname",
  "dnsName",
  "path",
  "unc",
  "mountOptions",
  "unixUser",
  "tag",
  "pem",
];

/** The code points the issue names, plus the C0/C1 blocks, listed independently of the implementation. */
const forbiddenSamples = [
  0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f,
  0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
];

/** Arbitrary strings that mix in forbidden code points and lone surrogates often. */
const hostileString = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(...forbiddenSamples.map((cp) => String.fromCodePoint(cp))) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    },
    { weight: 2, arbitrary: fc.constantFrom("a", "-", "/", "=", ",", "$", "(", '"', "'", " ", "0") },
  ),
  maxLength: 40,
});

function forbiddenIn(value: string, allowed: number[] = []): boolean {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return true; // lone surrogate
    if (
      !allowed.includes(unit) &&
      (unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f) || forbiddenSamples.includes(unit))
    ) {
      return true;
    }
  }
  return false;
}

/** No lone surrogate: with the u flag, an unpaired surrogate is its own code point of category Cs. */
const wellFormed = (value: string) => !/\p{Cs}/u.test(value);

describe("textProblem", () => {
  it("refuses every string holding a forbidden code point or a lone surrogate, in every kind", () => {
    fc.assert(
      fc.property(hostileString, fc.constantFrom(...kinds), (value, kind) => {
        const allowed = kind === "freeText" ? [0x09, 0x0a] : kind === "pem" ? [0x0a] : [];
        if (forbiddenIn(value, allowed)) expect(textProblem(value, kind)).not.toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts no name, label or id holding a forbidden code point", () => {
    fc.assert(
      fc.property(
        hostileString,
        fc.constantFrom<TextKind>("name", "label", "id", "search"),
        (value, kind) => {
          if (textProblem(value, kind) === null) {
            expect([...value].some((ch) => isForbiddenCodePoint(ch.codePointAt(0)!))).toBe(false);
            expect(wellFormed(value)).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("names the rule and the position", () => {
    expect(textProblem("ab\u0000c", "name")).toBe(
      "must not contain control characters (U+0000 at position 2)",
    );
    expect(textProblem("Default\nStart-Process calc.exe #", "name")).toMatch(/control characters \(U\+000A/);
    expect(textProblem("invoice\u202Egpj.exe", "name")).toMatch(
      /bidirectional override characters \(U\+202E/,
    );
    expect(textProblem("zero\u200Bwidth", "label")).toMatch(/invisible \(zero-width\) characters/);
    expect(textProblem("a\uD800b", "search")).toMatch(
      /valid Unicode \(lone surrogate U\+D800 at position 1\)/,
    );
    expect(textProblem("x".repeat(101), "name")).toBe("must be at most 100 characters (has 101)");
    expect(textProblem("x".repeat(100), "name")).toBeNull();
  });

  it("lets free text hold tabs and line feeds, but no other control character", () => {
    expect(textProblem("line 1\n\tline 2", "freeText")).toBeNull();
    expect(textProblem("line 1\r\nline 2", "freeText")).toMatch(/U\+000D/);
    expect(textProblem("tab\there", "name")).toMatch(/U\+0009/);
  });

  it("keeps names permissive otherwise: quotes and $ are the renderers' job to quote", () => {
    expect(textProblem(`Bob's "lab" $(x) 🚀 Café`, "name")).toBeNull();
  });

  it("hostnames: RFC 1123 labels that dnsmasq cannot read as a lease time", () => {
    for (const good of ["web-1", "a", "0a", "1-2", "12hx", "x".repeat(63), "infinity"]) {
      expect(textProblem(good, "hostname"), good).toBeNull();
    }
    for (const leaseLike of ["0", "42", "12h", "7d", "30m", "1w", "90s", "INFINITE", "infinite"]) {
      expect(textProblem(leaseLike, "hostname"), leaseLike).toMatch(/does not read as a lease time/);
    }
    for (const bad of ["-a", "a-", "a_b", "a.b", "x".repeat(64), "host name"]) {
      expect(textProblem(bad, "hostname"), bad).not.toBeNull();
    }
  });

  it("shares: a UNC without shell syntax, '$' only ending the share name", () => {
    expect(textProblem("//192.168.3.10/data", "unc")).toBeNull();
    expect(textProblem("//fileserver/data$/projects/2024", "unc")).toBeNull();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the issue's shell payload, verbatim
    expect(textProblem("//fileserver/data$(touch${IFS}pwned)", "unc")).toMatch(/share like \/\/host\/share/);
    expect(textProblem("//fileserver/data;reboot", "unc")).not.toBeNull();
    expect(textProblem("//fileserver/da ta", "unc")).not.toBeNull();
  });

  it("paths: absolute, plain characters, no '..'", () => {
    expect(textProblem("/mnt/data", "path")).toBeNull();
    expect(textProblem("/etc/samba/../shadow", "path")).toMatch(/without '\.\.'/);
    expect(textProblem("relative/path", "path")).toMatch(/absolute path/);
    expect(textProblem("/mnt/$(reboot)", "path")).not.toBeNull();
  });

  it("mountOptions: plain key=value options, never a secret", () => {
    expect(textProblem("", "mountOptions")).toBeNull();
    expect(
      textProblem("iocharset=utf8,vers=3.0,uid=1000,file_mode=0660,sec=ntlmssp,noperm", "mountOptions"),
    ).toBeNull();
    for (const secret of [
      "password=hunter2",
      "vers=3.0,pass=x",
      "credentials=/root/c",
      "password2=x",
      "cred=/x",
    ]) {
      expect(textProblem(secret, "mountOptions"), secret).toMatch(
        /put the password in a credentials file on the router and name it in credentialsFile/,
      );
    }
    expect(textProblem("vers=3.0;reboot", "mountOptions")).toMatch(/comma-separated options/);
    expect(textProblem("uid=$(id)", "mountOptions")).toMatch(/comma-separated options/);
  });

  it("PEM keys: one block of base64 lines", () => {
    const pem = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\nAQAB\n-----END RSA PUBLIC KEY-----\n";
    expect(textProblem(pem, "pem")).toBeNull();
    expect(textProblem(`${pem}Address = evil\n`, "pem")).toMatch(/a PEM block/);
  });

  it("every kind has a length limit", () => {
    for (const kind of kinds) {
      expect(textMaxLength(kind)).toBeGreaterThan(0);
      expect(textProblem("a".repeat(textMaxLength(kind) + 1), kind), kind).toMatch(/at most/);
    }
  });
});

describe("text(kind)", () => {
  it("trims, requires names and reports the rule as the issue message", () => {
    expect(text("name").parse("  lab 1 ")).toBe("lab 1");
    expect(text("name").safeParse("   ").error?.issues[0]?.message).toBe("must not be empty");
    expect(text("label").parse("")).toBe("");
    expect(text("label", { max: 32 }).safeParse("x".repeat(33)).error?.issues[0]?.message).toBe(
      "must be at most 32 characters (has 33)",
    );
    expect(text("freeText").parse("  indented\n")).toBe("  indented\n");
    expect(text("id", { emptyMessage: "pick an endpoint" }).safeParse(" ").error?.issues[0]?.message).toBe(
      "pick an endpoint",
    );
  });
});

describe("findInvalidString", () => {
  it("finds NUL and lone surrogates anywhere in an input, keys included, with the path", () => {
    expect(findInvalidString({ a: [{ b: "x\u0000" }] })).toEqual({
      path: ["a", 0, "b"],
      message: "must not contain control characters (U+0000 at position 1)",
    });
    expect(findInvalidString({ "k\u0000": 1 })?.path).toEqual(["k\u0000"]);
    expect(findInvalidString(["ok", "\uDC00"])?.message).toMatch(/lone surrogate U\+DC00/);
  });

  it("leaves everything else to the field's kind", () => {
    expect(findInvalidString({ notes: "two\nlines\t😀", n: 1, d: new Date(), x: null })).toBeNull();
  });

  it("agrees with textProblem on NUL for every string", () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const found = findInvalidString({ value });
        const expected = value.includes("\u0000") || !wellFormed(value);
        expect(found !== null).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
