// Intranets: tinc networks whose CIDR is carved into /24 site segments.
import { segmentCount } from "@labnet/model";
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { type FieldMessages, notFound } from "../errors";
import type { IntranetCreateInput, IntranetUpdateInput } from "../router/intranet/intranet.schema";
import type { IdVersionInput } from "../router/lab/lab.schema";
import { assertVersion, assertWritten, type VersionCheck } from "./concurrency";
import { plural } from "./labs";
import { Problems, type Scope } from "./problems";
import { intranetCidr, intranetCidrProblem, intranetOverlapProblem } from "./rules";
import { withUniqueBackstop } from "./unique";

type Reader = Database | Transaction;

const intranetFields = [
  "name",
  "netname",
  "cidr",
  "mode",
  "port",
  "pmtuDiscovery",
  "clampMss",
  "cipher",
  "reservedSegments",
] as const;

type IntranetRow = Omit<IntranetCreateInput, "mode"> & { mode: string; id: string; version: number };

function snapshot(row: IntranetRow) {
  const { id, name, netname, cidr, mode, port, pmtuDiscovery, clampMss, cipher, reservedSegments, version } =
    row;
  return { id, name, netname, cidr, mode, port, pmtuDiscovery, clampMss, cipher, reservedSegments, version };
}

async function nameConflicts(
  db: Reader,
  teamId: string,
  input: { name: string; netname: string },
  excludeId: string | null,
) {
  const others = await db.intranet.findMany({
    where: {
      organizationId: teamId,
      ...(excludeId ? { id: { not: excludeId } } : {}),
      OR: [{ name: input.name }, { netname: input.netname }],
    },
    select: { name: true, netname: true },
  });
  const fields: FieldMessages = {};
  for (const other of others) {
    if (other.name === input.name) fields.name ??= `an intranet named ${input.name} already exists`;
    if (other.netname === input.netname)
      fields.netname ??= `netname ${input.netname} is already used by intranet ${other.name}`;
  }
  return fields;
}

async function overlapProblem(db: Reader, teamId: string, cidr: string, excludeId: string | null) {
  const others = await db.intranet.findMany({
    where: { organizationId: teamId, ...(excludeId ? { id: { not: excludeId } } : {}) },
    select: { name: true, cidr: true },
  });
  return intranetOverlapProblem(cidr, others);
}

export async function createIntranet(scope: Scope, input: IntranetCreateInput) {
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        new Problems()
          .invalid(
            "cidr",
            intranetCidrProblem(input.cidr) ?? (await overlapProblem(tx, scope.teamId, input.cidr, null)),
          )
          .merge(await nameConflicts(tx, scope.teamId, input, null), "taken")
          .throwIfAny();
        const row = await tx.intranet.create({ data: { organizationId: scope.teamId, ...input } });
        const after = snapshot(row);
        record({ action: "intranet.create", entityType: "intranet", entityId: row.id, after });
        return after;
      }),
    () => nameConflicts(scope.db, scope.teamId, input, null),
  );
}

export async function updateIntranet(scope: Scope, input: IntranetUpdateInput) {
  const { id, version, ...fields } = input;
  const check: VersionCheck = {
    entity: { type: "intranet", label: "intranet", id },
    version,
    submitted: fields,
    fields: intranetFields,
  };
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const where = { id, organizationId: scope.teamId };
        const current = await tx.intranet.findFirst({ where });
        if (!current) throw notFound("Intranet");
        await assertVersion(tx, scope.teamId, check, current);
        const sites = await tx.site.findMany({
          where: { intranetId: id },
          select: { tincName: true, segment: true },
        });
        const reservedInUse = sites.find((site) => fields.reservedSegments.includes(site.segment));
        new Problems()
          .invalid(
            "cidr",
            intranetCidrProblem(fields.cidr) ?? (await overlapProblem(tx, scope.teamId, fields.cidr, id)),
          )
          .invalid(
            "cidr",
            fields.cidr !== current.cidr && sites.length > 0
              ? `the intranet has ${plural(sites.length, "site")}: their addresses derive from the CIDR, so move or delete them first`
              : null,
          )
          .invalid(
            "reservedSegments",
            reservedInUse
              ? `segment ${reservedInUse.segment} is used by site ${reservedInUse.tincName}`
              : null,
          )
          .merge(await nameConflicts(tx, scope.teamId, fields, id), "taken")
          .throwIfAny();
        const { count } = await tx.intranet.updateMany({
          where: { ...where, version },
          data: { ...fields, version: { increment: 1 } },
        });
        await assertWritten(tx, scope.teamId, check, count, () => tx.intranet.findFirst({ where }));
        const after = snapshot({ ...fields, id, version: version + 1 });
        record({
          action: "intranet.update",
          entityType: "intranet",
          entityId: id,
          before: snapshot(current),
          after,
        });
        return after;
      }),
    () => nameConflicts(scope.db, scope.teamId, fields, id),
  );
}

