import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { observeTincPeers, parseNodeLine, parseTinc10LogDump } from "./tinc-peers";

// Real tincd 1.0.36 output: two tincds (site1, site2) in a network namespace, site1 started with
// --logfile, then `kill -USR2 <pid of site1>`.
const tinc10Log = `2026-11-22 03:42:56 tinc[6360]: tincd 1.0.36 starting, debug level 1
2026-11-22 03:42:56 tinc[6360]: Ready
2026-11-22 03:43:01 tinc[6360]: Connection with site2 (127.0.0.1 port 38569) activated
2026-11-22 03:43:02 tinc[6360]: Statistics for dummy device dummy:
2026-11-22 03:43:02 tinc[6360]:  total bytes in:           0
2026-11-22 03:43:02 tinc[6360]:  total bytes out:          0
2026-11-22 03:43:02 tinc[6360]: Nodes:
2026-11-22 03:43:02 tinc[6360]:  site1 at MYSELF cipher 0 digest 0 maclength 0 compression 0 options c status 0018 nexthop site1 via site1 pmtu 1518 (min 0 max 1518)
2026-11-22 03:43:02 tinc[6360]:  site2 at 127.0.0.1 port 6656 cipher 427 digest 672 maclength 4 compression 0 options c status 001a nexthop site2 via site2 pmtu 1518 (min 500 max 1518)
2026-11-22 03:43:02 tinc[6360]: End of nodes.
2026-11-22 03:43:02 tinc[6360]: Edges:
2026-11-22 03:43:02 tinc[6360]:  site1 to site2 at 127.0.0.1 port 6656 options c weight 3
2026-11-22 03:43:02 tinc[6360]:  site2 to site1 at 127.0.0.1 port 6655 options c weight 3
2026-11-22 03:43:02 tinc[6360]: End of edges.
`;

describe("tinc 1.0 SIGUSR2 dump", () => {
  it("reads the peers of the last node list, skipping our own node", () => {
    expect(parseTinc10LogDump("labnet", tinc10Log)).toEqual([
      { netname: "labnet", name: "site2", address: "127.0.0.1 port 6656", pmtu: 1518, reachable: true },
    ]);
  });

  it("answers null when the log holds no complete node list", () => {
    expect(parseTinc10LogDump("labnet", tinc10Log.split("End of nodes.")[0]!)).toBeNull();
  });
});

describe("tinc 1.1 dump nodes", () => {
  // The line layout of tincctl's `dump nodes` (name, id, then the 1.0 fields plus distance and traffic).
  it("reads a reachable peer and an unreachable one (no PMTU for it)", () => {
    expect(
      parseNodeLine(
        "labnet",
        "munich id 4f2a1c0de9b8 at 203.0.113.7 port 655 cipher 0 digest 0 maclength 0 compression 0 options 700000c status 0852 nexthop munich via munich distance 1 pmtu 1411 (min 1411 max 1411) rx 120 9000 tx 80 4000",
      ),
    ).toEqual({
      netname: "labnet",
      name: "munich",
      address: "203.0.113.7 port 655",
      pmtu: 1411,
      reachable: true,
    });
    expect(
      parseNodeLine(
        "labnet",
        "office id 000000000000 at unknown port unknown cipher 0 digest 0 maclength 0 compression 0 options 0 status 0000 nexthop - via office distance 0 pmtu 1518 (min 0 max 1518) rx 0 0 tx 0 0",
      ),
    ).toEqual({ netname: "labnet", name: "office", address: null, pmtu: null, reachable: false });
  });
});

describe("observeTincPeers", () => {
  it("signals tincd 1.0, reads the dump from its --logfile, and says why when there is none", async () => {
    const root = await mkdtemp(join(tmpdir(), "labnet-tinc-"));
    // Stands in for tincd: a process that ignores SIGUSR2 (tincd would log the node list).
    const tincd = spawn("sh", ["-c", 'trap "" USR2; exec sleep 30'], { stdio: "ignore" });
    try {
      expect(await observeTincPeers(root)).toBeNull();
      await mkdir(join(root, "etc/tinc/labnet"), { recursive: true });
      await writeFile(join(root, "etc/tinc/labnet/tinc.conf"), "Name = site1\n");
      expect((await observeTincPeers(root, { settleMs: 0 }))?.problems).toEqual([
        "labnet: unavailable: tincd is not running (no /var/run/tinc.<net>.pid)",
      ]);
      await mkdir(join(root, "var/run"), { recursive: true });
      await writeFile(join(root, "var/run/tinc.labnet.pid"), `${tincd.pid}\n`);
      expect((await observeTincPeers(root, { settleMs: 0 }))?.problems).toEqual([
        "labnet: unavailable: tinc 1.0 without --logfile (start tincd with --logfile=/var/log/tinc.labnet.log)",
      ]);
      await mkdir(join(root, "var/log"), { recursive: true });
      await writeFile(join(root, "var/log/tinc.labnet.log"), tinc10Log);
      const observed = await observeTincPeers(root, { settleMs: 0 });
      expect(observed).toEqual({
        peers: [
          { netname: "labnet", name: "site2", address: "127.0.0.1 port 6656", pmtu: 1518, reachable: true },
        ],
        problems: [],
      });
      expect(tincd.exitCode).toBeNull();
    } finally {
      tincd.kill();
      await rm(root, { recursive: true, force: true });
    }
  });
});
