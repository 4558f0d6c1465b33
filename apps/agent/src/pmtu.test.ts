import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultTargets, type ProbeOutcome, parsePing, pingOverhead, searchPathMtu } from "./pmtu";

// Real iputils 20221126 output (ping -M do -c 1 -W 1 -s N), captured in a network namespace
// whose loopback MTU was set to 1400.
const linuxPassed = `PING 127.0.0.1 (127.0.0.1) 1372(1400) bytes of data.
1380 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.027 ms

--- 127.0.0.1 ping statistics ---
1 packets transmitted, 1 received, 0% packet loss, time 0ms
rtt min/avg/max/mdev = 0.027/0.027/0.027/0.000 ms
`;
const linuxLocalTooBig = `PING 127.0.0.1 (127.0.0.1) 1373(1401) bytes of data.
ping: local error: message too long, mtu=1400

--- 127.0.0.1 ping statistics ---
1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms
`;
const linuxHopTooBig = `PING 192.168.7.1 (192.168.7.1) 1472(1500) bytes of data.
From 10.20.0.1 icmp_seq=1 Frag needed and DF set (mtu = 1420)

--- 192.168.7.1 ping statistics ---
1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms
`;
const linuxTimeout = `PING 192.168.7.1 (192.168.7.1) 1472(1500) bytes of data.

--- 192.168.7.1 ping statistics ---
1 packets transmitted, 0 received, 100% packet loss, time 0ms
`;
const windowsPassed = `
Pinging 192.168.7.1 with 1372 bytes of data:
Reply from 192.168.7.1: bytes=1372 time=12ms TTL=63

Ping statistics for 192.168.7.1:
    Packets: Sent = 1, Received = 1, Lost = 0 (0% loss),
`;
const windowsTooBig = `
Pinging 192.168.7.1 with 1472 bytes of data:
Packet needs to be fragmented but DF set.

Ping statistics for 192.168.7.1:
    Packets: Sent = 1, Received = 0, Lost = 1 (100% loss),
`;
const windowsTimeout = `
Pinging 192.168.7.1 with 1472 bytes of data:
Request timed out.

Ping statistics for 192.168.7.1:
    Packets: Sent = 1, Received = 0, Lost = 1 (100% loss),
`;

// Real iputils output for a name that does not resolve (`ping -M do -c 1 -W 1 -s 1472 berlin.dyn.example.net`).
const linuxUnknownHost = "ping: berlin.dyn.example.net: Name or service not known\n";
const windowsUnknownHost =
  "Ping request could not find host berlin.dyn.example.net. Please check the name and try again.\r\n";

describe("parsePing", () => {
  it("reads iputils: passed, refused locally with the interface MTU, refused by a hop, timed out", () => {
    expect(parsePing(linuxPassed)).toEqual({ kind: "passed" });
    expect(parsePing(linuxLocalTooBig)).toEqual({ kind: "too-big", mtu: 1400 });
    expect(parsePing(linuxHopTooBig)).toEqual({ kind: "too-big", mtu: 1420 });
    expect(parsePing(linuxTimeout)).toEqual({ kind: "lost" });
  });

  it("reads Windows ping.exe: reply, needs fragmenting (no MTU given), timed out", () => {
    expect(parsePing(windowsPassed)).toEqual({ kind: "passed" });
    expect(parsePing(windowsTooBig)).toEqual({ kind: "too-big", mtu: null });
    expect(parsePing(windowsTimeout)).toEqual({ kind: "lost" });
  });

  it("recognises a name that does not resolve, and the search then stops after one ping", async () => {
    expect(parsePing(linuxUnknownHost)).toEqual({ kind: "unknown-host" });
    expect(parsePing(windowsUnknownHost)).toEqual({ kind: "unknown-host" });
    expect(await searchPathMtu(async () => parsePing(linuxUnknownHost), 9000)).toEqual({
      pathMtu: null,
      probes: 1,
    });
  });
});

/**
 * A simulated path: the local interface refuses with its MTU (as Linux does), each hop either
 * answers "fragmentation needed" with its MTU or silently drops (a PMTUD black hole).
 */
