// Test support: a small inventory inside a team fixture — two routers serving sites alpha
// (segment 10) and beta (segment 20) of intranet corp 192.168.0.0/16, a VM with a NIC on the LAN
// switch and one lease (vm1 at 192.168.10.20). Built straight into the database.
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Database } from "../db";
import { FieldErrors } from "../errors";
import type { TeamFixture } from "../testing/fixtures";

export interface InventoryFixture {
  labId: string;
  routerId: string;
  peerRouterId: string;
  vmId: string;
  vswitchId: string;
  nicId: string;
  intranetId: string;
  siteId: string;
  peerSiteId: string;
  leaseId: string;
}

export async function createInventoryFixture(db: Database, team: TeamFixture): Promise<InventoryFixture> {
  const organizationId = team.teamId;
  const labId = team.labId;
  const router = await db.machine.create({
    data: {
      organizationId,
      labId,
      name: "router",
      kind: "router",
      router: { create: { openwrtVersion: "23.05.3" } },
    },
  });
  const peerLab = await db.lab.create({ data: { organizationId, name: `peer-${team.teamId}` } });
  const peerRouter = await db.machine.create({
    data: {
      organizationId,
      labId: peerLab.id,
      name: "router",
      kind: "router",
      router: { create: { openwrtVersion: "19.07.9" } },
    },
  });
  const vm = await db.machine.create({ data: { organizationId, labId, name: "vm1", kind: "utility-vm" } });
  const vswitch = await db.vSwitch.create({ data: { organizationId, labId, name: "LAN", type: "internal" } });
  const nic = await db.nic.create({
    data: { organizationId, machineId: vm.id, vswitchId: vswitch.id, name: "eth0", mac: "00:15:5d:00:00:01" },
  });
  const intranet = await db.intranet.create({
    data: {
      organizationId,
      name: "corp",
      netname: "corp",
      cidr: "192.168.0.0/16",
      reservedSegments: [0, 1, 255],
    },
  });
  const site = await db.site.create({
    data: {
      organizationId,
      intranetId: intranet.id,
      routerId: router.id,
      tincName: "alpha",
      segment: 10,
      lanIp: "192.168.10.1",
    },
  });
  const peerSite = await db.site.create({
    data: {
      organizationId,
      intranetId: intranet.id,
      routerId: peerRouter.id,
      tincName: "beta",
      segment: 20,
      lanIp: "192.168.20.1",
    },
  });
  const lease = await db.staticLease.create({
    data: {
      organizationId,
      siteId: site.id,
      mac: "00:15:5d:00:00:01",
      ip: "192.168.10.20",
      hostname: "vm1",
      nicId: nic.id,
    },
  });
  return {
    labId,
    routerId: router.id,
    peerRouterId: peerRouter.id,
    vmId: vm.id,
    vswitchId: vswitch.id,
    nicId: nic.id,
    intranetId: intranet.id,
    siteId: site.id,
    peerSiteId: peerSite.id,
    leaseId: lease.id,
  };
}

export interface Rejection {
  code: string;
  message: string;
  /** field → message, as the error formatter sends it to the UI */
  fields: Record<string, string>;
}

/** Awaits a call that must fail and returns what the UI would get: the code and the field messages. */
export async function rejection(call: Promise<unknown>): Promise<Rejection> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause;
    const fields =
      cause instanceof FieldErrors
        ? cause.fields
        : cause instanceof ZodError
          ? Object.fromEntries(cause.issues.map((issue) => [issue.path.join("."), issue.message]))
          : {};
    return { code: error.code, message: error.message, fields };
  }
  throw new Error("expected the call to be rejected, but it succeeded");
}
