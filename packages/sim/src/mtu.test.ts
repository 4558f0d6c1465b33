import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assessLargePackets,
  computePathMtu,
  mssFor,
  type PathElement,
  tincFrameOverhead,
  tincInnerIpMtu,
  tincMaxFrame,
  tincOuterLength,
} from "./mtu";

const hop = (id: string, mtu: number, drops: PathElement["dropsIcmpFragNeeded"] = "no"): PathElement => ({
  id,
  name: id,
  mtu,
  dropsIcmpFragNeeded: drops,
});

describe("tinc 1.0 frame formula (facts.md §1)", () => {
  it("matches the documented figures", () => {
    expect(tincOuterLength(1514)).toBe(1552);
    expect(tincMaxFrame(1500)).toBe(1451);
    expect(tincInnerIpMtu(1500)).toBe(1437);
    expect(mssFor(tincInnerIpMtu(1500))).toBe(1397);
    expect(tincMaxFrame(1492)).toBe(1451);
    expect(tincMaxFrame(1428)).toBe(1387);
    expect(tincMaxFrame(1500, "1.1-sptps")).toBe(1439);
    expect(tincInnerIpMtu(1500, "1.1-sptps")).toBe(1425);
    expect(tincMaxFrame(9000)).toBe(1518);
  });

  it("adds 37 to 52 bytes to any frame", () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 1518 }), (frame) => {
        const overhead = tincFrameOverhead(frame);
        return overhead >= 37 && overhead <= 52;
      }),
    );
  });

  it("gives the largest frame that fits the outer MTU", () => {
    fc.assert(
      fc.property(fc.integer({ min: 576, max: 1600 }), (outer) => {
        const frame = tincMaxFrame(outer);
        return tincOuterLength(frame) <= outer && (frame === 1518 || tincOuterLength(frame + 1) > outer);
      }),
    );
  });
});

describe("computePathMtu", () => {
  it("never exceeds any hop's MTU and names the first narrowest hop", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 576, max: 9216 }), { minLength: 1, maxLength: 8 }), (mtus) => {
        const links = mtus.map((mtu, index) => ({ id: `h${index}`, mtu }));
        const result = computePathMtu(links);
        expect(mtus.every((mtu) => result.mtu <= mtu)).toBe(true);
        expect(result.limitedBy).toBe(`h${mtus.indexOf(Math.min(...mtus))}`);
      }),
    );
  });
});

describe("assessLargePackets", () => {
  it("is ok when every hop carries the sender's packets", () => {
    const verdict = assessLargePackets(1500, [hop("a", 1500), hop("b", 9000, "yes")]);
    expect(verdict).toMatchObject({ pathMtu: 1500, tcp: "ok", udp: "ok", certain: true, narrowest: null });
  });

  it("black-holes DF traffic when the narrow hop drops ICMP, and says the router clamp cannot see it", () => {
    const verdict = assessLargePackets(1500, [
      { ...hop("router", 65535), clampTo: 1500, clampNote: "WAN MTU" },
      hop("lte", 1428, "yes"),
    ]);
    expect(verdict).toMatchObject({ pathMtu: 1428, tcp: "black-hole", udp: "black-hole", certain: true });
    expect(verdict.explanation).toContain("cannot know about the narrower lte (MTU 1428)");
    expect(verdict.fix).toContain("1388");
  });

  it("black-holes when an ICMP filter sits inward of the narrow hop", () => {
    const verdict = assessLargePackets(1500, [hop("filter", 1500, "yes"), hop("pppoe", 1492)]);
    expect(verdict.tcp).toBe("black-hole");
  });

  it("does not treat an L2 segment as an ICMP filter for hops further out", () => {
    const verdict = assessLargePackets(1500, [{ ...hop("lan", 1500, "yes"), l2: true }, hop("pppoe", 1492)]);
    expect(verdict).toMatchObject({ tcp: "ok", udp: "fragmented", certain: true });
  });

  it("black-holes frames bigger than an L2 segment, which sends no ICMP", () => {
    const verdict = assessLargePackets(1500, [{ ...hop("lan", 1400, "yes"), l2: true }]);
    expect(verdict.tcp).toBe("black-hole");
    expect(verdict.explanation).toContain("L2 segment");
  });

  it("rescues TCP with a clamp at the narrow hop's size", () => {
    const verdict = assessLargePackets(1500, [{ ...hop("lte", 1428, "yes"), clampTo: 1428 }]);
    expect(verdict).toMatchObject({ tcp: "clamped", udp: "black-hole" });
  });

  it("is uncertain when the narrow hop's ICMP handling is unknown", () => {
    const verdict = assessLargePackets(1500, [hop("dsl", 1492, "unknown")]);
    expect(verdict).toMatchObject({ tcp: "ok", udp: "fragmented", certain: false });
    expect(verdict.fix).toContain("1452");
  });

  it("reports a path MTU no larger than the sender or any element", () => {
    const element = fc.record({
      id: fc.string(),
      name: fc.string(),
      mtu: fc.integer({ min: 576, max: 9216 }),
      dropsIcmpFragNeeded: fc.constantFrom("yes" as const, "no" as const, "unknown" as const),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 576, max: 9216 }),
        fc.array(element, { maxLength: 6 }),
        (sender, elements) => {
          const verdict = assessLargePackets(sender, elements);
          return verdict.pathMtu <= sender && elements.every((e) => verdict.pathMtu <= e.mtu);
        },
      ),
    );
  });
});

describe("assessLargePackets: a NAT that does not translate ICMP errors (RFC 5508)", () => {
  const nat = (translates: PathElement["translatesIcmpErrors"]): PathElement => ({
    ...hop("nat", 1500),
    translatesIcmpErrors: translates,
  });

  it("black-holes a narrowing beyond it, like a hop that drops ICMP", () => {
    const verdict = assessLargePackets(1500, [nat("no"), hop("lte", 1428)]);
    expect(verdict).toMatchObject({ tcp: "black-hole", udp: "black-hole", certain: true, pathMtu: 1428 });
    expect(verdict.explanation).toContain("nat does NAT without translating ICMP errors");
    expect(verdict.fix).toContain("Clamp TCP MSS to 1388");
  });

  it("still delivers its own frag-needed when it is the narrow point", () => {
    const verdict = assessLargePackets(1500, [{ ...nat("no"), mtu: 1492 }, hop("isp", 1500)]);
    expect(verdict).toMatchObject({ tcp: "ok", udp: "fragmented", certain: true });
  });

  it("makes the verdict uncertain when translation is unknown, and changes nothing when it translates", () => {
    expect(assessLargePackets(1500, [nat("unknown"), hop("lte", 1428)])).toMatchObject({
      tcp: "ok",
      certain: false,
    });
    const { narrowest: _translating, ...translating } = assessLargePackets(1500, [
      nat("yes"),
      hop("lte", 1428),
    ]);
    const { narrowest: _plain, ...plain } = assessLargePackets(1500, [hop("nat", 1500), hop("lte", 1428)]);
    expect(translating).toEqual(plain);
  });
});
