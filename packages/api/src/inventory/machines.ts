// Machines of a lab: the Hyper-V host, the OpenWrt router VM, utility VMs and physical devices.
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { notFound } from "../errors";
import type { IdVersionInput } from "../router/lab/lab.schema";
import type {
  MachineCreateInput,
  MachineListInput,
  MachineUpdateInput,
} from "../router/machine/machine.schema";
import { assertVersion, assertWritten, type VersionCheck } from "./concurrency";
import { plural } from "./labs";
import { missing, Problems, type Scope } from "./problems";
import { withUniqueBackstop } from "./unique";

type Reader = Database | Transaction;

const machineFields = ["name", "cpuCores", "ramMb", "os"] as const;

function machineSnapshot(row: {
  id: string;
  labId: string;
  name: string;
  kind: string;
  cpuCores: number | null;
  ramMb: number | null;
  os: string;
  version: number;
}) {
  const { id, labId, name, kind, cpuCores, ramMb, os, version } = row;
  return { id, labId, name, kind, cpuCores, ramMb, os, version };
}

async function machineNameProblem(db: Reader, labId: string, name: string, excludeId: string | null) {
  const other = await db.machine.findFirst({
    where: { labId, name, ...(excludeId ? { id: { not: excludeId } } : {}) },
    select: { id: true },
  });
  return other ? `this lab already has a machine named ${name}` : null;
}

export async function createMachine(scope: Scope, input: MachineCreateInput) {
  const { labId, kind, openwrtVersion, ...fields } = input;
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const lab = await tx.lab.findFirst({
          where: { id: labId, organizationId: scope.teamId },
          select: { id: true },
        });
        if (!lab) throw missing("labId", "lab");
        new Problems()
          .invalid(
            "openwrtVersion",
            kind === "router" && !openwrtVersion
              ? "a router needs its OpenWrt version (e.g. 23.05.3): it decides the config syntax"
              : null,
          )
          .taken("name", await machineNameProblem(tx, labId, fields.name, null))
          .throwIfAny();
        const row = await tx.machine.create({
          data: {
            organizationId: scope.teamId,
            labId,
            kind,
            ...fields,
            ...(kind === "router" ? { router: { create: { openwrtVersion: openwrtVersion! } } } : {}),
          },
        });
        const after = { ...machineSnapshot(row), openwrtVersion: openwrtVersion ?? null };
        record({ action: "machine.create", entityType: "machine", entityId: row.id, after });
        return machineSnapshot(row);
      }),
    async () => {
      const message = await machineNameProblem(scope.db, labId, fields.name, null);
      return message ? { name: message } : null;
    },
  );
}

export async function updateMachine(scope: Scope, input: MachineUpdateInput) {
  const { id, version, ...fields } = input;
  const check: VersionCheck = {
    entity: { type: "machine", label: "machine", id },
    version,
    submitted: fields,
    fields: machineFields,
  };
  let labId = "";
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const where = { id, organizationId: scope.teamId };
        const current = await tx.machine.findFirst({ where });
        if (!current) throw notFound("Machine");
        labId = current.labId;
        await assertVersion(tx, scope.teamId, check, current);
        new Problems()
          .taken("name", await machineNameProblem(tx, current.labId, fields.name, id))
          .throwIfAny();
        const { count } = await tx.machine.updateMany({
          where: { ...where, version },
          data: { ...fields, version: { increment: 1 } },
        });
        await assertWritten(tx, scope.teamId, check, count, () => tx.machine.findFirst({ where }));
        const after = machineSnapshot({ ...current, ...fields, version: version + 1 });
        record({
          action: "machine.update",
          entityType: "machine",
          entityId: id,
          before: machineSnapshot(current),
          after,
        });
        return after;
      }),
    async () => {
      const message = labId ? await machineNameProblem(scope.db, labId, fields.name, id) : null;
      return message ? { name: message } : null;
    },
  );
}

export async function machineDependents(db: Reader, teamId: string, id: string) {
  const machine = await db.machine.findFirst({
    where: { id, organizationId: teamId },
    select: {
      name: true,
      nics: { select: { name: true, _count: { select: { leases: true } } }, orderBy: { name: "asc" } },
      sites: {
        select: { tincName: true, _count: { select: { leases: true } } },
        orderBy: { tincName: "asc" },
      },
      dhcpSites: { select: { tincName: true } },
      router: { select: { _count: { select: { uplink: true, shares: true } } } },
    },
  });
  if (!machine) throw notFound("Machine");
  const linkedLeases = machine.nics.reduce((sum, nic) => sum + nic._count.leases, 0);
  return {
    name: machine.name,
    dependents: [
      ...(machine.nics.length > 0
        ? [`${plural(machine.nics.length, "NIC")} (${machine.nics.map((nic) => nic.name).join(", ")})`]
        : []),
      ...machine.sites.map((site) => `site ${site.tincName} and its ${plural(site._count.leases, "lease")}`),
      ...(machine.router && machine.router._count.uplink > 0
        ? [`the uplink chain (${plural(machine.router._count.uplink, "hop")})`]
        : []),
      ...(machine.router && machine.router._count.shares > 0
        ? [plural(machine.router._count.shares, "samba share")]
        : []),
      ...(linkedLeases > 0
        ? [
            `${plural(linkedLeases, "lease")} ${linkedLeases === 1 ? "keeps its" : "keep their"} address but lose${linkedLeases === 1 ? "s" : ""} the NIC link`,
          ]
        : []),
      ...machine.dhcpSites.map((site) => `site ${site.tincName} falls back to the router's DHCP`),
    ],
  };
}

export async function deleteMachine(scope: Scope, input: IdVersionInput) {
  const check: VersionCheck = {
    entity: { type: "machine", label: "machine", id: input.id },
    version: input.version,
    submitted: {},
    fields: machineFields,
  };
  return auditedTransaction(scope, async (tx, record) => {
    const where = { id: input.id, organizationId: scope.teamId };
    const current = await tx.machine.findFirst({ where });
    if (!current) throw notFound("Machine");
    const { dependents } = await machineDependents(tx, scope.teamId, input.id);
    const { count } = await tx.machine.deleteMany({ where: { ...where, version: input.version } });
    await assertWritten(tx, scope.teamId, check, count, async () => current);
    record({
      action: "machine.delete",
      entityType: "machine",
      entityId: input.id,
      before: { ...machineSnapshot(current), removed: dependents },
    });
    return { id: input.id, removed: dependents };
  });
}

/** Machines across the team (the site form picks its router here). */
export async function listMachines(db: Database, teamId: string, input: MachineListInput) {
  const where = {
    organizationId: teamId,
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {}),
  };
  const [total, items] = await db.$transaction([
    db.machine.count({ where }),
    db.machine.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: { id: true, name: true, kind: true, labId: true, lab: { select: { name: true } } },
    }),
  ]);
  return {
    items: items.map(({ lab, ...machine }) => ({ ...machine, labName: lab.name })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
