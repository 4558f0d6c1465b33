// Generative injection proof (issue 14): any string field of the model set to a hostile value
// either makes rendering refuse with an error naming the field, or renders files whose statements
// are exactly those of the benign render, parsed with real grammars: tree-sitter's PowerShell and
// bash grammars for the scripts, uci's own rules for /etc/config/*, the line syntax of tinc,
// dnsmasq and smb.conf. It runs twice: through renderBundles (the model check first), and through
// the quoting functions alone (renderEveryBundle), so each layer is proven on its own.
import type { NetworkModel } from "@labnet/model";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bundle, BundleFile } from "../bundle";
import { UnsafeValueError } from "../quote/error";
import { renderBundles, renderEveryBundle } from "../render/bundles";
import { RenderRefusedError } from "../render/check";
import { type Grammars, lineSignature, loadGrammars, scriptSignature, uciSignature } from "./grammar";
import {
  hostileValue,
  ISSUE_VALUES,
  isEnumPath,
  type Path,
  proofModel,
  stringLeaves,
  substitute,
  twinOf,
} from "./hostile";

type Kind = "powershell" | "bash" | "uci" | "tinc" | "dnsmasq" | "smb.conf";

function kindOf(file: BundleFile): Kind {
  if (file.path.endsWith(".ps1")) return "powershell";
  if (/\/tinc-(up|down)$/.test(file.path)) return "bash";
  if (file.path.startsWith("/etc/config/")) return "uci";
  if (file.path.startsWith("/etc/tinc/")) return "tinc";
  if (file.path.includes("dnsmasq")) return "dnsmasq";
  if (file.path.endsWith("smb.conf.template")) return "smb.conf";
  throw new Error(`no grammar for ${file.path}`);
}

interface Shape {
  statements: string[];
  errors: string[];
}

const shapeCache = new Map<string, Shape>();

function shapeOf(grammars: Grammars, file: BundleFile): Shape {
  const kind = kindOf(file);
  const cacheKey = `${kind}\0${file.content}`;
  const cached = shapeCache.get(cacheKey);
  if (cached) return cached;
  const signature =
    kind === "powershell" || kind === "bash"
      ? scriptSignature(grammars, kind, file.content)
      : kind === "uci"
        ? uciSignature(file.content)
        : lineSignature(file.content, kind);
  // Order may follow names (sorted switches, VMs, peers): compare the statements as a multiset.
  const shape = { statements: [...signature.statements].sort(), errors: signature.errors };
  shapeCache.set(cacheKey, shape);
  return shape;
}

/**
 * Files keyed by machine id and path. `value` → `twin` maps a hostile value back where it named a
 * file (/etc/tinc/<netname>/…, labnet-<tincName>.conf): the twin differs from the value only in
 * characters no fixed Linux path of labnet holds, so the replacement cannot touch fixed text.
 */
function shapes(grammars: Grammars, bundles: Bundle[], value = "", twin = "") {
  // Per path segment: a value holding "/" names no file (pathSegment refuses it there), and replacing it
  // across a whole path would rewrite the fixed folders around it.
  const rename = (text: string) =>
    value === twin
      ? text
      : text
          .split("/")
          .map((segment) => segment.replaceAll(value, twin))
          .join("/");
  const result = new Map<string, Shape>();
  for (const bundle of bundles) {
    const machine = bundle.machineId === value ? twin : bundle.machineId;
    for (const file of bundle.files) {
      const path = file.path.startsWith("/") ? rename(file.path) : file.path;
      result.set(`${machine}|${path}`, shapeOf(grammars, file));
    }
  }
  return result;
}

type Outcome = { refused: Error } | { bundles: Bundle[] };

function attempt(render: () => Bundle[]): Outcome {
  try {
    return { bundles: render() };
  } catch (error) {
    return { refused: error as Error };
  }
}

