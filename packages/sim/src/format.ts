// Terminal tables for the CLI: findings grouped by severity and a compact MTU table.
import type { SimDiff } from "./diff";
import type { Analysis, Finding, Severity } from "./types";

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

function findingLines(findings: readonly Finding[]): string[] {
  const lines: string[] = [];
  for (const severity of ["error", "warning", "info"] as Severity[]) {
    const group = findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${severity.toUpperCase()}S (${group.length})`);
    for (const finding of group) {
      lines.push(`  [${finding.ruleId}] ${finding.title}${finding.blocking ? " (blocks push)" : ""}`);
      lines.push(`    ${finding.explanation}`);
      lines.push(`    fix: ${finding.fix}`);
    }
    lines.push("");
  }
  return lines;
}

export function formatAnalysis(analysis: Analysis): string {
  const sites = table(
    ["site", "online", "inbound", "degree", "outer MTU", "limited by", "cuts off"],
    analysis.sites.map((site) => [
      site.tincName,
      site.online ? "yes" : "NO",
      site.reachableInbound ? "yes" : "no",
      String(site.degree),
      String(site.outerMtu),
      site.outerMtuLimitedBy ?? "-",
      site.cutsOff.map((piece) => piece.join("+")).join(", ") || "-",
    ]),
  );
  const paths = table(
    ["class", "endpoints", "internet", "path MTU", "narrowest", "TCP", "UDP"],
    analysis.classes
      .filter((members) => members.kind !== "internet")
      .map((members) => {
        const internet = members.internet;
        const large = internet.largePacket;
        return [
          members.id,
          String(members.endpointIds.length),
          internet.reachable ? "yes" : "no",
          internet.pathMtu === null ? "-" : String(internet.pathMtu),
          internet.narrowestHopId ?? "-",
          large ? `${large.tcp}${large.certain ? "" : "?"}` : "-",
          large ? `${large.udp}${large.certain ? "" : "?"}` : "-",
        ];
      }),
  );
  const counts = (["error", "warning", "info"] as Severity[])
    .map(
      (severity) =>
        `${analysis.findings.filter((finding) => finding.severity === severity).length} ${severity}s`,
    )
    .join(", ");
  return [
    "MESH",
    sites,
    "",
    "PATHS TO THE INTERNET (? = rests on a hop whose ICMP handling is unknown)",
    paths,
    "",
    ...findingLines(analysis.findings),
    `${analysis.endpoints.length} endpoints in ${analysis.classes.length} classes; ${counts}`,
  ].join("\n");
}

export function formatDiff(change: SimDiff): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length})`, ...items.map((item) => `  ${item}`), "");
  };
  section(
    "REACHABILITY LOST",
    change.reachability.lost.map((pair) => `${pair.from} <-> ${pair.to}: ${pair.reason ?? ""}`),
  );
  section(
    "REACHABILITY GAINED",
    change.reachability.gained.map((pair) => `${pair.from} <-> ${pair.to}`),
  );
  const mtu = (value: SimDiff["paths"][number]["before"]) =>
    value === null
      ? "absent"
      : `${value.pathMtu ?? "no path"}${value.tcp ? ` tcp ${value.tcp} udp ${value.udp}` : ""}`;
  section(
    "PATHS CHANGED",
    change.paths.map((path) => `${path.scope} ${path.id}: ${mtu(path.before)} -> ${mtu(path.after)}`),
  );
  const service = (value: SimDiff["services"][number]["before"]) =>
    value === null
      ? "absent"
      : `upstream ${value.fromUpstream ? "yes" : "no"}, internet ${value.fromInternet ? "yes" : "no"}`;
  section(
    "SERVICES CHANGED",
    change.services.map((item) => `${item.id}: ${service(item.before)} -> ${service(item.after)}`),
  );
  section(
    "FINDINGS ADDED",
    change.findings.added.map((finding) => `${finding.severity} [${finding.ruleId}] ${finding.explanation}`),
  );
  section(
    "FINDINGS RESOLVED",
    change.findings.resolved.map((finding) => `[${finding.ruleId}] ${finding.title}`),
  );
  section("ENDPOINTS", [
    ...change.endpoints.added.map((id) => `+ ${id}`),
    ...change.endpoints.removed.map((id) => `- ${id}`),
  ]);
  return lines.length > 0 ? lines.join("\n") : "No changes in reachability, paths, services or findings.";
}
