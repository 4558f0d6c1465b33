import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cidrContains,
  dhcpPool,
  formatCidr,
  inPool,
  intranetCidrProblem,
  intToIpv4,
  ipv4ToInt,
  isMacIncrementOf,
  macNotation,
  nextFreeIp,
  nextFreeSegment,
  parseCidr,
  parseIPv4,
  parseMac,
  segmentOf,
  segmentSubnet,
  unicastMacProblem,
} from "./address";

const octets = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 });
const hex = (n: number) => n.toString(16).padStart(2, "0");

describe("parseMac", () => {
  it("accepts every common notation in any case and stores one canonical form", () => {
    fc.assert(
      fc.property(octets, fc.boolean(), (bytes, upper) => {
        const canonical = bytes.map(hex).join(":");
        const joined = bytes.map(hex).join("");
        const notations = [
          canonical,
          bytes.map(hex).join("-"),
          `${joined.slice(0, 4)}.${joined.slice(4, 8)}.${joined.slice(8)}`,
          joined,
          macNotation.tinc(canonical),
        ];
        for (const notation of notations) {
          const parsed = parseMac(upper ? notation.toUpperCase() : notation);
          expect(parsed).toEqual({ ok: true, value: canonical });
        }
      }),
    );
  });

  it("round-trips through the Windows and tinc spellings", () => {
    fc.assert(
      fc.property(octets, (bytes) => {
        const canonical = bytes.map(hex).join(":");
        expect(parseMac(macNotation.windows(canonical))).toEqual({ ok: true, value: canonical });
        expect(parseMac(macNotation.tinc(canonical))).toEqual({ ok: true, value: canonical });
      }),
    );
  });

  it("rejects what is not a MAC, saying what was expected", () => {
    for (const bad of [
      "",
      "00:15:5d:80:90",
      "00:15:5d:80:90:01:02",
      "00:15:5d:80:90:zz",
      "0015.5d80.90",
      "00:15-5d",
    ]) {
      const parsed = parseMac(bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain("six hex octets");
    }
  });

  it("recognises the Windows feature-update drift (+1 in the last octet)", () => {
    expect(isMacIncrementOf("00:15:5d:80:90:01", "00:15:5d:80:90:02")).toBe(true);
    expect(isMacIncrementOf("00:15:5d:80:90:01", "00:15:5d:80:90:01")).toBe(false);
    expect(isMacIncrementOf("00:15:5d:80:90:02", "00:15:5d:80:90:01")).toBe(false);
    expect(isMacIncrementOf("00:15:5d:80:90:01", "00:15:5d:80:91:02")).toBe(false);
  });
});

describe("parseIPv4", () => {
  it("round-trips every dotted quad", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        const ip = intToIpv4(value);
        expect(parseIPv4(ip)).toEqual({ ok: true, value: ip });
        expect(ipv4ToInt(ip)).toBe(value);
      }),
    );
  });

  it("rejects legacy and malformed forms", () => {
    for (const bad of [
      "192.168.1",
      "192.168.1.256",
      "0x7f.0.0.1",
      "1.2.3.4.5",
      "192.168.1.1/24",
      " ",
      "a.b.c.d",
    ]) {
      expect(parseIPv4(bad).ok).toBe(false);
    }
  });
});

describe("parseCidr", () => {
  it("accepts network addresses and refuses host bits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 32 }),
        (value, prefix) => {
          const parsed = parseCidr(`${intToIpv4(value)}/${prefix}`);
          const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
          const network = intToIpv4((value & mask) >>> 0);
          if (network === intToIpv4(value)) {
            expect(parsed).toEqual({ ok: true, value: { network, prefix } });
            if (parsed.ok) expect(parseCidr(formatCidr(parsed.value))).toEqual(parsed);
          } else {
            expect(parsed.ok).toBe(false);
            if (!parsed.ok) expect(parsed.error).toContain(`${network}/${prefix}`);
          }
        },
      ),
    );
  });

  it("rejects a prefix above 32 and garbage", () => {
    expect(parseCidr("10.0.0.0/33").ok).toBe(false);
    expect(parseCidr("10.0.0.0").ok).toBe(false);
    expect(parseCidr("10.0.0.0/8/1").ok).toBe(false);
  });
});

