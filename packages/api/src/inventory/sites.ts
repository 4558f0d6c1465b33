// Sites: a lab's router in an intranet, with its tinc node name, /24 segment, LAN address, DHCP
// pool and ConnectTo list. Segment allocation happens here.
import {
  type Cidr,
  formatCidr,
  intToIpv4,
  ipv4ToInt,
  nextFreeSegment,
  segmentCount,
  segmentSubnet,
} from "@labnet/model";
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { type FieldMessages, invalidField, notFound } from "../errors";
import type { IdVersionInput } from "../router/lab/lab.schema";
import type { SiteCreateInput, SiteListInput, SiteUpdateInput } from "../router/site/site.schema";
import { assertVersion, assertWritten, type VersionCheck } from "./concurrency";
import { plural } from "./labs";
import { missing, Problems, type Scope } from "./problems";
import {
  connectToProblem,
  dhcpPoolProblem,
  intranetCidr,
  lanIpProblem,
  leaseIpProblem,
  segmentProblem,
  tincNameTaken,
} from "./rules";
import { uniqueConstraintOf, withUniqueBackstop } from "./unique";

type Reader = Database | Transaction;
type SiteFields = Omit<SiteUpdateInput, "id" | "version">;

const siteFields = [
  "intranetId",
  "routerId",
  "tincName",
  "segment",
  "lanIp",
  "publicAddress",
  "publicPort",
  "behindNat",
  "connectTo",
  "dhcpStart",
  "dhcpLimit",
  "leaseTime",
  "dhcpServerId",
] as const;

async function loadIntranet(db: Reader, teamId: string, intranetId: string) {
  const intranet = await db.intranet.findFirst({ where: { id: intranetId, organizationId: teamId } });
  if (!intranet) throw missing("intranetId", "intranet");
  return intranet;
}

/** The next free /24 of an intranet, skipping used and reserved segments. */
export async function nextSegment(db: Reader, teamId: string, intranetId: string) {
  const intranet = await loadIntranet(db, teamId, intranetId);
  const used = await db.site.findMany({ where: { intranetId }, select: { segment: true } });
  const cidr = intranetCidr(intranet.cidr);
  const segment = nextFreeSegment(
    cidr,
    used.map((site) => site.segment),
    intranet.reservedSegments,
  );
  if (segment === null) return { segment: null, subnet: null, lanIp: null };
  return { segment, subnet: formatCidr(segmentSubnet(cidr, segment)), lanIp: routerAddress(cidr, segment) };
}

/** The router takes .1 of its segment unless told otherwise. */
function routerAddress(cidr: Cidr, segment: number): string {
  return intToIpv4(ipv4ToInt(segmentSubnet(cidr, segment).network) + 1);
}

/** Segment and tinc name held by another site of the intranet. */
async function siteConflicts(
  db: Reader,
  teamId: string,
  site: SiteFields,
  excludeId: string | null,
): Promise<FieldMessages> {
  const intranet = await loadIntranet(db, teamId, site.intranetId);
  const others = await db.site.findMany({
    where: {
      intranetId: site.intranetId,
      ...(excludeId ? { id: { not: excludeId } } : {}),
      OR: [{ segment: site.segment }, { tincName: site.tincName }],
    },
    select: { tincName: true, segment: true },
  });
  const fields: FieldMessages = {};
  const holder = others.find((other) => other.segment === site.segment);
  if (holder) fields.segment = segmentProblem({ ...intranet, reservedSegments: [] }, site.segment, holder)!;
  if (others.some((other) => other.tincName === site.tincName))
    fields.tincName = tincNameTaken(site.tincName, intranet.name);
  return fields;
}

