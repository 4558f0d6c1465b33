// Static DHCP leases: IPAM inside a site's /24, MAC unique per team, IP and hostname unique per
// site. Checks run inside the transaction; the unique indexes back them up under concurrency.
import { Prisma } from "@labnet/db";
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { type FieldMessages, invalidField, invalidFields, notFound } from "../errors";
import type {
  LeaseBulkApplyInput,
  LeaseCreateInput,
  LeaseDeleteInput,
  LeaseFilter,
  LeaseListInput,
  LeaseUpdateInput,
} from "../router/lease/lease.schema";
import { parseBulkLeases } from "./bulk";
import { staleError } from "./concurrency";
import { missing, Problems, type Scope } from "./problems";
import {
  hostnameTaken,
  ipTaken,
  type LeaseHolder,
  leaseIpProblem,
  macTaken,
  nextFreeLeaseIp,
  type SiteAddressing,
  sitePool,
  siteSubnet,
} from "./rules";
import { uniqueConstraintOf, withUniqueBackstop } from "./unique";

type Reader = Database | Transaction;

export const leaseFields = ["siteId", "mac", "ip", "hostname", "leaseTime", "tags", "nicId"] as const;
const entity = (id: string) => ({ type: "static_lease", label: "lease", id });

export interface LeaseSite extends SiteAddressing {
  id: string;
  /** The Linux machine serving this site's DHCP instead of the router, with its NICs; null: the router. */
  dhcpServer: { name: string; nics: { id: string; name: string; mac: string }[] } | null;
}

export async function loadLeaseSite(db: Reader, teamId: string, siteId: string): Promise<LeaseSite> {
  const site = await db.site.findFirst({
    where: { id: siteId, organizationId: teamId },
    select: {
      id: true,
      tincName: true,
      segment: true,
      lanIp: true,
      dhcpStart: true,
      dhcpLimit: true,
      intranet: { select: { cidr: true } },
      dhcpServer: { select: { name: true, nics: { select: { id: true, name: true, mac: true } } } },
    },
  });
  if (!site) throw missing("siteId", "site");
  return { ...site, intranetCidr: site.intranet.cidr };
}

interface LeaseValues {
  mac: string;
  ip: string;
  hostname: string;
}

/** Who already holds this MAC (team-wide), IP or hostname (site-wide). */
export async function leaseConflicts(
  db: Reader,
  teamId: string,
  site: LeaseSite,
  values: LeaseValues,
  excludeId: string | null,
): Promise<FieldMessages> {
  const holders = await db.staticLease.findMany({
    where: {
      organizationId: teamId,
      ...(excludeId ? { id: { not: excludeId } } : {}),
      OR: [
        { mac: values.mac },
        { siteId: site.id, ip: values.ip },
        { siteId: site.id, hostname: values.hostname },
      ],
    },
    select: { mac: true, ip: true, hostname: true, siteId: true, site: { select: { tincName: true } } },
  });
  const fields: FieldMessages = {};
  for (const row of holders) {
    const holder: LeaseHolder = { ...row, siteTincName: row.site.tincName };
    if (row.mac === values.mac) fields.mac ??= macTaken(values.mac, holder);
    if (row.siteId === site.id && row.ip === values.ip) fields.ip ??= ipTaken(values.ip, holder);
    if (row.siteId === site.id && row.hostname === values.hostname) {
      fields.hostname ??= hostnameTaken(values.hostname, holder);
    }
  }
  return fields;
}

async function nicProblem(db: Reader, teamId: string, nicId: string | null): Promise<string | null> {
  if (!nicId) return null;
  const nic = await db.nic.findFirst({ where: { id: nicId, organizationId: teamId }, select: { id: true } });
  return nic ? null : "NIC not found in this team";
}

/**
 * A DHCP server does not lease an address to itself: dnsmasq on a Linux machine answers other
 * hosts' requests, its own NIC needs a static address. Names the field that points at that NIC.
 */
export function ownNicLeaseProblem(
  site: LeaseSite,
  values: { mac: string; nicId: string | null },
): { field: "mac" | "nicId"; message: string } | null {
  const server = site.dhcpServer;
  const nic = server?.nics.find((candidate) => candidate.id === values.nicId || candidate.mac === values.mac);
  if (!server || !nic) return null;
  return {
    field: nic.id === values.nicId ? "nicId" : "mac",
    message: `${nic.mac} is ${nic.name} of ${server.name}, the DHCP server of site ${site.tincName}: a DHCP server cannot lease an address to itself; give that NIC a static IP instead`,
  };
}

