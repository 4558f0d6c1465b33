// The one place where database rows and the NetworkModel meet. Everything that reads the team's
// network as a whole (simulation, config rendering, plans, the agent API) goes through
// loadTeamModel; importing a whole model (demo seed, file import) goes through insertModel.
import {
  type FirewallRule,
  type NetworkModel,
  parseStoredModel,
  type SambaShare,
  type Sqm,
  type UplinkHop,
  withoutCredentialOptions,
} from "@labnet/model";
import type { Transaction } from "../audit";
import type { Database } from "../db";

type Reader = Database | Transaction;

export async function loadTeamModel(db: Reader, teamId: string): Promise<NetworkModel> {
  const where = { organizationId: teamId };
  const [labs, machines, vswitches, nics, intranets, sites, leases] = await Promise.all([
    db.lab.findMany({ where, orderBy: { id: "asc" } }),
    db.machine.findMany({
      where,
      orderBy: { id: "asc" },
      include: {
        router: {
          include: { uplink: { orderBy: { position: "asc" } }, shares: { orderBy: { name: "asc" } } },
        },
      },
    }),
    db.vSwitch.findMany({ where, orderBy: { id: "asc" } }),
    db.nic.findMany({ where, orderBy: { id: "asc" } }),
    db.intranet.findMany({ where, orderBy: { id: "asc" } }),
    db.site.findMany({
      where,
      orderBy: { id: "asc" },
      include: { connectTo: { orderBy: { position: "asc" } } },
    }),
    db.staticLease.findMany({ where, orderBy: { id: "asc" } }),
  ]);
  // Parse rather than cast: a row that no longer fits the model (a bug, or a hand edit) shows up
  // here as a precise error instead of misleading the simulator. Rows written before a text-policy
  // rule still load (the renderers refuse such values with a message naming them).
  return parseStoredModel({
    version: 1,
    labs: labs.map((lab) => ({
      id: lab.id,
      name: lab.name,
      owner: lab.owner,
      cpuCores: lab.cpuCores,
      ramMb: lab.ramMb,
      windowsBuild: lab.windowsBuild,
      notes: lab.notes,
    })),
    machines: machines.map((machine) => ({
      id: machine.id,
      labId: machine.labId,
      name: machine.name,
      kind: machine.kind,
      cpuCores: machine.cpuCores,
      ramMb: machine.ramMb,
      os: machine.os,
      router: machine.router
        ? {
            openwrtVersion: machine.router.openwrtVersion,
            tincVersion: machine.router.tincVersion,
            wanProto: machine.router.wanProto,
            wanIp: machine.router.wanIp,
            wanMasq: machine.router.wanMasq,
            mtuFix: machine.router.mtuFix,
            wanInput: machine.router.wanInput,
            rules: machine.router.rules as FirewallRule[],
            sqm: machine.router.sqm as Sqm | null,
            uplink: machine.router.uplink.map((hop) => ({
              id: hop.id,
              name: hop.name,
              kind: hop.kind,
              nat: hop.nat,
              mtu: hop.mtu,
              encapsulation: hop.encapsulation,
              dropsIcmpFragNeeded: hop.dropsIcmpFragNeeded,
              ...(hop.translatesIcmpErrors ? { translatesIcmpErrors: hop.translatesIcmpErrors } : {}),
              clampsMss: hop.clampsMss,
              downKbps: hop.downKbps,
              upKbps: hop.upKbps,
              portForwards: hop.portForwards as UplinkHop["portForwards"],
            })),
            shares: machine.router.shares.map((share) => ({
              id: share.id,
              name: share.name,
              remoteUnc: share.remoteUnc,
              mountPoint: share.mountPoint,
              smbVersion: share.smbVersion,
              wsize: share.wsize,
              soRcvbuf: share.soRcvbuf,
              users: share.users,
              servedInterfaces: share.servedInterfaces,
              guestOk: share.guestOk,
              readOnly: share.readOnly,
              credentialsFile: share.credentialsFile,
              // A share stored before secrets were refused may still hold one: never let it out.
              mountOptions: withoutCredentialOptions(share.mountOptions),
            })),
          }
        : null,
    })),
    vswitches: vswitches.map((vswitch) => ({
      id: vswitch.id,
      labId: vswitch.labId,
      name: vswitch.name,
      type: vswitch.type,
      adapterName: vswitch.adapterName,
      adapterMedium: vswitch.adapterMedium,
      allowManagementOS: vswitch.allowManagementOS,
    })),
    nics: nics.map((nic) => ({
      id: nic.id,
      machineId: nic.machineId,
      vswitchId: nic.vswitchId,
      name: nic.name,
      mac: nic.mac,
      macSpoofing: nic.macSpoofing,
      vlanId: nic.vlanId,
      mtu: nic.mtu,
      role: nic.role,
      addressing: nic.addressing,
      staticIp: nic.staticIp,
    })),
    intranets: intranets.map((intranet) => ({
      id: intranet.id,
      name: intranet.name,
      netname: intranet.netname,
      cidr: intranet.cidr,
      mode: intranet.mode,
      port: intranet.port,
      pmtuDiscovery: intranet.pmtuDiscovery,
      clampMss: intranet.clampMss,
      cipher: intranet.cipher,
      reservedSegments: intranet.reservedSegments,
    })),
    sites: sites.map((site) => ({
      id: site.id,
      intranetId: site.intranetId,
      routerId: site.routerId,
      tincName: site.tincName,
      segment: site.segment,
      lanIp: site.lanIp,
      publicAddress: site.publicAddress,
      publicPort: site.publicPort,
      behindNat: site.behindNat,
      connectTo: site.connectTo.map((edge) => edge.peerId),
      dhcpStart: site.dhcpStart,
      dhcpLimit: site.dhcpLimit,
      leaseTime: site.leaseTime,
      publicKey: site.publicKey,
      dhcpServerId: site.dhcpServerId,
    })),
    leases: leases.map((lease) => ({
      id: lease.id,
      siteId: lease.siteId,
      mac: lease.mac,
      ip: lease.ip,
      hostname: lease.hostname,
      leaseTime: lease.leaseTime,
      tags: lease.tags,
      nicId: lease.nicId,
    })),
  });
}