function simulatedPath(interfaceMtu: number, hops: { mtu: number; reports: boolean }[]) {
  let probes = 0;
  const probe = async (size: number): Promise<ProbeOutcome> => {
    probes++;
    if (size > interfaceMtu) return { kind: "too-big", mtu: interfaceMtu };
    for (const hop of hops) {
      if (size > hop.mtu) return hop.reports ? { kind: "too-big", mtu: hop.mtu } : { kind: "lost" };
    }
    return { kind: "passed" };
  };
  return { probe, count: () => probes, trueMtu: Math.min(interfaceMtu, ...hops.map((hop) => hop.mtu)) };
}

const mtu = fc.integer({ min: 576, max: 9000 });
const hop = fc.record({ mtu, reports: fc.boolean() });

describe("searchPathMtu", () => {
  it("finds the exact MTU within 12 pings when every hop reports its MTU, from a 9000 ceiling", async () => {
    await fc.assert(
      fc.asyncProperty(
        mtu,
        fc.array(fc.record({ mtu, reports: fc.constant(true) }), { maxLength: 6 }),
        async (own, hops) => {
          const path = simulatedPath(own, hops);
          const result = await searchPathMtu(path.probe, 9000);
          expect(result.pathMtu).toBe(path.trueMtu);
          expect(path.count()).toBeLessThanOrEqual(12);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("finds the exact MTU within 12 pings through silent black holes behind an Ethernet interface", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 576, max: 1500 }),
        fc.array(fc.record({ mtu, reports: fc.constant(false) }), { maxLength: 4 }),
        async (own, hops) => {
          const path = simulatedPath(own, hops);
          const result = await searchPathMtu(path.probe, 9000);
          expect(result.pathMtu).toBe(path.trueMtu);
          expect(path.count()).toBeLessThanOrEqual(12);
        },
      ),
      { numRuns: 500 },
    );
  });

  // Mixed paths (a hop naming its MTU in front of a silent one, or black holes behind a 9000 interface)
  // can need more than 12 pings for the exact value; the bound holds and the answer is a lower bound.
  it("never exceeds 12 pings nor overstates the MTU on any path, black holes at 9000 included", async () => {
    await fc.assert(
      fc.asyncProperty(mtu, fc.array(hop, { maxLength: 4 }), async (own, hops) => {
        const path = simulatedPath(own, hops);
        const result = await searchPathMtu(path.probe, 9000);
        expect(path.count()).toBeLessThanOrEqual(12);
        expect(result.pathMtu).not.toBeNull();
        expect(result.pathMtu!).toBeLessThanOrEqual(path.trueMtu);
      }),
      { numRuns: 500 },
    );
  });

  it("answers null for a target that never replies, after at most 12 pings", async () => {
    let probes = 0;
    const result = await searchPathMtu(async () => {
      probes++;
      return { kind: "lost" };
    }, 1500);
    expect(result.pathMtu).toBeNull();
    expect(probes).toBeLessThanOrEqual(12);
  });

  it("reports packet sizes: payload + 28", () => {
    expect(pingOverhead).toBe(28);
  });
});

describe("defaultTargets", () => {
  it("takes the configured targets, then the other sites' tinc Addresses, without repeats, bounded", async () => {
    const root = await mkdtemp(join(tmpdir(), "labnet-targets-"));
    try {
      const net = join(root, "etc/tinc/labnet");
      await mkdir(join(net, "hosts"), { recursive: true });
      await writeFile(join(net, "tinc.conf"), "Name = berlin\nMode = switch\n");
      await writeFile(join(net, "hosts/berlin"), "Address = 198.51.100.1\n");
      await writeFile(join(net, "hosts/munich"), "Address = 203.0.113.7 655\nSubnet = 192.168.2.0/24\n");
      await writeFile(join(net, "hosts/hamburg"), "Address = vpn.hamburg.example\n");
      await writeFile(join(net, "hosts/office"), "Subnet = 192.168.9.0/24\n");
      expect(await defaultTargets(root, ["192.168.2.1", "203.0.113.7"], 8)).toEqual([
        "192.168.2.1",
        "203.0.113.7",
        "vpn.hamburg.example",
      ]);
      expect(await defaultTargets(root, [], 1)).toEqual(["vpn.hamburg.example"]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