async function usedIps(db: Reader, siteId: string): Promise<string[]> {
  const rows = await db.staticLease.findMany({ where: { siteId }, select: { ip: true } });
  return rows.map((row) => row.ip);
}

function siteFull(site: LeaseSite): string {
  const pool = sitePool(site);
  const poolText = pool ? ` (DHCP pool ${pool.first}–${pool.last})` : "";
  return `site ${site.tincName} has no free address outside its DHCP pool${poolText}: shrink the pool or delete a lease`;
}

async function validate(
  db: Reader,
  teamId: string,
  site: LeaseSite,
  values: LeaseValues & { nicId: string | null },
  excludeId: string | null,
  conflicts?: FieldMessages,
): Promise<void> {
  const ownNic = ownNicLeaseProblem(site, values);
  const problems = new Problems()
    .invalid("ip", leaseIpProblem(site, values.ip))
    .invalid("nicId", await nicProblem(db, teamId, values.nicId))
    .invalid(ownNic?.field ?? "mac", ownNic?.message ?? null)
    .merge(conflicts ?? (await leaseConflicts(db, teamId, site, values, excludeId)), "taken");
  problems.throwIfAny();
}

/** The backstop's wording: the same lookup as the service check, after the failed transaction. */
function explainLeaseConstraint(db: Database, teamId: string, siteId: string, values: LeaseValues) {
  return async () => {
    const site = await loadLeaseSite(db, teamId, siteId);
    return leaseConflicts(db, teamId, site, values, null);
  };
}

export function leaseSnapshot(row: {
  id: string;
  siteId: string;
  mac: string;
  ip: string;
  hostname: string;
  leaseTime: string;
  tags: string[];
  nicId: string | null;
  version: number;
}) {
  return {
    id: row.id,
    siteId: row.siteId,
    mac: row.mac,
    ip: row.ip,
    hostname: row.hostname,
    leaseTime: row.leaseTime,
    tags: row.tags,
    nicId: row.nicId,
    version: row.version,
  };
}

/** A concurrent request took the address picked for us: pick the next one. */
class AddressTaken extends Error {}

export async function createLease(scope: Scope, input: LeaseCreateInput) {
  const hostname = input.hostname.toLowerCase();
  let values: LeaseValues | null = null;
  const attempt = () =>
    auditedTransaction(scope, async (tx, record) => {
      const site = await loadLeaseSite(tx, scope.teamId, input.siteId);
      const ip = input.ip ?? nextFreeLeaseIp(site, await usedIps(tx, site.id));
      if (!ip) throw invalidField("ip", siteFull(site), "CONFLICT");
      values = { mac: input.mac, ip, hostname };
      const conflicts = await leaseConflicts(tx, scope.teamId, site, values, null);
      if (input.ip === undefined && conflicts.ip) throw new AddressTaken();
      await validate(tx, scope.teamId, site, { ...values, nicId: input.nicId }, null, conflicts);
      const row = await tx.staticLease.create({
        data: {
          organizationId: scope.teamId,
          siteId: site.id,
          ...values,
          leaseTime: input.leaseTime,
          tags: input.tags,
          nicId: input.nicId,
        },
      });
      record({
        action: "lease.create",
        entityType: "static_lease",
        entityId: row.id,
        after: leaseSnapshot(row),
      });
      return leaseSnapshot(row);
    });
  return withUniqueBackstop(
    async () => {
      // Without an IP, a concurrent request may take the address we picked: pick again.
      for (let tries = 1; ; tries++) {
        try {
          return await attempt();
        } catch (error) {
          const lostRace =
            error instanceof AddressTaken || uniqueConstraintOf(error) === "static_lease_siteId_ip_key";
          if (!(input.ip === undefined && lostRace && tries < 20)) throw error;
        }
      }
    },
    async () => (values ? explainLeaseConstraint(scope.db, scope.teamId, input.siteId, values)() : null),
  );
}

