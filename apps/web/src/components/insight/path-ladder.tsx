"use client";
// A path hop by hop: what each hop does to a full-size packet, where the path narrows or stops,
// and the verdict for large TCP and UDP packets with the fix in numbers.
import { gradeStyle } from "./grades";
import { ladderRows, ladderVerdict } from "./path-ladder-rows";
import type { PathView } from "./types";

export function PathLadder({ path }: { path: PathView }) {
  const rows = ladderRows(path);
  const verdict = ladderVerdict(path);
  const style = gradeStyle[path.grade];
  return (
    <section
      aria-label={`Path from ${path.from.name} to ${path.to.name}`}
      className="space-y-3"
      data-testid="path-ladder"
    >
      <div className="rounded-lg border border-slate-200 bg-white p-3">
        <p className="flex items-center gap-2 text-sm font-semibold">
          <span className={`inline-block h-3 w-3 rounded-sm ${style.cell}`} aria-hidden="true" />
          <span data-testid="path-headline">{verdict.headline}</span>
        </p>
        <p className="mt-1 text-xs text-slate-600">
          {path.from.name}
          {path.from.ip ? ` (${path.from.ip})` : ""} → {path.to.name}
          {path.to.ip ? ` (${path.to.ip})` : ""}
        </p>
        {path.reachable && (
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500">Path MTU</dt>
            <dd className="font-semibold tabular-nums" data-testid="path-mtu">
              {verdict.pathMtu}
            </dd>
            <dt className="text-slate-500">Large TCP</dt>
            <dd data-testid="path-tcp">{verdict.tcp}</dd>
            <dt className="text-slate-500">Large UDP</dt>
            <dd data-testid="path-udp">{verdict.udp}</dd>
            {!verdict.certain && (
              <>
                <dt className="text-slate-500">Certainty</dt>
                <dd className="text-amber-800">uncertain — a hop's ICMP handling is unknown</dd>
              </>
            )}
          </dl>
        )}
        {path.largePacket && <p className="mt-2 text-xs text-slate-700">{path.largePacket.explanation}</p>}
        {path.largePacket?.fix && (
          <p className="mt-2 rounded bg-sky-50 p-2 text-xs text-sky-950" data-testid="path-fix">
            <span className="font-semibold">Fix: </span>
            {path.largePacket.fix}
          </p>
        )}
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-left text-xs">
          <caption className="sr-only">
            Hops from {path.from.name} to {path.to.name}
          </caption>
          <thead className="bg-slate-50 text-[11px] uppercase text-slate-500">
            <tr>
              <th className="px-2 py-1">#</th>
              <th className="px-2 py-1">Hop</th>
              <th className="px-2 py-1">MTU</th>
              <th className="px-2 py-1">Overhead</th>
              <th className="px-2 py-1">NAT</th>
              <th className="px-2 py-1">ICMP frag-needed</th>
              <th className="px-2 py-1">MSS clamp</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr
                key={row.key}
                className={row.narrowest ? "bg-amber-50" : row.stops ? "bg-red-50" : undefined}
              >
                <td className="px-2 py-1 tabular-nums text-slate-500">{row.step}</td>
                <td className="px-2 py-1">
                  <span className="text-slate-500">{row.kind}</span>{" "}
                  <span className="font-medium">{row.name}</span>
                  {row.detail && (
                    <span className="block font-mono text-[11px] text-slate-500">{row.detail}</span>
                  )}
                  {row.note && <span className="block text-[11px] text-slate-500">{row.note}</span>}
                  {row.stops && (
                    <span className="block font-medium text-red-800">stops here: {path.reason}</span>
                  )}
                </td>
                <td className="px-2 py-1 tabular-nums">
                  {row.mtu}
                  {row.narrowest && <span className="ml-1 font-semibold text-amber-800">narrowest</span>}
                </td>
                <td className="px-2 py-1">{row.overhead}</td>
                <td className="px-2 py-1">{row.nat}</td>
                <td
                  className={`px-2 py-1 ${row.icmp.startsWith("DROPS") ? "font-semibold text-red-700" : ""}`}
                >
                  {row.icmp}
                </td>
                <td className="px-2 py-1">{row.clamp}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