async function checkSite(
  db: Reader,
  teamId: string,
  site: SiteFields,
  siteId: string | null,
  conflicts?: FieldMessages,
) {
  const intranet = await loadIntranet(db, teamId, site.intranetId);
  const [router, dhcpServer, peers] = await Promise.all([
    db.machine.findFirst({ where: { id: site.routerId, organizationId: teamId }, select: { kind: true } }),
    site.dhcpServerId
      ? db.machine.findFirst({
          where: { id: site.dhcpServerId, organizationId: teamId },
          select: { id: true },
        })
      : null,
    db.site.findMany({
      where: { id: { in: site.connectTo }, organizationId: teamId },
      select: { id: true, intranetId: true, tincName: true },
    }),
  ]);
  const taken = conflicts ?? (await siteConflicts(db, teamId, site, siteId));
  const problems = new Problems()
    .invalid(
      "routerId",
      !router
        ? "router not found in this team"
        : router.kind !== "router"
          ? "a site is served by a router machine"
          : null,
    )
    .invalid("dhcpServerId", site.dhcpServerId && !dhcpServer ? "machine not found in this team" : null)
    .invalid("segment", segmentProblem(intranet, site.segment, null))
    .merge(taken, "taken")
    .invalid("dhcpLimit", dhcpPoolProblem(site.dhcpStart, site.dhcpLimit))
    .invalid(
      "connectTo",
      connectToProblem({ id: siteId, intranetId: site.intranetId }, site.connectTo, peers),
    );
  if (!("segment" in problems.fields) && !("dhcpLimit" in problems.fields)) {
    problems.invalid("lanIp", lanIpProblem({ ...site, intranetCidr: intranet.cidr }));
  }
  problems.throwIfAny();
  return intranet;
}

function snapshot(site: SiteFields & { id: string; version: number }) {
  const { id, intranetId, routerId, tincName, segment, lanIp, publicAddress, publicPort, behindNat } = site;
  const { connectTo, dhcpStart, dhcpLimit, leaseTime, dhcpServerId, version } = site;
  return {
    id,
    intranetId,
    routerId,
    tincName,
    segment,
    lanIp,
    publicAddress,
    publicPort,
    behindNat,
    connectTo,
    dhcpStart,
    dhcpLimit,
    leaseTime,
    dhcpServerId,
    version,
  };
}

function siteData(site: SiteFields) {
  const { connectTo: _connectTo, ...data } = site;
  return data;
}

async function writeConnectTo(tx: Transaction, siteId: string, peers: string[]) {
  await tx.siteConnect.deleteMany({ where: { siteId } });
  if (peers.length > 0) {
    await tx.siteConnect.createMany({
      data: peers.map((peerId, position) => ({ siteId, peerId, position })),
    });
  }
}

/** A concurrent request took the segment picked for us: pick the next one. */
class SegmentTaken extends Error {}

export async function createSite(scope: Scope, input: SiteCreateInput) {
  let resolved: SiteFields | null = null;
  const attempt = () =>
    auditedTransaction(scope, async (tx, record) => {
      let { segment, lanIp } = input;
      if (segment === undefined) {
        const next = await nextSegment(tx, scope.teamId, input.intranetId);
        if (next.segment === null)
          throw invalidField("segment", "the intranet has no free segment left", "CONFLICT");
        segment = next.segment;
      }
      if (lanIp === undefined) {
        const cidr = intranetCidr((await loadIntranet(tx, scope.teamId, input.intranetId)).cidr);
        // An out-of-range segment is reported on its own field; the LAN address follows it.
        lanIp = segment < segmentCount(cidr) ? routerAddress(cidr, segment) : "0.0.0.0";
      }
      const site: SiteFields = { ...input, segment, lanIp };
      resolved = site;
      const conflicts = await siteConflicts(tx, scope.teamId, site, null);
      if (input.segment === undefined && conflicts.segment) throw new SegmentTaken();
      await checkSite(tx, scope.teamId, site, null, conflicts);
      const row = await tx.site.create({ data: { organizationId: scope.teamId, ...siteData(site) } });
      await writeConnectTo(tx, row.id, site.connectTo);
      const after = snapshot({ ...site, id: row.id, version: row.version });
      record({ action: "site.create", entityType: "site", entityId: row.id, after });
      return after;
    });
  return withUniqueBackstop(
    async () => {
      // Without a segment, a concurrent request may take the one we picked: pick again.
      for (let tries = 1; ; tries++) {
        try {
          return await attempt();
        } catch (error) {
          const lostRace =
            error instanceof SegmentTaken || uniqueConstraintOf(error) === "site_intranetId_segment_key";
          if (!(input.segment === undefined && lostRace && tries < 20)) throw error;
        }
      }
    },
    async () => (resolved ? siteConflicts(scope.db, scope.teamId, resolved, null) : null),
  );
}

