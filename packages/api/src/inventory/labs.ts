// Labs (notebooks): create, edit, delete with the list of what goes with them, and the lab detail
// the dashboard's tabs are drawn from.
import { type FirewallRule, type Sqm, type UplinkHop, withoutCredentialOptions } from "@labnet/model";
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { notFound } from "../errors";
import type { IdVersionInput, LabCreateInput, LabUpdateInput } from "../router/lab/lab.schema";
import { assertVersion, assertWritten, type VersionCheck } from "./concurrency";
import { Problems, type Scope } from "./problems";
import { withUniqueBackstop } from "./unique";

type Reader = Database | Transaction;

const labFields = ["name", "owner", "cpuCores", "ramMb", "windowsBuild", "notes"] as const;

function labSnapshot(row: LabCreateInput & { id: string; version: number }) {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    cpuCores: row.cpuCores,
    ramMb: row.ramMb,
    windowsBuild: row.windowsBuild,
    notes: row.notes,
    version: row.version,
  };
}

async function labNameProblem(db: Reader, teamId: string, name: string, excludeId: string | null) {
  const other = await db.lab.findFirst({
    where: { organizationId: teamId, name, ...(excludeId ? { id: { not: excludeId } } : {}) },
    select: { id: true },
  });
  return other ? `a lab named ${name} already exists in this team` : null;
}

function explainLabName(db: Database, teamId: string, name: string) {
  return async () => {
    const message = await labNameProblem(db, teamId, name, null);
    return message ? { name: message } : null;
  };
}

export async function createLab(scope: Scope, input: LabCreateInput) {
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        new Problems().taken("name", await labNameProblem(tx, scope.teamId, input.name, null)).throwIfAny();
        const row = await tx.lab.create({ data: { organizationId: scope.teamId, ...input } });
        record({ action: "lab.create", entityType: "lab", entityId: row.id, after: labSnapshot(row) });
        return labSnapshot(row);
      }),
    explainLabName(scope.db, scope.teamId, input.name),
  );
}

export async function updateLab(scope: Scope, input: LabUpdateInput) {
  const { id, version, ...fields } = input;
  const check: VersionCheck = {
    entity: { type: "lab", label: "lab", id },
    version,
    submitted: fields,
    fields: labFields,
  };
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const where = { id, organizationId: scope.teamId };
        const current = await tx.lab.findFirst({ where });
        if (!current) throw notFound("Lab");
        await assertVersion(tx, scope.teamId, check, current);
        new Problems().taken("name", await labNameProblem(tx, scope.teamId, fields.name, id)).throwIfAny();
        const { count } = await tx.lab.updateMany({
          where: { ...where, version },
          data: { ...fields, version: { increment: 1 } },
        });
        await assertWritten(tx, scope.teamId, check, count, () => tx.lab.findFirst({ where }));
        const after = labSnapshot({ ...fields, id, version: version + 1 });
        record({
          action: "lab.update",
          entityType: "lab",
          entityId: id,
          before: labSnapshot(current),
          after,
        });
        return after;
      }),
    explainLabName(scope.db, scope.teamId, fields.name),
  );
}

/** What deleting a lab takes with it: the confirmation dialog lists these lines. */
export async function labDependents(db: Reader, teamId: string, id: string) {
  const lab = await db.lab.findFirst({
    where: { id, organizationId: teamId },
    select: {
      name: true,
      machines: { select: { name: true, _count: { select: { nics: true } } }, orderBy: { name: "asc" } },
      _count: { select: { vswitches: true } },
    },
  });
  if (!lab) throw notFound("Lab");
  const sites = await db.site.findMany({
    where: { organizationId: teamId, router: { labId: id } },
    select: { tincName: true, _count: { select: { leases: true } } },
    orderBy: { tincName: "asc" },
  });
  const nics = lab.machines.reduce((sum, machine) => sum + machine._count.nics, 0);
  return {
    name: lab.name,
    dependents: [
      ...(lab.machines.length > 0
        ? [`${plural(lab.machines.length, "machine")} (${lab.machines.map((m) => m.name).join(", ")})`]
        : []),
      ...(nics > 0 ? [plural(nics, "NIC")] : []),
      ...(lab._count.vswitches > 0 ? [plural(lab._count.vswitches, "vSwitch", "vSwitches")] : []),
      ...sites.map((site) => `site ${site.tincName} and its ${plural(site._count.leases, "lease")}`),
    ],
  };
}

export async function deleteLab(scope: Scope, input: IdVersionInput) {
  const check: VersionCheck = {
    entity: { type: "lab", label: "lab", id: input.id },
    version: input.version,
    submitted: {},
    fields: labFields,
  };
  return auditedTransaction(scope, async (tx, record) => {
    const where = { id: input.id, organizationId: scope.teamId };
    const current = await tx.lab.findFirst({ where });
    if (!current) throw notFound("Lab");
    const { dependents } = await labDependents(tx, scope.teamId, input.id);
    // Sites reference their router with a cascade; removing the lab removes its machines first.
    const { count } = await tx.lab.deleteMany({ where: { ...where, version: input.version } });
    await assertWritten(tx, scope.teamId, check, count, async () => current);
    record({
      action: "lab.delete",
      entityType: "lab",
      entityId: input.id,
      before: { ...labSnapshot(current), removed: dependents },
    });
    return { id: input.id, removed: dependents };
  });
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** Everything the lab page's tabs show, in one round of queries. */
export async function labDetail(db: Database, teamId: string, id: string) {
  const lab = await db.lab.findFirst({
    where: { id, organizationId: teamId },
    include: {
      machines: {
        orderBy: { name: "asc" },
        include: {
          router: {
            include: { uplink: { orderBy: { position: "asc" } }, shares: { orderBy: { name: "asc" } } },
          },
          nics: { orderBy: { name: "asc" } },
        },
      },
      vswitches: { orderBy: { name: "asc" } },
    },
  });
  if (!lab) throw notFound("Lab");
  const routerIds = lab.machines.filter((machine) => machine.kind === "router").map((machine) => machine.id);
  const sites =
    routerIds.length === 0
      ? []
      : await db.site.findMany({
          where: { organizationId: teamId, routerId: { in: routerIds } },
          orderBy: { tincName: "asc" },
          include: {
            intranet: { select: { id: true, name: true, cidr: true } },
            leases: { orderBy: { hostname: "asc" } },
            _count: { select: { connectTo: true } },
          },
        });
  const { machines, vswitches, ...labFieldsOnly } = lab;
  return {
    lab: labFieldsOnly,
    machines: machines.map(({ router, nics, ...machine }) => ({
      ...machine,
      nics,
      router: router && {
        ...router,
        rules: router.rules as unknown as FirewallRule[],
        sqm: router.sqm as unknown as Sqm | null,
        uplink: router.uplink.map((hop) => ({
          ...hop,
          portForwards: hop.portForwards as unknown as UplinkHop["portForwards"],
        })),
        // A share stored before secrets were refused may still hold one: viewers never see it.
        shares: router.shares.map((share) => ({
          ...share,
          mountOptions: withoutCredentialOptions(share.mountOptions),
        })),
      },
    })),
    vswitches,
    sites: sites.map(({ _count, ...site }) => ({ ...site, connectToCount: _count.connectTo })),
  };
}