export async function intranetDependents(db: Reader, teamId: string, id: string) {
  const intranet = await db.intranet.findFirst({
    where: { id, organizationId: teamId },
    select: { name: true, sites: { select: { tincName: true, _count: { select: { leases: true } } } } },
  });
  if (!intranet) throw notFound("Intranet");
  const leases = intranet.sites.reduce((sum, site) => sum + site._count.leases, 0);
  return {
    name: intranet.name,
    dependents: [
      ...(intranet.sites.length > 0
        ? [`${plural(intranet.sites.length, "site")} (${intranet.sites.map((s) => s.tincName).join(", ")})`]
        : []),
      ...(leases > 0 ? [plural(leases, "static lease")] : []),
    ],
  };
}

export async function deleteIntranet(scope: Scope, input: IdVersionInput) {
  const check: VersionCheck = {
    entity: { type: "intranet", label: "intranet", id: input.id },
    version: input.version,
    submitted: {},
    fields: intranetFields,
  };
  return auditedTransaction(scope, async (tx, record) => {
    const where = { id: input.id, organizationId: scope.teamId };
    const current = await tx.intranet.findFirst({ where });
    if (!current) throw notFound("Intranet");
    const { dependents } = await intranetDependents(tx, scope.teamId, input.id);
    const { count } = await tx.intranet.deleteMany({ where: { ...where, version: input.version } });
    await assertWritten(tx, scope.teamId, check, count, async () => current);
    record({
      action: "intranet.delete",
      entityType: "intranet",
      entityId: input.id,
      before: { ...snapshot(current), removed: dependents },
    });
    return { id: input.id, removed: dependents };
  });
}

export async function listIntranets(db: Database, teamId: string, input: { page: number; pageSize: number }) {
  const where = { organizationId: teamId };
  const [total, rows] = await db.$transaction([
    db.intranet.count({ where }),
    db.intranet.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: { _count: { select: { sites: true } } },
    }),
  ]);
  return {
    items: rows.map(({ _count, ...row }) => ({
      ...row,
      siteCount: _count.sites,
      segmentCount: segmentCount(intranetCidr(row.cidr)),
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** The intranet page: its settings and every site (at most one per /24 segment). */
export async function intranetDetail(db: Database, teamId: string, id: string) {
  const intranet = await db.intranet.findFirst({ where: { id, organizationId: teamId } });
  if (!intranet) throw notFound("Intranet");
  const sites = await db.site.findMany({
    where: { intranetId: id },
    orderBy: { segment: "asc" },
    include: {
      router: { select: { id: true, name: true, labId: true, lab: { select: { name: true } } } },
      connectTo: { orderBy: { position: "asc" }, select: { peerId: true } },
      _count: { select: { leases: true } },
    },
  });
  return {
    intranet: { ...intranet, segmentCount: segmentCount(intranetCidr(intranet.cidr)) },
    sites: sites.map(({ _count, connectTo, router, ...site }) => ({
      ...site,
      connectTo: connectTo.map((edge) => edge.peerId),
      routerName: router.name,
      labId: router.labId,
      labName: router.lab.name,
      leaseCount: _count.leases,
    })),
  };
}
