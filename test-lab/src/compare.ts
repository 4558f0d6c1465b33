// Sim's predictions next to what the emulated lab measured, one row per prediction. A row that
// differs is a disagreement: a sim bug or a model gap, never something to loosen here.
import { type DhcpPool, dhcpPool, inPool, type NetworkModel, parseCidr, segmentSubnet } from "@labnet/model";
import type { InboundService, Predictions } from "@labnet/sim";
import { type Measurements, pairKey } from "./measure";

export type Verdict = "agree" | "disagree" | "unverifiable";

export interface ComparisonRow {
  check: "dhcp" | "reach" | "path-mtu" | "internet" | "internet-mtu" | "bulk-tcp" | "samba";
  subject: string;
  predicted: string;
  measured: string;
  verdict: Verdict;
  /** Why a row could not be checked. */
  note?: string;
}

const show = (value: boolean | number | string | null | undefined) =>
  value === null || value === undefined
    ? "-"
    : typeof value === "boolean"
      ? value
        ? "yes"
        : "no"
      : String(value);

function row(
  check: ComparisonRow["check"],
  subject: string,
  predicted: boolean | number | string | null,
  measured: boolean | number | string | null | undefined,
): ComparisonRow {
  if (measured === undefined) {
    return {
      check,
      subject,
      predicted: show(predicted),
      measured: "-",
      verdict: "unverifiable",
      note: "not emulated",
    };
  }
  return {
    check,
    subject,
    predicted: show(predicted),
    measured: show(measured),
    verdict: predicted === measured ? "agree" : "disagree",
  };
}

function sitePool(model: NetworkModel, siteId: string | null): DhcpPool | null {
  const site = model.sites.find((candidate) => candidate.id === siteId);
  const intranet = model.intranets.find((candidate) => candidate.id === site?.intranetId);
  const cidr = intranet ? parseCidr(intranet.cidr) : null;
  if (!site || !cidr?.ok) return null;
  return dhcpPool(segmentSubnet(cidr.value, site.segment), site.dhcpStart, site.dhcpLimit);
}

export function compare(
  model: NetworkModel,
  predictions: Predictions,
  services: InboundService[],
  measured: Measurements,
): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const prediction of predictions.dhcp) {
    const got = measured.dhcp.has(prediction.nicId) ? measured.dhcp.get(prediction.nicId)! : undefined;
    if (prediction.source === "no-dhcp-server") {
      // sim says nobody answers this client: any address it got is a disagreement.
      rows.push({
        check: "dhcp",
        subject: prediction.nicId,
        predicted: "no address",
        measured: got ?? "no address",
        verdict: got === undefined || got === null ? "agree" : "disagree",
      });
      continue;
    }
    if (prediction.source === "static-lease" || got === undefined || got === null) {
      rows.push(row("dhcp", prediction.nicId, prediction.ip ?? "pool address", got));
      continue;
    }
    const pool = sitePool(model, prediction.siteId);
    const fits = pool !== null && inPool(pool, got);
    rows.push({
      check: "dhcp",
      subject: prediction.nicId,
      predicted: pool ? `pool ${pool.first}-${pool.last}` : "pool address",
      measured: got,
      verdict: fits ? "agree" : "disagree",
    });
  }
  for (const pair of predictions.pairs) {
    const subject = pairKey(pair.from, pair.to);
    const got = measured.pairs.get(subject);
    rows.push(row("reach", subject, pair.reachable, got?.reachable));
    if (
      pair.reachable &&
      got?.reachable &&
      !pair.pathMtuCertain &&
      pair.pathMtu !== null &&
      typeof got.pathMtu === "number"
    ) {
      // sim predicts a ceiling here (tinc probes without ICMP on its outer path): reality must not exceed it.
      rows.push({
        check: "path-mtu",
        subject,
        predicted: `≤ ${pair.pathMtu}`,
        measured: String(got.pathMtu),
        verdict: got.pathMtu <= pair.pathMtu ? "agree" : "disagree",
        note: "ceiling",
      });
    } else if (pair.reachable || got?.reachable)
      rows.push(row("path-mtu", subject, pair.pathMtu, got?.pathMtu));
  }
  for (const internet of predictions.internet) {
    const got = measured.internet.get(internet.from);
    rows.push(row("internet", internet.from, internet.reachable, got?.reachable));
    if (internet.reachable || got?.reachable)
      rows.push(row("internet-mtu", internet.from, internet.pathMtu, got?.pathMtu));
    const bulk = row("bulk-tcp", internet.from, internet.bulkTcpDownload, got?.bulk);
    if (internet.bulkTcpDownload === "uncertain") {
      bulk.verdict = "unverifiable";
      bulk.note = "sim rests on a hop whose ICMP handling is unknown";
    }
    rows.push(bulk);
  }
  for (const service of services.filter((candidate) => candidate.service === "samba")) {
    rows.push(
      row(
        "samba",
        `${service.id} from WAN side`,
        service.fromUpstream.reachable,
        measured.services.get(service.id),
      ),
    );
  }
  for (const id of measured.notEmulated) {
    rows.push({
      check: "reach",
      subject: id,
      predicted: "-",
      measured: "-",
      verdict: "unverifiable",
      note: "sim endpoint without a counterpart in the emulation",
    });
  }
  return rows;
}

export interface Tally {
  agree: number;
  disagree: number;
  unverifiable: number;
}

export function tally(rows: ComparisonRow[]): Tally {
  const counts: Tally = { agree: 0, disagree: 0, unverifiable: 0 };
  for (const entry of rows) counts[entry.verdict]++;
  return counts;
}

const MARK: Record<Verdict, string> = { agree: "ok", disagree: "DISAGREE", unverifiable: "unverified" };

/** A fixed-width table; `onlyProblems` keeps disagreements and unverifiable rows. */
export function formatTable(rows: ComparisonRow[], onlyProblems = false): string {
  const shown = onlyProblems ? rows.filter((entry) => entry.verdict !== "agree") : rows;
  const header = ["check", "subject", "predicted", "measured", "verdict"];
  const cells = shown.map((entry) => [
    entry.check,
    entry.subject,
    entry.predicted,
    entry.measured,
    MARK[entry.verdict] + (entry.note ? ` (${entry.note})` : ""),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const format = (line: string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [format(header), ...cells.map(format)].join("\n");
}