export async function updateSite(scope: Scope, input: SiteUpdateInput) {
  const { id, version, ...site } = input;
  const check: VersionCheck = {
    entity: { type: "site", label: "site", id },
    version,
    submitted: site,
    fields: siteFields,
  };
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const where = { id, organizationId: scope.teamId };
        const current = await tx.site.findFirst({
          where,
          include: { connectTo: { orderBy: { position: "asc" }, select: { peerId: true } } },
        });
        if (!current) throw notFound("Site");
        const currentFields = { ...current, connectTo: current.connectTo.map((edge) => edge.peerId) };
        await assertVersion(tx, scope.teamId, check, currentFields);
        const intranet = await checkSite(tx, scope.teamId, site, id);
        // Existing leases must still fit: same subnet, outside the (possibly moved) pool.
        const leases = await tx.staticLease.findMany({
          where: { siteId: id },
          select: { hostname: true, ip: true },
        });
        const misfit = leases
          .map((lease) => ({
            lease,
            problem: leaseIpProblem({ ...site, intranetCidr: intranet.cidr }, lease.ip),
          }))
          .find((entry) => entry.problem);
        if (misfit) {
          const field =
            site.segment !== current.segment || site.intranetId !== current.intranetId
              ? "segment"
              : "dhcpStart";
          throw invalidField(
            field,
            `lease ${misfit.lease.hostname} would break: ${misfit.problem}. Move or delete it first`,
          );
        }
        const { count } = await tx.site.updateMany({
          where: { ...where, version },
          data: { ...siteData(site), version: { increment: 1 } },
        });
        await assertWritten(tx, scope.teamId, check, count, () => tx.site.findFirst({ where }));
        await writeConnectTo(tx, id, site.connectTo);
        const after = snapshot({ ...site, id, version: version + 1 });
        record({
          action: "site.update",
          entityType: "site",
          entityId: id,
          before: snapshot(currentFields as SiteFields & { id: string; version: number }),
          after,
        });
        return after;
      }),
    () => siteConflicts(scope.db, scope.teamId, site, id),
  );
}

export async function siteDependents(db: Reader, teamId: string, id: string) {
  const site = await db.site.findFirst({
    where: { id, organizationId: teamId },
    select: {
      tincName: true,
      _count: { select: { leases: true } },
      connectedFrom: { select: { site: { select: { tincName: true } } } },
    },
  });
  if (!site) throw notFound("Site");
  return {
    name: site.tincName,
    dependents: [
      ...(site._count.leases > 0 ? [plural(site._count.leases, "static lease")] : []),
      ...(site.connectedFrom.length > 0
        ? [
            `the ConnectTo entries of ${site.connectedFrom.map((edge) => edge.site.tincName).join(", ")} pointing at ${site.tincName}`,
          ]
        : []),
    ],
  };
}

export async function deleteSite(scope: Scope, input: IdVersionInput) {
  const check: VersionCheck = {
    entity: { type: "site", label: "site", id: input.id },
    version: input.version,
    submitted: {},
    fields: siteFields,
  };
  return auditedTransaction(scope, async (tx, record) => {
    const where = { id: input.id, organizationId: scope.teamId };
    const current = await tx.site.findFirst({ where });
    if (!current) throw notFound("Site");
    const { dependents } = await siteDependents(tx, scope.teamId, input.id);
    const { count } = await tx.site.deleteMany({ where: { ...where, version: input.version } });
    await assertWritten(tx, scope.teamId, check, count, async () => current);
    record({
      action: "site.delete",
      entityType: "site",
      entityId: input.id,
      before: { id: current.id, tincName: current.tincName, segment: current.segment, removed: dependents },
    });
    return { id: input.id, removed: dependents };
  });
}

/** Sites across the team (lease filters and forms pick from here). */
export async function listSites(db: Database, teamId: string, input: SiteListInput) {
  const where = { organizationId: teamId, ...(input.intranetId ? { intranetId: input.intranetId } : {}) };
  const [total, items] = await db.$transaction([
    db.site.count({ where }),
    db.site.findMany({
      where,
      orderBy: [{ tincName: "asc" }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: {
        id: true,
        tincName: true,
        segment: true,
        lanIp: true,
        dhcpStart: true,
        dhcpLimit: true,
        intranet: { select: { id: true, name: true, cidr: true } },
      },
    }),
  ]);
  return {
    items: items.map(({ intranet, ...site }) => ({
      ...site,
      intranetId: intranet.id,
      intranetName: intranet.name,
      subnet: formatCidr(segmentSubnet(intranetCidr(intranet.cidr), site.segment)),
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
