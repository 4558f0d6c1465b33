// Import of a router's existing files into one site: OpenWrt UCI (dhcp, firewall, sqm, network),
// dnsmasq hosts files, /tmp/dhcp.leases and the tinc folder. The preview says what would be
// created, changed or conflict; apply re-checks everything and writes it in one transaction, with
// an audit event per change, and only if the site and router are still as previewed.
import { importFiles, type SourceFile } from "@labnet/config";
import {
  effectiveFirewallRules,
  type FirewallRule,
  firewallRuleSchema,
  hostnameSchema,
  leaseTimeSchema,
  parseIPv4,
  parseMac,
  type Sqm,
  sqmSchema,
} from "@labnet/model";
import { TRPCError } from "@trpc/server";
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { invalidField, notFound, staleVersion } from "../errors";
import { leaseConflicts, loadLeaseSite } from "./leases";
import type { Scope } from "./problems";
import { leaseIpProblem } from "./rules";

type Reader = Database | Transaction;

/**
 * What one import may hold. A router's real files are KBs: /etc/config/dhcp with a static lease for
 * every address of a /24 is ~30 KB, a tinc hosts file ~1 KB. The limits leave room for a tinc folder
 * of a 254-site intranet and keep one preview (which checks every lease against the database) from
 * tying up the server (~11 ms per lease on PostgreSQL): before these limits, 10 × 1 MB of junk
 * lines answered 26.8 MB of warnings, and 10 × 1 MB of dhcp-host lines ran for over 5 minutes.
 */
export const importLimits = {
  files: 300,
  /** Characters per file. */
  fileSize: 256 * 1024,
  /** Characters of all files together. */
  totalSize: 2 * 1024 * 1024,
  /** Lines of all files together. */
  lines: 20_000,
  /** Static leases in the files (after merging by MAC): a site is one /24 of 253 hosts. */
  leases: 512,
  /** Unreadable lines and warnings listed in a preview; the rest are counted. */
  listedProblems: 100,
} as const;

export interface ImportProblemRow {
  file: string;
  line: number;
  message: string;
}

export interface LeaseChange {
  action: "create" | "update" | "unchanged" | "conflict";
  mac: string;
  ip: string;
  hostname: string;
  leaseTime: string;
  tags: string[];
  /** The existing lease this row updates (same MAC at this site). */
  leaseId: string | null;
  /** field → "old → new" for updates; field → reason for conflicts. */
  details: Record<string, string>;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ImportPreview {
  siteId: string;
  siteName: string;
  siteVersion: number;
  routerVersion: number;
  errors: ImportProblemRow[];
  warnings: ImportProblemRow[];
  leases: LeaseChange[];
  site: FieldChange[];
  router: FieldChange[];
  /** Conflicts that block apply, in words. */
  blocking: string[];
  /** How many errors, warnings and blocking problems there are beyond the ones listed. */
  unlisted: { errors: number; warnings: number; blocking: number };
}

async function loadTarget(db: Reader, teamId: string, siteId: string) {
  const site = await db.site.findFirst({
    where: { id: siteId, organizationId: teamId },
    include: {
      intranet: { select: { id: true, netname: true, port: true, cidr: true } },
      connectTo: { orderBy: { position: "asc" }, include: { peer: { select: { tincName: true } } } },
      router: { include: { router: { include: { shares: true } } } },
      leases: true,
    },
  });
  if (!site) throw notFound("Site");
  const settings = site.router.router;
  if (!settings)
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `${site.router.name} has no router settings`,
    });
  return { site, settings };
}

