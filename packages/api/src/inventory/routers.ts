// A router's own settings: OpenWrt version, WAN and firewall, SQM, the uplink chain and samba
// passthrough shares. All three editors share the router settings' version: saving the uplink
// chain or the shares replaces the whole ordered list in one transaction.
import { Prisma } from "@labnet/db";
import { withoutCredentialOptions } from "@labnet/model";
import { auditedTransaction, type Transaction } from "../audit";
import { notFound } from "../errors";
import type {
  RouterSettingsInput,
  RouterSharesInput,
  RouterUplinkInput,
} from "../router/router/router.schema";
import { assertVersion, assertWritten, type VersionCheck } from "./concurrency";
import { sambaShareRow, uplinkHopRow } from "./mapper";
import { Problems, type Scope } from "./problems";

const settingsFields = [
  "openwrtVersion",
  "tincVersion",
  "wanProto",
  "wanIp",
  "wanMasq",
  "mtuFix",
  "wanInput",
  "rules",
  "sqm",
] as const;

async function loadSettings(tx: Transaction, teamId: string, machineId: string) {
  const settings = await tx.routerSettings.findFirst({
    where: { machineId, machine: { organizationId: teamId } },
    include: { uplink: { orderBy: { position: "asc" } }, shares: { orderBy: { name: "asc" } } },
  });
  if (!settings) throw notFound("Router");
  return settings;
}

function snapshot(settings: Awaited<ReturnType<typeof loadSettings>>) {
  const { updatedAt: _updatedAt, uplink, shares, ...rest } = settings;
  return {
    ...rest,
    uplink: uplink.map(({ id: _id, routerId: _routerId, ...hop }) => hop),
    // The audit log keeps this forever: a secret stored before the text policy never enters it.
    shares: shares.map(({ id: _id, routerId: _routerId, ...share }) => ({
      ...share,
      mountOptions: withoutCredentialOptions(share.mountOptions),
    })),
  };
}

/** Claims the router settings at the caller's version; every router edit goes through here. */
async function bump(
  tx: Transaction,
  scope: Scope,
  check: VersionCheck,
  data: Prisma.RouterSettingsUpdateManyMutationInput,
) {
  const current = await loadSettings(tx, scope.teamId, check.entity.id);
  await assertVersion(tx, scope.teamId, check, snapshot(current));
  const { count } = await tx.routerSettings.updateMany({
    where: { machineId: check.entity.id, version: check.version },
    data: { ...data, version: { increment: 1 } },
  });
  await assertWritten(tx, scope.teamId, check, count, async () =>
    snapshot(await loadSettings(tx, scope.teamId, check.entity.id)),
  );
  return current;
}

function check(
  machineId: string,
  version: number,
  submitted: Record<string, unknown>,
  fields: readonly string[],
): VersionCheck {
  return { entity: { type: "router_settings", label: "router", id: machineId }, version, submitted, fields };
}

async function finish(
  tx: Transaction,
  scope: Scope,
  record: Parameters<Parameters<typeof auditedTransaction>[1]>[1],
  action: string,
  before: Awaited<ReturnType<typeof loadSettings>>,
) {
  const after = snapshot(await loadSettings(tx, scope.teamId, before.machineId));
  record({
    action,
    entityType: "router_settings",
    entityId: before.machineId,
    before: snapshot(before),
    after,
  });
  return after;
}

export async function updateRouterSettings(scope: Scope, input: RouterSettingsInput) {
  const { machineId, version, ...fields } = input;
  new Problems()
    .invalid("wanIp", fields.wanProto === "static" && !fields.wanIp ? "a static WAN needs its address" : null)
    .throwIfAny();
  return auditedTransaction(scope, async (tx, record) => {
    const before = await bump(tx, scope, check(machineId, version, fields, settingsFields), {
      ...fields,
      wanIp: fields.wanProto === "static" ? fields.wanIp : null,
      rules: fields.rules,
      sqm: fields.sqm ?? Prisma.DbNull,
    });
    return finish(tx, scope, record, "router.updateSettings", before);
  });
}

export async function saveUplink(scope: Scope, input: RouterUplinkInput) {
  const { machineId, version, hops } = input;
  return auditedTransaction(scope, async (tx, record) => {
    const before = await bump(tx, scope, check(machineId, version, { uplink: hops }, ["uplink"]), {});
    await tx.uplinkHop.deleteMany({ where: { routerId: machineId } });
    await tx.uplinkHop.createMany({
      data: hops.map((hop, position) => ({
        routerId: machineId,
        ...uplinkHopRow({ ...hop, id: "" }, position),
      })),
    });
    return finish(tx, scope, record, "router.saveUplink", before);
  });
}

export async function saveShares(scope: Scope, input: RouterSharesInput) {
  const { machineId, version, shares } = input;
  const problems = new Problems();
  const seen = new Map<string, number>();
  for (const [index, share] of shares.entries()) {
    const earlier = seen.get(share.name.toLowerCase());
    if (earlier !== undefined)
      problems.taken(`shares.${index}.name`, `share ${share.name} is already share ${earlier + 1}`);
    seen.set(share.name.toLowerCase(), index);
    const mountedTwice = shares.findIndex((other) => other.mountPoint === share.mountPoint);
    if (mountedTwice !== index) {
      problems.taken(
        `shares.${index}.mountPoint`,
        `${share.mountPoint} is already the mount point of ${shares[mountedTwice]!.name}`,
      );
    }
  }
  problems.throwIfAny();
  return auditedTransaction(scope, async (tx, record) => {
    const before = await bump(tx, scope, check(machineId, version, { shares }, ["shares"]), {});
    await tx.sambaShare.deleteMany({ where: { routerId: machineId } });
    await tx.sambaShare.createMany({
      data: shares.map((share) => ({ routerId: machineId, ...sambaShareRow({ ...share, id: "" }) })),
    });
    return finish(tx, scope, record, "router.saveShares", before);
  });
}