export async function updateLease(scope: Scope, input: LeaseUpdateInput) {
  const values = { mac: input.mac, ip: input.ip, hostname: input.hostname.toLowerCase() };
  const submitted = { ...input, ...values };
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const current = await tx.staticLease.findFirst({
          where: { id: input.id, organizationId: scope.teamId },
        });
        if (!current) throw notFound("Lease");
        if (current.version !== input.version) {
          throw await staleError(
            tx,
            scope.teamId,
            entity(input.id),
            input.version,
            current,
            submitted,
            leaseFields,
          );
        }
        const site = await loadLeaseSite(tx, scope.teamId, input.siteId);
        await validate(tx, scope.teamId, site, { ...values, nicId: input.nicId }, input.id);
        const data = {
          siteId: site.id,
          ...values,
          leaseTime: input.leaseTime,
          tags: input.tags,
          nicId: input.nicId,
        };
        const updated = await tx.staticLease.updateMany({
          where: { id: input.id, organizationId: scope.teamId, version: input.version },
          data: { ...data, version: { increment: 1 } },
        });
        if (updated.count === 0) {
          const now = await tx.staticLease.findFirst({
            where: { id: input.id, organizationId: scope.teamId },
          });
          throw await staleError(
            tx,
            scope.teamId,
            entity(input.id),
            input.version,
            now,
            submitted,
            leaseFields,
          );
        }
        const after = leaseSnapshot({ ...current, ...data, version: input.version + 1 });
        record({
          action: "lease.update",
          entityType: "static_lease",
          entityId: input.id,
          before: leaseSnapshot(current),
          after,
        });
        return after;
      }),
    explainLeaseConstraint(scope.db, scope.teamId, input.siteId, values),
  );
}

export async function deleteLease(scope: Scope, input: LeaseDeleteInput) {
  return auditedTransaction(scope, async (tx, record) => {
    const current = await tx.staticLease.findFirst({ where: { id: input.id, organizationId: scope.teamId } });
    if (!current) throw notFound("Lease");
    const deleted = await tx.staticLease.deleteMany({
      where: { id: input.id, organizationId: scope.teamId, version: input.version },
    });
    if (deleted.count === 0) {
      throw await staleError(tx, scope.teamId, entity(input.id), input.version, current, {}, leaseFields);
    }
    record({
      action: "lease.delete",
      entityType: "static_lease",
      entityId: input.id,
      before: leaseSnapshot(current),
    });
    return { id: input.id };
  });
}

/** "0015.5D-80" → "00:15:5d:80": any notation of any part of a MAC, as stored. */
export function macSearchFragment(text: string): string {
  const hex = text.toLowerCase().replace(/[^0-9a-f]/g, "");
  return hex.match(/.{1,2}/g)?.join(":") ?? "";
}

function leaseWhere(teamId: string, filter: LeaseFilter) {
  const mac = macSearchFragment(filter.mac);
  return {
    organizationId: teamId,
    ...(filter.siteId ? { siteId: filter.siteId } : {}),
    ...(mac ? { mac: { contains: mac } } : {}),
    ...(filter.hostname ? { hostname: { contains: filter.hostname.toLowerCase() } } : {}),
  };
}

const leaseRowSelect = {
  id: true,
  siteId: true,
  mac: true,
  ip: true,
  hostname: true,
  leaseTime: true,
  tags: true,
  nicId: true,
  version: true,
  updatedAt: true,
  site: { select: { tincName: true, router: { select: { labId: true } } } },
  nic: { select: { name: true, machine: { select: { name: true } } } },
} as const;

export async function listLeases(db: Database, teamId: string, input: LeaseListInput) {
  const where = leaseWhere(teamId, input);
  const skip = (input.page - 1) * input.pageSize;
  if (input.sort === "ip") {
    const [total, ids] = await Promise.all([
      db.staticLease.count({ where }),
      idsByAddress(db, teamId, input, skip, input.pageSize),
    ]);
    const rows = await db.staticLease.findMany({ where: { id: { in: ids } }, select: leaseRowSelect });
    const position = new Map(ids.map((id, index) => [id, index]));
    const items = rows.map(toLeaseRow).sort((a, b) => position.get(a.id)! - position.get(b.id)!);
    return { items, total, page: input.page, pageSize: input.pageSize };
  }
  const [total, rows] = await db.$transaction([
    db.staticLease.count({ where }),
    db.staticLease.findMany({
      where,
      orderBy: [{ [input.sort]: input.direction }, { id: "asc" as const }],
      skip,
      take: input.pageSize,
      select: leaseRowSelect,
    }),
  ]);
  return { items: rows.map(toLeaseRow), total, page: input.page, pageSize: input.pageSize };
}