describe("segments and pools", () => {
  const intranet = { network: "192.168.0.0", prefix: 16 };

  it("maps segment n of a /16 to 192.168.n.0/24 and back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (segment, host) => {
        const subnet = segmentSubnet(intranet, segment);
        expect(subnet).toEqual({ network: `192.168.${segment}.0`, prefix: 24 });
        expect(segmentOf(intranet, `192.168.${segment}.${host}`)).toBe(segment);
        expect(cidrContains(subnet, `192.168.${segment}.${host}`)).toBe(true);
      }),
    );
    expect(segmentOf(intranet, "10.0.0.1")).toBeNull();
    expect(() => segmentSubnet(intranet, 256)).toThrow(RangeError);
  });

  it("allocates the next free segment, skipping used, reserved, 0 and 255", () => {
    expect(nextFreeSegment(intranet, [])).toBe(1);
    expect(nextFreeSegment(intranet, [1, 2], [3])).toBe(4);
    const allButEdges = Array.from({ length: 254 }, (_, i) => i + 1);
    expect(nextFreeSegment(intranet, allButEdges)).toBe(0);
    expect(nextFreeSegment(intranet, [...allButEdges, 0, 255])).toBeNull();
  });

  it("finds the next free IP outside the dynamic pool", () => {
    const subnet = { network: "192.168.7.0", prefix: 24 };
    const pool = dhcpPool(subnet, 100, 150);
    expect(pool).toEqual({ first: "192.168.7.100", last: "192.168.7.249" });
    expect(nextFreeIp(subnet, pool, ["192.168.7.1", "192.168.7.2"])).toBe("192.168.7.3");
    const lowTaken = Array.from({ length: 99 }, (_, i) => `192.168.7.${i + 1}`);
    expect(nextFreeIp(subnet, pool, lowTaken)).toBe("192.168.7.250");
    const allTaken = [...lowTaken, ...Array.from({ length: 5 }, (_, i) => `192.168.7.${250 + i}`)];
    expect(nextFreeIp(subnet, pool, allTaken)).toBeNull();
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 254 }), { maxLength: 120 }), (hosts) => {
        const used = hosts.map((host) => `192.168.7.${host}`);
        const next = nextFreeIp(subnet, pool, used);
        if (next !== null) {
          expect(used).not.toContain(next);
          expect(inPool(pool, next)).toBe(false);
        }
      }),
    );
  });
});

describe("address classes that cannot be a NIC or an intranet", () => {
  it("refuses all-zero, broadcast and multicast MACs, accepts unicast ones", () => {
    expect(unicastMacProblem("00:00:00:00:00:00")).toMatch(/all-zero/);
    expect(unicastMacProblem("ff:ff:ff:ff:ff:ff")).toMatch(/broadcast/);
    expect(unicastMacProblem("01:00:5e:7f:00:01")).toMatch(/multicast/);
    expect(unicastMacProblem("33:33:00:00:00:01")).toMatch(/multicast/);
    expect(unicastMacProblem("00:15:5d:80:90:01")).toBeNull();
    expect(unicastMacProblem("02:00:00:00:00:01")).toBeNull(); // locally administered unicast
  });

  it("refuses intranet blocks that overlap special ranges either way", () => {
    const cidr = (text: string) => {
      const parsed = parseCidr(text);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.value;
    };
    expect(intranetCidrProblem(cidr("224.0.0.0/24"))).toMatch(/multicast \(224\.0\.0\.0\/4\)/);
    expect(intranetCidrProblem(cidr("169.0.0.0/8"))).toMatch(/link-local/);
    expect(intranetCidrProblem(cidr("0.0.0.0/8"))).toMatch(/this network/);
    expect(intranetCidrProblem(cidr("250.1.0.0/16"))).toMatch(/reserved and broadcast/);
    expect(intranetCidrProblem(cidr("127.1.2.0/24"))).toMatch(/loopback/);
    for (const fine of ["10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/12", "100.64.0.0/10"]) {
      expect(intranetCidrProblem(cidr(fine)), fine).toBeNull();
    }
  });
});
