// The pure pieces of the inventory rules: no database needed.
import { macNotation } from "@labnet/model";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBulkLeases } from "./bulk";
import { csvCell, macSearchFragment } from "./leases";
import { describeChanges, leaseIpProblem, nextFreeLeaseIp, type SiteAddressing } from "./rules";

const site: SiteAddressing = {
  tincName: "alpha",
  intranetCidr: "10.20.0.0/16",
  segment: 3,
  lanIp: "10.20.3.1",
  dhcpStart: 100,
  dhcpLimit: 0,
};

describe("lease addresses", () => {
  it("has no pool to avoid when the DHCP limit is 0", () => {
    expect(leaseIpProblem(site, "10.20.3.150")).toBeNull();
    expect(nextFreeLeaseIp(site, ["10.20.3.2"])).toBe("10.20.3.3");
  });

  it("finds segments in any intranet CIDR, not only 192.168.0.0/16", () => {
    expect(leaseIpProblem(site, "10.20.4.2")).toBe("10.20.4.2 is outside site alpha (10.20.3.0/24)");
  });
});

describe("bulk lines", () => {
  // Unicast MACs: a lease's MAC may not be all-zero, broadcast or multicast (low bit of octet 1).
  const mac = fc
    .array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 })
    .map(([first, ...rest]) => [first! & 0xfe, ...rest])
    .filter((octets) => octets.some((octet) => octet !== 0))
    .map((octets) => octets.map((octet) => octet.toString(16).padStart(2, "0")).join(":"));

  it("reads a MAC in any notation people paste, as its canonical form", () => {
    fc.assert(
      fc.property(
        mac,
        fc.constantFrom("colon", "windows", "cisco", "bare", "upper"),
        (canonical, notation) => {
          const hex = canonical.replaceAll(":", "");
          const written = {
            colon: canonical,
            windows: macNotation.windows(canonical),
            cisco: hex.match(/.{4}/g)!.join("."),
            bare: hex,
            upper: canonical.toUpperCase(),
          }[notation];
          const [row] = parseBulkLeases(`${written}\t10.20.3.9 ; Host-1`);
          expect(row?.values).toEqual({ mac: canonical, ip: "10.20.3.9", hostname: "host-1" });
        },
      ),
    );
  });

  it("skips blanks and comments and keeps the line numbers of the paste", () => {
    const rows = parseBulkLeases(
      "# header\n\n00:15:5d:00:00:01 10.0.0.300 web # trailing\nzz 10.0.0.1 -x\nff:ff:ff:ff:ff:ff 10.0.0.2 42",
    );
    expect(rows.map((row) => [row.line, row.problems])).toEqual([
      [3, { ip: '"10.0.0.300" is not an IPv4 address (expected four numbers 0-255, e.g. 192.168.3.10)' }],
      [
        4,
        {
          mac: '"zz" is not a MAC address (expected six hex octets, e.g. 00:15:5d:80:90:01)',
          hostname:
            "must be an RFC 1123 host name: 1-63 letters, digits and '-', not starting or ending with '-'",
        },
      ],
      [
        5,
        {
          mac: "ff:ff:ff:ff:ff:ff is the broadcast MAC, not a NIC's address",
          hostname:
            "must be a host name that does not read as a lease time (all digits, digits with s/m/h/d/w, or 'infinite')",
        },
      ],
    ]);
  });
});

describe("helpers", () => {
  it("turns any spelling of part of a MAC into the stored form", () => {
    expect(macSearchFragment("00-15-5D")).toBe("00:15:5d");
    expect(macSearchFragment("0015.5d8")).toBe("00:15:5d:8");
    expect(macSearchFragment("  ")).toBe("");
  });

  it("quotes CSV cells per RFC 4180 and defuses spreadsheet formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("@sum,1")).toBe('"\'@sum,1"');
  });

  it("describes only the fields that changed", () => {
    expect(
      describeChanges({ a: 1, b: ["x"], c: null }, { a: 1, b: ["x", "y"], c: "" }, ["a", "b", "c"]),
    ).toEqual({ b: "b is now x, y" });
  });

  it("names list items by their name: an uplink chain reads as its hops", () => {
    expect(
      describeChanges({ uplink: [] }, { uplink: [{ name: "home router", mtu: 1500 }, { name: "ISP" }] }, [
        "uplink",
      ]),
    ).toEqual({ uplink: "uplink is now home router, ISP" });
  });
});