const model = proofModel();
const leaves = stringLeaves(model).filter((path) => !isEnumPath(model, path));
/** One leaf per field of the schema (sites.*.tincName …): the exhaustive sweeps take these. */
const fieldLeaves = [
  ...new Map(
    leaves.map((path) => [path.map((key) => (typeof key === "number" ? "*" : key)).join("."), path]),
  ).values(),
];
const sweep = (check: (index: number, value: string) => void) => {
  for (const path of fieldLeaves) for (const value of ISSUE_VALUES) check(leaves.indexOf(path), value);
};
/** The fast-check runs: random fields × generated values. */
const property = (check: (index: number, value: string) => void) =>
  fc.assert(fc.property(fc.nat(), hostileValue, check), { numRuns: 400 });

describe("hostile values in every string field (real grammars)", () => {
  let grammars: Grammars;
  let benign: Map<string, Shape>;

  beforeAll(async () => {
    grammars = await loadGrammars();
    benign = shapes(grammars, renderBundles(model, { revision: 1 }));
  });

  it("the benign render parses cleanly in every grammar", () => {
    expect(benign.size).toBeGreaterThan(30);
    for (const [key, shape] of benign) expect(shape.errors, key).toEqual([]);
    const kinds = new Set([...benign.keys()].map((key) => key.split("|")[1]));
    expect([...kinds].some((path) => path?.endsWith(".ps1"))).toBe(true);
    expect([...kinds].some((path) => path?.includes("dnsmasq"))).toBe(true);
    expect(leaves.length).toBeGreaterThan(100);
    expect(fieldLeaves.length).toBeGreaterThan(40);
  });

  /** The property, for one render function; `refusal` says how a refusal must look. */
  function holds(render: (model: NetworkModel) => Bundle[], refusal: (error: Error, path: Path) => void) {
    return (index: number, value: string) => {
      const path = leaves[index % leaves.length]!;
      const where = `${path.join(".")} = ${JSON.stringify(value)}`;
      const twin = twinOf(value);
      const outcome = attempt(() => render(substitute(model, path, value)));
      if ("refused" in outcome) {
        refusal(outcome.refused, path);
        return;
      }
      const reference = attempt(() => render(substitute(model, path, twin)));
      // A value the renderer accepts while refusing its plain twin would be a hole in the check.
      expect("bundles" in reference, `${where}: the twin ${twin} was refused but the value was not`).toBe(
        true,
      );
      const expected = shapes(grammars, (reference as { bundles: Bundle[] }).bundles);
      const hostile = shapes(grammars, outcome.bundles, value, twin);
      expect([...hostile.keys()].sort(), where).toEqual([...expected.keys()].sort());
      for (const [key, shape] of hostile) {
        expect(shape.errors, `${where}: ${key}`).toEqual([]);
        expect(shape.statements, `${where}: ${key}`).toEqual(expected.get(key)!.statements);
      }
    };
  }

  const checkedRefusal = (error: Error, path: Path) => {
    // The model check names the object and the field; nothing was emitted.
    expect(error, path.join(".")).toBeInstanceOf(RenderRefusedError);
    const field = String(path.at(-1));
    const fields = (error as RenderRefusedError).issues.map((issue) => issue.field);
    expect(
      fields.some(
        (name) => name === field || name.endsWith(`.${field}`) || name.startsWith(`${path.at(-2)}[`),
      ),
      `${path.join(".")}: ${error.message}`,
    ).toBe(true);
  };

  const quotingRefusal = (error: Error, path: Path) => {
    // Without the model check, the quoting functions (or the address parsers) refuse by name.
    expect(error, `${path.join(".")}: ${error.stack}`).not.toBeInstanceOf(TypeError);
    expect(error.message.length, path.join(".")).toBeGreaterThan(0);
  };

  it("every field of the schema × the issue's values: refused by name, or the same statements", () => {
    sweep(holds((hostile) => renderBundles(hostile, { revision: 1 }), checkedRefusal));
  }, 600_000);

  it("the issue's examples are refused by the model check with the object and field", () => {
    const refused = (path: Path, value: string) => {
      const outcome = attempt(() => renderBundles(substitute(model, path, value), { revision: 1 }));
      expect("refused" in outcome && outcome.refused).toBeInstanceOf(RenderRefusedError);
      return (outcome as { refused: Error }).refused.message;
    };
    const vswitch = model.vswitches.findIndex((candidate) => candidate.type === "internal");
    expect(refused(["vswitches", vswitch, "name"], ISSUE_VALUES[0]!)).toMatch(
      /vSwitch .* name must not contain control characters \(U\+000A at position 7\)/,
    );
    const router = model.machines.findIndex((machine) => machine.kind === "router");
    expect(refused(["machines", router, "name"], ISSUE_VALUES[1]!)).toMatch(
      /machine .* name must not contain/,
    );
    const shareRouter = model.machines.findIndex((machine) => (machine.router?.shares.length ?? 0) > 0);
    expect(refused(["machines", shareRouter, "router", "shares", 0, "remoteUnc"], ISSUE_VALUES[2]!)).toMatch(
      /share "projects" remoteUnc must be a share like/,
    );
  });

  it("a vSwitch named with PowerShell's smart quotes stays one argument, each quote doubled", () => {
    const index = model.vswitches.findIndex((candidate) => candidate.type === "internal");
    const name = "Lab’; Start-Process calc; ’";
    const hostile = substitute(model, ["vswitches", index, "name"], name);
    const bundle = renderBundles(hostile, { revision: 1 }).find(
      (candidate) => candidate.kind === "hyperv-host" && candidate.files[0]!.content.includes("Lab’’"),
    )!;
    const script = bundle.files[0]!;
    expect(script.content).toContain("-Name 'Lab’’; Start-Process calc; ’’'");
    expect(script.content.startsWith("\uFEFF# Generated by labnet")).toBe(true);
    const reference = renderBundles(substitute(model, ["vswitches", index, "name"], twinOf(name)), {
      revision: 1,
    }).find((candidate) => candidate.machineId === bundle.machineId)!.files[0]!;
    expect(shapeOf(grammars, script)).toEqual(shapeOf(grammars, reference));
    expect(
      shapeOf(grammars, script).statements.filter((statement) => statement.includes("Start-Process")),
    ).toEqual([]);
  });

  it("random fields × generated values, through the model check (property)", () => {
    property(holds((hostile) => renderBundles(hostile, { revision: 1 }), checkedRefusal));
  }, 600_000);

  it("a value of only path separators in a field that names no file changes no path", () => {
    const path = leaves.find((leaf) => leaf.join(".") === "labs.0.id")!;
    holds((hostile) => renderBundles(hostile, { revision: 1 }), checkedRefusal)(leaves.indexOf(path), "/");
  });

  it("every field of the schema × the issue's values, through the quoting functions alone", () => {
    sweep(holds((hostile) => renderEveryBundle(hostile, { revision: 1 }), quotingRefusal));
  }, 600_000);

  it("random fields × generated values, through the quoting functions alone (property)", () => {
    property(holds((hostile) => renderEveryBundle(hostile, { revision: 1 }), quotingRefusal));
  }, 600_000);

  it("the quoting alone refuses an unrepresentable value with an UnsafeValueError naming the field", () => {
    const shareRouter = model.machines.findIndex((machine) => (machine.router?.shares.length ?? 0) > 0);
    const hostile = substitute(model, ["machines", shareRouter, "name"], "b-router\nconfig rule");
    expect(() => renderEveryBundle(hostile, { revision: 1 })).toThrow(UnsafeValueError);
    expect(() => renderEveryBundle(hostile, { revision: 1 })).toThrow(/may not hold line breaks/);
  });

  it("a structural change is caught: the signatures can fail", () => {
    const [ps1] = renderBundles(model, { revision: 1 }).flatMap((bundle) =>
      bundle.files.filter((file) => file.path.endsWith(".ps1")),
    );
    const injected = {
      ...ps1!,
      content: ps1!.content.replace("-Name 'LAN'", "-Name 'LAN'\nStart-Process calc"),
    };
    expect(injected.content).not.toBe(ps1!.content);
    expect(shapeOf(grammars, injected).statements).not.toEqual(shapeOf(grammars, ps1!).statements);
    const smart = { ...ps1!, content: ps1!.content.replace("-Name 'LAN'", "-Name 'LAN’; calc; ’'") };
    expect(shapeOf(grammars, smart).statements).not.toEqual(shapeOf(grammars, ps1!).statements);
  });
});