/**
 * Inserts a whole model into a team (demo seed, import of a model file). The model's ids are
 * labels local to the file; every row gets a fresh database id and references are remapped.
 * Returns the map from model ids to database ids.
 */
export async function insertModel(
  tx: Transaction,
  teamId: string,
  model: NetworkModel,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const idOf = (modelId: string) => {
    const id = ids.get(modelId);
    if (!id) throw new Error(`model references unknown id "${modelId}"`);
    return id;
  };
  const organizationId = teamId;

  for (const lab of model.labs) {
    const row = await tx.lab.create({
      data: {
        organizationId,
        name: lab.name,
        owner: lab.owner,
        cpuCores: lab.cpuCores,
        ramMb: lab.ramMb,
        windowsBuild: lab.windowsBuild,
        notes: lab.notes,
      },
    });
    ids.set(lab.id, row.id);
  }
  for (const vswitch of model.vswitches) {
    const row = await tx.vSwitch.create({
      data: {
        organizationId,
        labId: idOf(vswitch.labId),
        name: vswitch.name,
        type: vswitch.type,
        adapterName: vswitch.adapterName,
        adapterMedium: vswitch.adapterMedium,
        allowManagementOS: vswitch.allowManagementOS,
      },
    });
    ids.set(vswitch.id, row.id);
  }
  for (const machine of model.machines) {
    const row = await tx.machine.create({
      data: {
        organizationId,
        labId: idOf(machine.labId),
        name: machine.name,
        kind: machine.kind,
        cpuCores: machine.cpuCores,
        ramMb: machine.ramMb,
        os: machine.os,
      },
    });
    ids.set(machine.id, row.id);
    if (machine.router) {
      const router = machine.router;
      await tx.routerSettings.create({
        data: {
          machineId: row.id,
          openwrtVersion: router.openwrtVersion,
          tincVersion: router.tincVersion,
          wanProto: router.wanProto,
          wanIp: router.wanIp,
          wanMasq: router.wanMasq,
          mtuFix: router.mtuFix,
          wanInput: router.wanInput,
          rules: router.rules,
          sqm: router.sqm ?? undefined,
          uplink: { create: router.uplink.map((hop, position) => uplinkHopRow(hop, position)) },
          shares: { create: router.shares.map(sambaShareRow) },
        },
      });
    }
  }
  for (const nic of model.nics) {
    const row = await tx.nic.create({
      data: {
        organizationId,
        machineId: idOf(nic.machineId),
        vswitchId: nic.vswitchId ? idOf(nic.vswitchId) : null,
        name: nic.name,
        mac: nic.mac,
        macSpoofing: nic.macSpoofing,
        vlanId: nic.vlanId,
        mtu: nic.mtu,
        role: nic.role,
        addressing: nic.addressing,
        staticIp: nic.staticIp,
      },
    });
    ids.set(nic.id, row.id);
  }
  for (const intranet of model.intranets) {
    const row = await tx.intranet.create({
      data: {
        organizationId,
        name: intranet.name,
        netname: intranet.netname,
        cidr: intranet.cidr,
        mode: intranet.mode,
        port: intranet.port,
        pmtuDiscovery: intranet.pmtuDiscovery,
        clampMss: intranet.clampMss,
        cipher: intranet.cipher,
        reservedSegments: intranet.reservedSegments,
      },
    });
    ids.set(intranet.id, row.id);
  }
  for (const site of model.sites) {
    const row = await tx.site.create({
      data: {
        organizationId,
        intranetId: idOf(site.intranetId),
        routerId: idOf(site.routerId),
        tincName: site.tincName,
        segment: site.segment,
        lanIp: site.lanIp,
        publicAddress: site.publicAddress,
        publicPort: site.publicPort,
        behindNat: site.behindNat,
        dhcpStart: site.dhcpStart,
        dhcpLimit: site.dhcpLimit,
        leaseTime: site.leaseTime,
        publicKey: site.publicKey,
        dhcpServerId: site.dhcpServerId ? idOf(site.dhcpServerId) : null,
      },
    });
    ids.set(site.id, row.id);
  }
  // ConnectTo edges once every site of the model has its database id.
  for (const site of model.sites) {
    if (site.connectTo.length === 0) continue;
    await tx.siteConnect.createMany({
      data: site.connectTo.map((peer, position) => ({ siteId: idOf(site.id), peerId: idOf(peer), position })),
    });
  }
  for (const lease of model.leases) {
    const row = await tx.staticLease.create({
      data: {
        organizationId,
        siteId: idOf(lease.siteId),
        mac: lease.mac,
        ip: lease.ip,
        hostname: lease.hostname.toLowerCase(),
        leaseTime: lease.leaseTime,
        tags: lease.tags,
        nicId: lease.nicId ? idOf(lease.nicId) : null,
      },
    });
    ids.set(lease.id, row.id);
  }
  return ids;
}

export function uplinkHopRow(hop: UplinkHop, position: number) {
  return {
    position,
    name: hop.name,
    kind: hop.kind,
    nat: hop.nat,
    mtu: hop.mtu,
    encapsulation: hop.encapsulation,
    dropsIcmpFragNeeded: hop.dropsIcmpFragNeeded,
    translatesIcmpErrors: hop.translatesIcmpErrors ?? null,
    clampsMss: hop.clampsMss,
    downKbps: hop.downKbps,
    upKbps: hop.upKbps,
    portForwards: hop.portForwards,
  };
}

export function sambaShareRow(share: SambaShare) {
  return {
    name: share.name,
    remoteUnc: share.remoteUnc,
    mountPoint: share.mountPoint,
    smbVersion: share.smbVersion,
    wsize: share.wsize,
    soRcvbuf: share.soRcvbuf,
    users: share.users,
    servedInterfaces: share.servedInterfaces,
    guestOk: share.guestOk,
    readOnly: share.readOnly,
    credentialsFile: share.credentialsFile,
    mountOptions: share.mountOptions,
  };
}
