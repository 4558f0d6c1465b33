"use client";

import { ago } from "./agents-view";

interface TincPeer {
  netname: string;
  name: string;
  address?: string | null;
  pmtu?: number | null;
  reachable: boolean;
}

interface Probe {
  target: string;
  pathMtu: number | null;
  method: string;
  measuredAt?: string;
  /** The simulator's path MTU to the same address; null when the target is not in the inventory. */
  predicted: { pathMtu: number | null; certain: boolean; mismatch: boolean } | null;
}

function predictedText(predicted: Probe["predicted"]): string {
  if (!predicted) return "—";
  if (predicted.pathMtu === null) return "unreachable";
  return predicted.certain ? String(predicted.pathMtu) : `≤ ${predicted.pathMtu}`;
}

/** What the agent measured on the wire: tinc's own PMTU per peer and DF-ping path-MTU probes. */
export function MeasuredPaths({
  tincPeers,
  pmtuProbes,
}: {
  tincPeers: { observedAt: Date | string; peers: TincPeer[] } | null;
  pmtuProbes: { observedAt: Date | string; probes: Probe[] } | null;
}) {
  return (
    <div className="mt-4 grid gap-4 md:grid-cols-2">
      <section aria-label="tinc peers">
        <h3 className="font-semibold">tinc peers</h3>
        {!tincPeers ? (
          <p className="text-slate-500">
            Not reported: no tinc network on this machine, or tinc 1.0 running without --logfile (see the
            agent's log).
          </p>
        ) : (
          <>
            <p className="text-xs text-slate-500">observed {ago(tincPeers.observedAt)}</p>
            <table className="mt-1 w-full text-left">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1 font-medium">Peer</th>
                  <th className="font-medium">Address</th>
                  <th className="font-medium">State</th>
                  <th className="text-right font-medium">PMTU</th>
                </tr>
              </thead>
              <tbody>
                {tincPeers.peers.map((peer) => (
                  <tr key={`${peer.netname}-${peer.name}`} className="border-t border-slate-100">
                    <td className="py-1">{peer.name}</td>
                    <td className="text-slate-600">{peer.address ?? "—"}</td>
                    <td className={peer.reachable ? "text-emerald-800" : "font-medium text-amber-900"}>
                      {peer.reachable ? "reachable" : "unreachable"}
                    </td>
                    <td className="text-right tabular-nums">{peer.pmtu ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {tincPeers.peers.length === 0 && <p className="text-slate-500">tinc knows no peers.</p>}
          </>
        )}
      </section>
      <section aria-label="Path-MTU probes">
        <h3 className="font-semibold">Path-MTU probes</h3>
        {!pmtuProbes ? (
          <p className="text-slate-500">
            No probes yet: the agent measures every --probe-every seconds (default 15 min).
          </p>
        ) : (
          <table className="mt-1 w-full text-left">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 font-medium">Target</th>
                <th className="text-right font-medium">Path MTU</th>
                <th className="text-right font-medium">Predicted</th>
                <th className="text-right font-medium">Measured</th>
              </tr>
            </thead>
            <tbody>
              {pmtuProbes.probes.map((probe) => (
                <tr key={probe.target} className="border-t border-slate-100">
                  <td className="py-1">{probe.target}</td>
                  <td
                    className={`text-right tabular-nums ${probe.pathMtu === null ? "font-medium text-amber-900" : ""}`}
                    title={
                      probe.pathMtu === null
                        ? "No DF ping got an answer: host down, or ICMP filtered"
                        : undefined
                    }
                  >
                    {probe.pathMtu ?? "no answer"}
                  </td>
                  <td
                    className={`text-right tabular-nums ${probe.predicted?.mismatch ? "font-medium text-red-700" : "text-slate-600"}`}
                    title={
                      probe.predicted?.mismatch
                        ? "Measured and simulated path MTU disagree: an uplink hop, NIC MTU or tinc setting in the inventory differs from the wire"
                        : undefined
                    }
                  >
                    {predictedText(probe.predicted)}
                    {probe.predicted?.mismatch && <span className="ml-1">mismatch</span>}
                  </td>
                  <td className="text-right text-slate-500">
                    {ago(probe.measuredAt ?? pmtuProbes.observedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
