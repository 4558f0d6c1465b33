// NICs: a machine's port on a vSwitch. MAC unique per team (any notation in, one canonical form
// stored); LAN/WAN roles only on routers; a static IP only with static-ip addressing.
import { auditedTransaction, type Transaction } from "../audit";
import type { Database } from "../db";
import { type FieldMessages, notFound } from "../errors";
import type { IdVersionInput } from "../router/lab/lab.schema";
import type { NicCreateInput, NicUpdateInput } from "../router/nic/nic.schema";
import { assertVersion, assertWritten, type VersionCheck } from "./concurrency";
import { missing, Problems, type Scope } from "./problems";
import { nicMacTaken } from "./rules";
import { withUniqueBackstop } from "./unique";

type Reader = Database | Transaction;
type NicFields = Omit<NicCreateInput, "machineId">;

const nicFields = [
  "vswitchId",
  "name",
  "mac",
  "macSpoofing",
  "vlanId",
  "mtu",
  "role",
  "addressing",
  "staticIp",
] as const;

interface NicRow {
  id: string;
  machineId: string;
  vswitchId: string | null;
  name: string;
  mac: string;
  macSpoofing: boolean;
  vlanId: number | null;
  mtu: number;
  role: string | null;
  addressing: string;
  staticIp: string | null;
  version: number;
}

function snapshot(row: NicRow) {
  const {
    id,
    machineId,
    vswitchId,
    name,
    mac,
    macSpoofing,
    vlanId,
    mtu,
    role,
    addressing,
    staticIp,
    version,
  } = row;
  return {
    id,
    machineId,
    vswitchId,
    name,
    mac,
    macSpoofing,
    vlanId,
    mtu,
    role,
    addressing,
    staticIp,
    version,
  };
}

async function nicConflicts(
  db: Reader,
  teamId: string,
  machineId: string,
  input: Pick<NicFields, "mac" | "name">,
  excludeId: string | null,
): Promise<FieldMessages> {
  const others = await db.nic.findMany({
    where: {
      organizationId: teamId,
      ...(excludeId ? { id: { not: excludeId } } : {}),
      OR: [{ mac: input.mac }, { machineId, name: input.name }],
    },
    select: { mac: true, name: true, machineId: true, machine: { select: { name: true } } },
  });
  const fields: FieldMessages = {};
  for (const other of others) {
    if (other.mac === input.mac)
      fields.mac ??= nicMacTaken(input.mac, { nicName: other.name, machineName: other.machine.name });
    if (other.machineId === machineId && other.name === input.name) {
      fields.name ??= `machine ${other.machine.name} already has a NIC named ${input.name}`;
    }
  }
  return fields;
}

async function checkNic(
  db: Reader,
  teamId: string,
  machine: { id: string; labId: string; kind: string },
  input: NicFields,
  excludeId: string | null,
) {
  const vswitch = input.vswitchId
    ? await db.vSwitch.findFirst({
        where: { id: input.vswitchId, organizationId: teamId },
        select: { labId: true },
      })
    : null;
  new Problems()
    .invalid(
      "vswitchId",
      input.vswitchId && !vswitch
        ? "vSwitch not found in this team"
        : vswitch && vswitch.labId !== machine.labId
          ? "the vSwitch belongs to another lab: a NIC connects to a switch of its own machine's lab"
          : null,
    )
    .invalid("role", input.role && machine.kind !== "router" ? "LAN/WAN roles are for router NICs" : null)
    .invalid(
      "staticIp",
      input.addressing === "static-ip" && !input.staticIp
        ? "static-ip addressing needs the address"
        : input.addressing !== "static-ip" && input.staticIp
          ? "a static IP goes with static-ip addressing"
          : null,
    )
    .merge(await nicConflicts(db, teamId, machine.id, input, excludeId), "taken")
    .throwIfAny();
}

export async function createNic(scope: Scope, input: NicCreateInput) {
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const machine = await tx.machine.findFirst({
          where: { id: input.machineId, organizationId: scope.teamId },
          select: { id: true, labId: true, kind: true },
        });
        if (!machine) throw missing("machineId", "machine");
        await checkNic(tx, scope.teamId, machine, input, null);
        const row = await tx.nic.create({ data: { organizationId: scope.teamId, ...input } });
        record({ action: "nic.create", entityType: "nic", entityId: row.id, after: snapshot(row) });
        return snapshot(row);
      }),
    async () => nicConflicts(scope.db, scope.teamId, input.machineId, input, null),
  );
}

export async function updateNic(scope: Scope, input: NicUpdateInput) {
  const { id, version, ...fields } = input;
  const check: VersionCheck = {
    entity: { type: "nic", label: "NIC", id },
    version,
    submitted: fields,
    fields: nicFields,
  };
  let machineId = "";
  return withUniqueBackstop(
    () =>
      auditedTransaction(scope, async (tx, record) => {
        const where = { id, organizationId: scope.teamId };
        const current = await tx.nic.findFirst({
          where,
          include: { machine: { select: { id: true, labId: true, kind: true } } },
        });
        if (!current) throw notFound("NIC");
        machineId = current.machineId;
        await assertVersion(tx, scope.teamId, check, current);
        await checkNic(tx, scope.teamId, current.machine, fields, id);
        const { count } = await tx.nic.updateMany({
          where: { ...where, version },
          data: { ...fields, version: { increment: 1 } },
        });
        await assertWritten(tx, scope.teamId, check, count, () => tx.nic.findFirst({ where }));
        const after = snapshot({ ...current, ...fields, version: version + 1 });
        record({ action: "nic.update", entityType: "nic", entityId: id, before: snapshot(current), after });
        return after;
      }),
    async () => nicConflicts(scope.db, scope.teamId, machineId, fields, id),
  );
}

/** Leases linked to the NIC stay (their MAC and address are the lease's own) but lose the link. */
export async function nicDependents(db: Reader, teamId: string, id: string) {
  const nic = await db.nic.findFirst({
    where: { id, organizationId: teamId },
    select: { name: true, machine: { select: { name: true } }, leases: { select: { hostname: true } } },
  });
  if (!nic) throw notFound("NIC");
  return {
    name: `${nic.machine.name} ${nic.name}`,
    dependents: nic.leases.map((lease) => `lease ${lease.hostname} keeps its address but loses the NIC link`),
  };
}

export async function deleteNic(scope: Scope, input: IdVersionInput) {
  const check: VersionCheck = {
    entity: { type: "nic", label: "NIC", id: input.id },
    version: input.version,
    submitted: {},
    fields: nicFields,
  };
  return auditedTransaction(scope, async (tx, record) => {
    const where = { id: input.id, organizationId: scope.teamId };
    const current = await tx.nic.findFirst({ where });
    if (!current) throw notFound("NIC");
    const { count } = await tx.nic.deleteMany({ where: { ...where, version: input.version } });
    await assertWritten(tx, scope.teamId, check, count, async () => current);
    record({ action: "nic.delete", entityType: "nic", entityId: input.id, before: snapshot(current) });
    return { id: input.id };
  });
}
