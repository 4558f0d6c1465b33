import { describe, expect, it } from "vitest";
import { parseNodeDump, settled } from "./tinc";

const dump = `Nodes:
 north at MYSELF cipher 0 digest 0 maclength 0 compression 0 options c status 0018 nexthop north via north pmtu 1518 (min 0 max 1518)
 east at 203.0.113.10 port 655 cipher 427 digest 672 maclength 4 compression 0 options c status 0012 nexthop east via east pmtu 1451 (min 1451 max 1451)
 south at 203.0.113.18 port 655 cipher 427 digest 672 maclength 4 compression 0 options c status 0002 nexthop south via south pmtu 1518 (min 1300 max 1518)
End of nodes.`;

describe("tincd node dump", () => {
  it("reads each peer's reachability and PMTU window, skipping MYSELF", () => {
    expect(parseNodeDump(dump)).toEqual([
      { name: "east", reachable: true, direct: true, pmtu: 1451, min: 1451, max: 1451 },
      { name: "south", reachable: false, direct: true, pmtu: 1518, min: 1300, max: 1518 },
    ]);
  });

  it("is settled only when every reachable direct peer has a fixed PMTU", () => {
    const nodes = parseNodeDump(dump);
    // south is unreachable: its open PMTU window does not hold the wait
    expect(settled(nodes)).toBe(true);
    expect(settled(nodes.map((node) => ({ ...node, reachable: true })))).toBe(false);
    expect(settled([{ ...nodes[1]!, reachable: true, direct: false }])).toBe(true);
  });

  it("reads the latest dump when the log holds several", () => {
    const twice = `${dump}\n${dump.replace("(min 1300 max 1518)", "(min 1355 max 1355)")}`;
    expect(parseNodeDump(twice).find((node) => node.name === "south")?.min).toBe(1355);
  });
});
