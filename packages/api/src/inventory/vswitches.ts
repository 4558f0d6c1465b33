// Hyper-V virtual switches of a lab. External switches are bound to a physical adapter whose
// medium matters (Wi-Fi rewrites VM MACs); the Default Switch is Hyper-V's own NAT.
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { notFound } from "../errors";
import type { IdVersionInput } from "../router/lab/lab.schema";
import type { VSwitchCreateInput, VSwitchUpdateInput } from "../router/vswitch/vswitch.schema";
import { assertVersion, assertWritten, type VersionCheck } from "./concurrency";
import { plural } from "./labs";
import { missing, Problems, type Scope } from "./problems";
import { withUniqueBackstop } from "./unique";

type Reader = Database | Transaction;
type VSwitchFields = Omit<VSwitchCreateInput, "labId">;

const vswitchFields = ["name", "type", "adapterName", "adapterMedium", "allowManagementOS"] as const;

interface VSwitchRow {
  id: string;
  labId: string;
  name: string;
  type: string;
  adapterName: string | null;
  adapterMedium: string | null;
  allowManagementOS: boolean;
  version: number;
}

function snapshot(row: VSwitchRow) {
  const { id, labId, name, type, adapterName, adapterMedium, allowManagementOS, version } = row;
  return { id, labId, name, type, adapterName, adapterMedium, allowManagementOS, version };
}

async function checkVSwitch(db: Reader, labId: string, input: VSwitchFields, excludeId: string | null) {
  const others = await db.vSwitch.findMany({
    where: { labId, ...(excludeId ? { id: { not: excludeId } } : {}) },
    select: { name: true, type: true },
  });
  const external = input.type === "external";
  new Problems()
    .invalid(
      "adapterName",
      external && !input.adapterName ? "an external switch is bound to an adapter: name it" : null,
    )
    .invalid(
      "adapterMedium",
      external && !input.adapterMedium
        ? "say whether the adapter is Ethernet or Wi-Fi (Wi-Fi rewrites VM MACs)"
        : !external && input.adapterMedium
          ? "only external switches have an adapter"
          : null,
    )
    .taken(
      "name",
      others.some((o) => o.name === input.name) ? `this lab already has a vSwitch named ${input.name}` : null,
    )
    .taken(
      "type",
      input.type === "default" && others.some((o) => o.type === "default")
        ? "a lab has one Hyper-V Default Switch"
        : null,
    )
    .throwIfAny();
}

function normalise<T extends VSwitchFields>(input: T): T {
  return input.type === "external" ? input : { ...input, adapterName: null, adapterMedium: null };
}

export async function createVSwitch(scope: Scope, raw: VSwitchCreateInput) {
  const input = normalise(raw);
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const lab = await tx.lab.findFirst({ where: { id: input.labId, organizationId: scope.teamId } });
        if (!lab) throw missing("labId", "lab");
        await checkVSwitch(tx, input.labId, input, null);
        const row = await tx.vSwitch.create({ data: { organizationId: scope.teamId, ...input } });
        record({ action: "vswitch.create", entityType: "vswitch", entityId: row.id, after: snapshot(row) });
        return snapshot(row);
      }),
    async () => ({ name: `this lab already has a vSwitch named ${input.name}` }),
  );
}

export async function updateVSwitch(scope: Scope, raw: VSwitchUpdateInput) {
  const { id, version, ...fields } = normalise(raw);
  const check: VersionCheck = {
    entity: { type: "vswitch", label: "vSwitch", id },
    version,
    submitted: fields,
    fields: vswitchFields,
  };
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const where = { id, organizationId: scope.teamId };
        const current = await tx.vSwitch.findFirst({ where });
        if (!current) throw notFound("vSwitch");
        await assertVersion(tx, scope.teamId, check, current);
        await checkVSwitch(tx, current.labId, fields, id);
        const { count } = await tx.vSwitch.updateMany({
          where: { ...where, version },
          data: { ...fields, version: { increment: 1 } },
        });
        await assertWritten(tx, scope.teamId, check, count, () => tx.vSwitch.findFirst({ where }));
        const after = snapshot({ ...current, ...fields, version: version + 1 });
        record({
          action: "vswitch.update",
          entityType: "vswitch",
          entityId: id,
          before: snapshot(current),
          after,
        });
        return after;
      }),
    async () => ({ name: `this lab already has a vSwitch named ${fields.name}` }),
  );
}

export async function vswitchDependents(db: Reader, teamId: string, id: string) {
  const vswitch = await db.vSwitch.findFirst({
    where: { id, organizationId: teamId },
    select: { name: true, nics: { select: { name: true, machine: { select: { name: true } } } } },
  });
  if (!vswitch) throw notFound("vSwitch");
  return {
    name: vswitch.name,
    dependents:
      vswitch.nics.length > 0
        ? [
            `${plural(vswitch.nics.length, "NIC")} will be disconnected (${vswitch.nics
              .map((nic) => `${nic.machine.name} ${nic.name}`)
              .join(", ")})`,
          ]
        : [],
  };
}

export async function deleteVSwitch(scope: Scope, input: IdVersionInput) {
  const check: VersionCheck = {
    entity: { type: "vswitch", label: "vSwitch", id: input.id },
    version: input.version,
    submitted: {},
    fields: vswitchFields,
  };
  return auditedTransaction(scope, async (tx, record) => {
    const where = { id: input.id, organizationId: scope.teamId };
    const current = await tx.vSwitch.findFirst({ where });
    if (!current) throw notFound("vSwitch");
    const { dependents } = await vswitchDependents(tx, scope.teamId, input.id);
    const { count } = await tx.vSwitch.deleteMany({ where: { ...where, version: input.version } });
    await assertWritten(tx, scope.teamId, check, count, async () => current);
    record({
      action: "vswitch.delete",
      entityType: "vswitch",
      entityId: input.id,
      before: { ...snapshot(current), removed: dependents },
    });
    return { id: input.id, removed: dependents };
  });
}