/** JSON with sorted keys: two settings objects are the same whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function change(changes: FieldChange[], field: string, before: unknown, after: unknown) {
  if (after !== undefined && !same(before, after)) changes.push({ field, before, after });
}

export async function previewImport(
  db: Reader,
  teamId: string,
  siteId: string,
  files: SourceFile[],
): Promise<ImportPreview> {
  const { site, settings } = await loadTarget(db, teamId, siteId);
  const imported = importFiles(files);
  if (imported.fragment.leases.length > importLimits.leases) {
    throw invalidField(
      "files",
      `the files hold ${imported.fragment.leases.length.toLocaleString("en")} static leases; a site holds at most ${importLimits.leases.toLocaleString("en")}`,
    );
  }
  const warnings: ImportProblemRow[] = [...imported.warnings];
  const blocking: string[] = [];
  const fragment = imported.fragment;

  // The local site: the one the files say this router serves (the first site with DHCP settings).
  const local =
    fragment.sites.find((candidate) => candidate.dhcpStart !== undefined || candidate.connectTo) ?? null;
  const siteChanges: FieldChange[] = [];
  if (local) {
    if (local.tincName && local.tincName !== site.tincName) {
      warnings.push({
        file: "tinc.conf",
        line: 0,
        message: `the files name this node ${local.tincName}, the site is ${site.tincName}: the name is not changed by an import`,
      });
    }
    change(siteChanges, "dhcpStart", site.dhcpStart, local.dhcpStart);
    change(siteChanges, "dhcpLimit", site.dhcpLimit, local.dhcpLimit);
    change(siteChanges, "leaseTime", site.leaseTime, local.leaseTime);
    change(siteChanges, "publicAddress", site.publicAddress, local.publicAddress);
    change(siteChanges, "publicPort", site.publicPort, local.publicPort);
    if (local.connectTo) {
      const peerNames = local.connectTo.map(
        (peerId) =>
          fragment.sites.find((candidate) => candidate.id === peerId)?.tincName ??
          peerId.replace(/^site-/, ""),
      );
      const peers = await db.site.findMany({
        where: { intranetId: site.intranetId, tincName: { in: peerNames } },
        select: { id: true, tincName: true },
      });
      const missing = peerNames.filter((name) => !peers.some((peer) => peer.tincName === name));
      for (const name of missing)
        blocking.push(`ConnectTo ${name}: no site of that name in intranet ${site.intranet.netname}`);
      // tinc tries every ConnectTo; labnet renders them sorted, so order is not a change.
      change(
        siteChanges,
        "connectTo",
        site.connectTo.map((edge) => edge.peer.tincName).sort(),
        [...peerNames].sort(),
      );
    }
  }

  // Router settings the files carry. Rules labnet adds by itself (tinc port, samba on wan) are not
  // imported as explicit rules: they would only duplicate what every render adds anyway.
  const routerChanges: FieldChange[] = [];
  const routerFragment = fragment.router;
  if (routerFragment) {
    const listeners = site.publicAddress
      ? [{ netname: site.intranet.netname, port: site.intranet.port }]
      : [];
    const derived = effectiveFirewallRules({ rules: [], shares: settings.shares }, listeners);
    if (routerFragment.rules) {
      const parsedRules: FirewallRule[] = [];
      for (const rule of routerFragment.rules) {
        const parsed = firewallRuleSchema.safeParse(rule);
        if (!parsed.success) {
          warnings.push({
            file: "firewall",
            line: 0,
            message: `rule ${String((rule as { name?: string }).name ?? "?")} skipped: ${parsed.error.issues[0]?.message}`,
          });
          continue;
        }
        const ownRule = (settings.rules as FirewallRule[]).some((candidate) => same(candidate, parsed.data));
        if (ownRule || !derived.some((candidate) => same(candidate, parsed.data)))
          parsedRules.push(parsed.data);
      }
      change(routerChanges, "rules", settings.rules, parsedRules);
    }
    if (routerFragment.sqm) {
      const sqm = sqmSchema.safeParse(routerFragment.sqm);
      if (sqm.success) change(routerChanges, "sqm", settings.sqm, sqm.data satisfies Sqm);
      else warnings.push({ file: "sqm", line: 0, message: `SQM skipped: ${sqm.error.issues[0]?.message}` });
    }
    change(routerChanges, "wanProto", settings.wanProto, routerFragment.wanProto);
    change(routerChanges, "wanMasq", settings.wanMasq, routerFragment.wanMasq);
    change(routerChanges, "mtuFix", settings.mtuFix, routerFragment.mtuFix);
    change(routerChanges, "wanInput", settings.wanInput, routerFragment.wanInput);
    if (routerFragment.shares && routerFragment.shares.length > 0) {
      warnings.push({
        file: "samba4",
        line: 0,
        message: `${routerFragment.shares.length} share(s) in the files: shares are not imported (their credentials files and mounts live in tinc-up); add them on the router tab`,
      });
    }
  }

  // Leases: matched to this site's leases by MAC.
  const leaseSite = await loadLeaseSite(db, teamId, siteId);
  const leases: LeaseChange[] = [];
  const seenIps = new Map<string, string>();
  const seenHostnames = new Map<string, string>();
  for (const row of fragment.leases) {
    const mac = parseMac(String(row.mac ?? ""));
    const ip = parseIPv4(String(row.ip ?? ""));
    const hostname = hostnameSchema.safeParse(row.hostname ?? "");
    const leaseTime = leaseTimeSchema.safeParse(row.leaseTime ?? "infinite");
    const values = {
      mac: mac.ok ? mac.value : String(row.mac ?? ""),
      ip: ip.ok ? ip.value : String(row.ip ?? ""),
      hostname: hostname.success ? hostname.data.toLowerCase() : String(row.hostname ?? ""),
      leaseTime: leaseTime.success ? leaseTime.data : "infinite",
      tags: row.tags ?? [],
    };
    const details: Record<string, string> = {};
    if (!mac.ok) details.mac = mac.error;
    if (!ip.ok) details.ip = ip.error;
    if (!hostname.success) details.hostname = hostname.error.issues[0]?.message ?? "invalid hostname";
    const existing = site.leases.find((lease) => lease.mac === values.mac) ?? null;
    if (Object.keys(details).length === 0) {
      const ipProblem = leaseIpProblem(leaseSite, values.ip);
      if (ipProblem) details.ip = ipProblem;
      Object.assign(details, await leaseConflicts(db, teamId, leaseSite, values, existing?.id ?? null));
      const ipTwin = seenIps.get(values.ip);
      if (ipTwin) details.ip ??= `${values.ip} is also given to ${ipTwin} in the imported files`;
      const nameTwin = seenHostnames.get(values.hostname);
      if (nameTwin) details.hostname ??= `${values.hostname} also names ${nameTwin} in the imported files`;
    }
    seenIps.set(values.ip, values.mac);
    seenHostnames.set(values.hostname, values.mac);
    if (Object.keys(details).length > 0) {
      leases.push({ action: "conflict", ...values, leaseId: existing?.id ?? null, details });
      blocking.push(`lease ${values.mac}: ${Object.values(details).join("; ")}`);
      continue;
    }
    if (!existing) {
      leases.push({ action: "create", ...values, leaseId: null, details: {} });
      continue;
    }
    const differences: Record<string, string> = {};
    for (const field of ["ip", "hostname", "leaseTime", "tags"] as const) {
      if (!same(existing[field], values[field]))
        differences[field] = `${JSON.stringify(existing[field])} → ${JSON.stringify(values[field])}`;
    }
    leases.push({
      action: Object.keys(differences).length > 0 ? "update" : "unchanged",
      ...values,
      leaseId: existing.id,
      details: differences,
    });
  }

  for (const error of imported.errors) blocking.push(`${error.file}:${error.line}: ${error.message}`);
  // The answer stays proportionate to what a person can read: the first problems, and a count.
  const listed = importLimits.listedProblems;
  return {
    siteId,
    siteName: site.tincName,
    siteVersion: site.version,
    routerVersion: settings.version,
    errors: imported.errors.slice(0, listed),
    warnings: warnings.slice(0, listed),
    leases,
    site: siteChanges,
    router: routerChanges,
    blocking: blocking.slice(0, listed),
    unlisted: {
      errors: Math.max(0, imported.errors.length - listed),
      warnings: Math.max(0, warnings.length - listed),
      blocking: Math.max(0, blocking.length - listed),
    },
  };
}

export async function applyImport(
  scope: Scope,
  input: { siteId: string; files: SourceFile[]; siteVersion: number; routerVersion: number },
) {
  return auditedTransaction(scope, async (tx, record) => {
    // Lock the site so two imports (or an import and an edit) cannot interleave.
    await tx.$executeRaw`SELECT 1 FROM "site" WHERE id = ${input.siteId} AND "organizationId" = ${scope.teamId} FOR UPDATE`;
    const preview = await previewImport(tx, scope.teamId, input.siteId, input.files);
    if (preview.siteVersion !== input.siteVersion || preview.routerVersion !== input.routerVersion) {
      throw staleVersion("site", [
        "the site or its router changed since the preview: preview the import again",
      ]);
    }
    if (preview.blocking.length > 0) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: `Nothing was imported: ${preview.blocking.length + preview.unlisted.blocking} problem(s) must be fixed first — ${preview.blocking.slice(0, 5).join("; ")}`,
      });
    }
    for (const lease of preview.leases) {
      if (lease.action === "create") {
        const created = await tx.staticLease.create({
          data: {
            organizationId: scope.teamId,
            siteId: input.siteId,
            mac: lease.mac,
            ip: lease.ip,
            hostname: lease.hostname,
            leaseTime: lease.leaseTime,
            tags: lease.tags,
          },
        });
        record({ action: "lease.import", entityType: "lease", entityId: created.id, after: lease });
      } else if (lease.action === "update" && lease.leaseId) {
        const before = await tx.staticLease.findUniqueOrThrow({ where: { id: lease.leaseId } });
        await tx.staticLease.update({
          where: { id: lease.leaseId },
          data: {
            ip: lease.ip,
            hostname: lease.hostname,
            leaseTime: lease.leaseTime,
            tags: lease.tags,
            version: { increment: 1 },
          },
        });
        record({
          action: "lease.import",
          entityType: "lease",
          entityId: lease.leaseId,
          before: {
            ip: before.ip,
            hostname: before.hostname,
            leaseTime: before.leaseTime,
            tags: before.tags,
          },
          after: { ip: lease.ip, hostname: lease.hostname, leaseTime: lease.leaseTime, tags: lease.tags },
        });
      }
    }
    if (preview.site.length > 0) {
      const data: Record<string, unknown> = {};
      let connectTo: string[] | null = null;
      for (const { field, after } of preview.site) {
        if (field === "connectTo") connectTo = after as string[];
        else data[field] = after;
      }
      await tx.site.update({ where: { id: input.siteId }, data: { ...data, version: { increment: 1 } } });
      if (connectTo) {
        const site = await tx.site.findUniqueOrThrow({
          where: { id: input.siteId },
          select: { intranetId: true },
        });
        const peers = await tx.site.findMany({
          where: { intranetId: site.intranetId, tincName: { in: connectTo } },
          select: { id: true, tincName: true },
        });
        await tx.siteConnect.deleteMany({ where: { siteId: input.siteId } });
        await tx.siteConnect.createMany({
          data: connectTo.map((name, position) => ({
            siteId: input.siteId,
            peerId: peers.find((peer) => peer.tincName === name)!.id,
            position,
          })),
        });
      }
      record({
        action: "site.import",
        entityType: "site",
        entityId: input.siteId,
        before: Object.fromEntries(preview.site.map((item) => [item.field, item.before])),
        after: Object.fromEntries(preview.site.map((item) => [item.field, item.after])),
      });
    }
    if (preview.router.length > 0) {
      const target = await tx.site.findUniqueOrThrow({
        where: { id: input.siteId },
        select: { routerId: true },
      });
      await tx.routerSettings.update({
        where: { machineId: target.routerId },
        data: {
          ...Object.fromEntries(preview.router.map((item) => [item.field, item.after])),
          version: { increment: 1 },
        },
      });
      record({
        action: "router.import",
        entityType: "machine",
        entityId: target.routerId,
        before: Object.fromEntries(preview.router.map((item) => [item.field, item.before])),
        after: Object.fromEntries(preview.router.map((item) => [item.field, item.after])),
      });
    }
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const lease of preview.leases) {
      if (lease.action === "create") counts.created++;
      else if (lease.action === "update") counts.updated++;
      else if (lease.action === "unchanged") counts.unchanged++;
    }
    return { leases: counts, siteFields: preview.site.length, routerFields: preview.router.length };
  });
}