/**
 * One page of lease ids by site, then address as a number: text order would put .100 before
 * .20, and sorting in memory would only order within a page. PostgreSQL's inet does the sorting.
 */
async function idsByAddress(
  db: Database,
  teamId: string,
  filter: LeaseFilter & { direction: "asc" | "desc" },
  skip: number,
  take: number,
) {
  const mac = macSearchFragment(filter.mac);
  const conditions = [Prisma.sql`"organizationId" = ${teamId}`];
  if (filter.siteId) conditions.push(Prisma.sql`"siteId" = ${filter.siteId}`);
  if (mac) conditions.push(Prisma.sql`mac LIKE ${`%${escapeLike(mac)}%`}`);
  if (filter.hostname)
    conditions.push(Prisma.sql`hostname LIKE ${`%${escapeLike(filter.hostname.toLowerCase())}%`}`);
  const direction = filter.direction === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM static_lease WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY "siteId" ${direction}, ip::inet ${direction}, id ASC
    LIMIT ${take} OFFSET ${skip}`;
  return rows.map((row) => row.id);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

interface LeaseRowWithRelations extends ReturnType<typeof leaseSnapshot> {
  updatedAt: Date;
  site: { tincName: string; router: { labId: string } };
  nic: { name: string; machine: { name: string } } | null;
}

function toLeaseRow({ site, nic, ...lease }: LeaseRowWithRelations) {
  return {
    ...lease,
    siteTincName: site.tincName,
    labId: site.router.labId,
    nicLabel: nic ? `${nic.machine.name} ${nic.name}` : null,
  };
}

function compareByIp(direction: "asc" | "desc") {
  const key = (ip: string) => ip.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  return (a: { siteId: string; ip: string }, b: { siteId: string; ip: string }) => {
    const order = a.siteId === b.siteId ? key(a.ip) - key(b.ip) : a.siteId < b.siteId ? -1 : 1;
    return direction === "asc" ? order : -order;
  };
}

export async function nextFreeIpOf(db: Database, teamId: string, siteId: string) {
  const site = await loadLeaseSite(db, teamId, siteId);
  const pool = sitePool(site);
  const subnet = siteSubnet(site);
  return {
    ip: nextFreeLeaseIp(site, await usedIps(db, site.id)),
    subnet: `${subnet.network}/${subnet.prefix}`,
    pool,
    lanIp: site.lanIp,
  };
}

// ── CSV export ─────────────────────────────────────────────────────────────────────────────

const exportLimit = 50_000;

export async function exportLeasesCsv(db: Database, teamId: string, filter: LeaseFilter) {
  const rows = await db.staticLease.findMany({
    where: leaseWhere(teamId, filter),
    orderBy: [{ siteId: "asc" }, { hostname: "asc" }],
    take: exportLimit,
    select: leaseRowSelect,
  });
  const items = rows.map(toLeaseRow).sort(compareByIp("asc"));
  const header = ["site", "hostname", "mac", "ip", "lease_time", "tags", "nic"];
  const lines = items.map((lease) =>
    [
      lease.siteTincName,
      lease.hostname,
      lease.mac,
      lease.ip,
      lease.leaseTime,
      lease.tags.join(" "),
      lease.nicLabel ?? "",
    ]
      .map(csvCell)
      .join(","),
  );
  return { csv: `${[header.join(","), ...lines].join("\r\n")}\r\n`, rows: items.length };
}

/**
 * RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula
 * (=, +, -, @): an exported lease list must not become a macro.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

// ── bulk add ───────────────────────────────────────────────────────────────────────────────

export type BulkStatus = "create" | "error";

export interface BulkPreviewRow {
  line: number;
  text: string;
  mac: string | null;
  ip: string | null;
  hostname: string | null;
  status: BulkStatus;
  /** Why the line cannot be created, naming the field and the holder. */
  problems: FieldMessages;
}

/** Checks pasted lines against the site's rules, its existing leases and each other. */
export async function previewBulkLeases(db: Reader, teamId: string, siteId: string, text: string) {
  const site = await loadLeaseSite(db, teamId, siteId);
  const parsed = parseBulkLeases(text);
  const candidates = parsed.flatMap((row) => (row.values ? [row.values] : []));
  const holders = await db.staticLease.findMany({
    where: {
      organizationId: teamId,
      OR: [
        { mac: { in: candidates.map((c) => c.mac) } },
        { siteId: site.id, ip: { in: candidates.map((c) => c.ip) } },
        { siteId: site.id, hostname: { in: candidates.map((c) => c.hostname) } },
      ],
    },
    select: { mac: true, ip: true, hostname: true, siteId: true, site: { select: { tincName: true } } },
  });
  const byMac = new Map<string, LeaseHolder>();
  const byIp = new Map<string, LeaseHolder>();
  const byHostname = new Map<string, LeaseHolder>();
  for (const row of holders) {
    const holder = { ...row, siteTincName: row.site.tincName };
    byMac.set(row.mac, holder);
    if (row.siteId === site.id) {
      byIp.set(row.ip, holder);
      byHostname.set(row.hostname, holder);
    }
  }
  const firstLine = {
    mac: new Map<string, number>(),
    ip: new Map<string, number>(),
    hostname: new Map<string, number>(),
  };
  const rows: BulkPreviewRow[] = parsed.map((row) => {
    const problems = new Problems().merge(row.problems, "invalid");
    const values = row.values;
    if (values) {
      problems.invalid("ip", leaseIpProblem(site, values.ip));
      problems.invalid("mac", ownNicLeaseProblem(site, { mac: values.mac, nicId: null })?.message ?? null);
      const mac = byMac.get(values.mac);
      const ip = byIp.get(values.ip);
      const hostname = byHostname.get(values.hostname);
      problems.taken("mac", mac ? macTaken(values.mac, mac) : null);
      problems.taken("ip", ip ? ipTaken(values.ip, ip) : null);
      problems.taken("hostname", hostname ? hostnameTaken(values.hostname, hostname) : null);
      for (const field of ["mac", "ip", "hostname"] as const) {
        const earlier = firstLine[field].get(values[field]);
        if (earlier === undefined) firstLine[field].set(values[field], row.line);
        else problems.taken(field, `${field} ${values[field]} is also on line ${earlier} of the paste`);
      }
    }
    return {
      line: row.line,
      text: row.text,
      mac: values?.mac ?? null,
      ip: values?.ip ?? null,
      hostname: values?.hostname ?? null,
      status: problems.empty ? "create" : "error",
      problems: problems.fields,
    };
  });
  return {
    site: { id: site.id, tincName: site.tincName },
    rows,
    creates: rows.filter((row) => row.status === "create").length,
    errors: rows.filter((row) => row.status === "error").length,
  };
}

/** All or nothing: re-validates every line in the transaction, then creates them together. */
export async function applyBulkLeases(scope: Scope, input: LeaseBulkApplyInput) {
  const text = input.lines.map((line) => `${line.mac} ${line.ip} ${line.hostname}`).join("\n");
  const apply = () =>
    auditedTransaction(scope, async (tx, record) => {
      const preview = await previewBulkLeases(tx, scope.teamId, input.siteId, text);
      const fields: FieldMessages = {};
      for (const [index, row] of preview.rows.entries()) {
        for (const [field, message] of Object.entries(row.problems))
          fields[`lines.${index}.${field}`] = message;
      }
      if (preview.errors > 0) {
        throw invalidFields(fields, "CONFLICT");
      }
      const data = preview.rows.map((row) => ({
        id: crypto.randomUUID(),
        organizationId: scope.teamId,
        siteId: input.siteId,
        mac: row.mac!,
        ip: row.ip!,
        hostname: row.hostname!,
        leaseTime: input.leaseTime,
        tags: [] as string[],
        nicId: null,
        version: 1,
      }));
      await tx.staticLease.createMany({ data });
      for (const row of data) {
        record({
          action: "lease.create",
          entityType: "static_lease",
          entityId: row.id,
          after: leaseSnapshot(row),
        });
      }
      return { created: data.length };
    });
  return withUniqueBackstop(apply, async () => {
    const preview = await previewBulkLeases(scope.db, scope.teamId, input.siteId, text);
    const fields: FieldMessages = {};
    for (const [index, row] of preview.rows.entries()) {
      for (const [field, message] of Object.entries(row.problems))
        fields[`lines.${index}.${field}`] = message;
    }
    return Object.keys(fields).length > 0 ? fields : null;
  });
}
