// Labs and what is inside them through the API: names, MACs, switch bindings, router settings,
// the uplink chain and shares, the lab detail and deletion with its dependents.
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db";
import { api, callerFor, createTeamFixture } from "../testing/fixtures";
import { createInventoryFixture, rejection } from "./fixtures";
import { loadTeamModel } from "./mapper";

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

async function setup() {
  const team = await createTeamFixture(db, "labs");
  const inv = await createInventoryFixture(db, team);
  return {
    team,
    inv,
    editor: api(db, callerFor(team, "editor")),
    viewer: api(db, callerFor(team, "viewer")),
  };
}

describe("labs", () => {
  it("rejects a second lab with the same name in the team", async () => {
    const { editor } = await setup();
    await editor.lab.create({ name: "notebook-7", windowsBuild: "22H2" });
    const failed = await rejection(editor.lab.create({ name: "notebook-7" }));
    expect(failed).toMatchObject({
      code: "CONFLICT",
      fields: { name: "a lab named notebook-7 already exists in this team" },
    });
  });

  it("reports a stale edit with the fields someone else changed", async () => {
    const { editor } = await setup();
    const lab = await editor.lab.create({ name: "notebook-8", owner: "Anna" });
    await editor.lab.update({ id: lab.id, version: 1, name: "notebook-8", owner: "Ben" });
    const failed = await rejection(
      editor.lab.update({ id: lab.id, version: 1, name: "notebook-8", owner: "Anna", notes: "x" }),
    );
    expect(failed.code).toBe("CONFLICT");
    expect(failed.fields).toEqual({
      version: "changed by someone else (now version 2)",
      owner: "changed by someone else: owner is now Ben",
    });
  });

  it("shows the lab detail shaped for its tabs", async () => {
    const { inv, viewer } = await setup();
    const detail = await viewer.lab.get({ id: inv.labId });
    expect(detail.machines.map((machine) => machine.name)).toEqual(["router", "vm1"]);
    expect(detail.machines[1]?.nics.map((nic) => nic.mac)).toEqual(["00:15:5d:00:00:01"]);
    expect(detail.machines[0]?.router).toMatchObject({ openwrtVersion: "23.05.3", uplink: [], shares: [] });
    expect(detail.vswitches.map((vswitch) => vswitch.name)).toEqual(["LAN"]);
    expect(detail.sites).toHaveLength(1);
    expect(detail.sites[0]).toMatchObject({
      tincName: "alpha",
      connectToCount: 0,
      intranet: { name: "corp" },
    });
    expect(detail.sites[0]?.leases.map((lease) => lease.hostname)).toEqual(["vm1"]);
  });

  it("lists what deleting a lab removes, then removes all of it", async () => {
    const { inv, editor } = await setup();
    const expected = ["2 machines (router, vm1)", "1 NIC", "1 vSwitch", "site alpha and its 1 lease"];
    expect((await editor.lab.dependents({ id: inv.labId })).dependents).toEqual(expected);
    expect((await editor.lab.delete({ id: inv.labId, version: 1 })).removed).toEqual(expected);
    expect(await db.site.count({ where: { id: inv.siteId } })).toBe(0);
    expect(await db.staticLease.count({ where: { id: inv.leaseId } })).toBe(0);
  });
});

describe("machines", () => {
  it("needs an OpenWrt version for a router", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(editor.machine.create({ labId: inv.labId, name: "r2", kind: "router" }));
    expect(failed.fields.openwrtVersion).toBe(
      "a router needs its OpenWrt version (e.g. 23.05.3): it decides the config syntax",
    );
    const created = await editor.machine.create({
      labId: inv.labId,
      name: "r2",
      kind: "router",
      openwrtVersion: "19.07.9",
    });
    expect(await db.routerSettings.findUnique({ where: { machineId: created.id } })).toMatchObject({
      openwrtVersion: "19.07.9",
    });
  });

  it("rejects a duplicate name in the lab", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(
      editor.machine.create({ labId: inv.labId, name: "vm1", kind: "utility-vm" }),
    );
    expect(failed.fields.name).toBe("this lab already has a machine named vm1");
  });

  it("lists what deleting a router removes", async () => {
    const { inv, editor } = await setup();
    expect((await editor.machine.dependents({ id: inv.routerId })).dependents).toEqual([
      "site alpha and its 1 lease",
    ]);
    expect((await editor.machine.dependents({ id: inv.vmId })).dependents).toEqual([
      "1 NIC (eth0)",
      "1 lease keeps its address but loses the NIC link",
    ]);
  });
});

describe("NICs", () => {
  it("rejects a MAC another NIC of the team has, in any notation, naming it", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(
      editor.nic.create({ machineId: inv.routerId, name: "eth0", mac: "00155D000001" }),
    );
    expect(failed).toMatchObject({
      code: "CONFLICT",
      fields: { mac: "MAC 00:15:5d:00:00:01 is already used by eth0 of machine vm1" },
    });
    const created = await editor.nic.create({
      machineId: inv.routerId,
      name: "eth0",
      mac: "00-15-5D-00-00-02",
      role: "lan",
    });
    expect(created.mac).toBe("00:15:5d:00:00:02");
  });

  it("lists the leases a deletion unlinks, and keeps them", async () => {
    const { inv, editor } = await setup();
    expect(await editor.nic.dependents({ id: inv.nicId })).toEqual({
      name: "vm1 eth0",
      dependents: ["lease vm1 keeps its address but loses the NIC link"],
    });
    await editor.nic.delete({ id: inv.nicId, version: 1 });
    expect(await db.staticLease.findUnique({ where: { id: inv.leaseId } })).toMatchObject({ nicId: null });
  });

  it("connects only to a vSwitch of its machine's lab", async () => {
    const { team, inv, editor } = await setup();
    const otherLab = await db.lab.create({ data: { organizationId: team.teamId, name: "other" } });
    const otherSwitch = await db.vSwitch.create({
      data: { organizationId: team.teamId, labId: otherLab.id, name: "LAN", type: "internal" },
    });
    const failed = await rejection(
      editor.nic.create({
        machineId: inv.vmId,
        name: "eth1",
        mac: "00:15:5d:00:00:09",
        vswitchId: otherSwitch.id,
      }),
    );
    expect(failed.fields.vswitchId).toBe(
      "the vSwitch belongs to another lab: a NIC connects to a switch of its own machine's lab",
    );
    const own = await editor.nic.create({
      machineId: inv.vmId,
      name: "eth1",
      mac: "00:15:5d:00:00:09",
      vswitchId: inv.vswitchId,
    });
    expect(own.vswitchId).toBe(inv.vswitchId);
  });

  it("keeps LAN/WAN roles for routers and static IPs for static-ip addressing", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(
      editor.nic.create({
        machineId: inv.vmId,
        name: "eth1",
        mac: "00:15:5d:00:00:09",
        role: "wan",
        addressing: "static-ip",
      }),
    );
    expect(failed.fields).toEqual({
      role: "LAN/WAN roles are for router NICs",
      staticIp: "static-ip addressing needs the address",
    });
    const wan = await editor.nic.create({
      machineId: inv.routerId,
      name: "eth1",
      mac: "00:15:5d:00:00:0a",
      role: "wan",
      addressing: "static-ip",
      staticIp: "203.0.113.7",
    });
    expect(wan).toMatchObject({ role: "wan", staticIp: "203.0.113.7" });
  });
});

describe("vSwitches", () => {
  it("binds an external switch to a named adapter with its medium", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(
      editor.vswitch.create({ labId: inv.labId, name: "WAN", type: "external" }),
    );
    expect(Object.keys(failed.fields).sort()).toEqual(["adapterMedium", "adapterName"]);
    const created = await editor.vswitch.create({
      labId: inv.labId,
      name: "WAN",
      type: "external",
      adapterName: "Wi-Fi",
      adapterMedium: "wifi",
    });
    expect(created).toMatchObject({ adapterMedium: "wifi", allowManagementOS: false });
  });

  it("says which NICs a deletion disconnects", async () => {
    const { inv, editor } = await setup();
    expect((await editor.vswitch.dependents({ id: inv.vswitchId })).dependents).toEqual([
      "1 NIC will be disconnected (vm1 eth0)",
    ]);
  });
});

describe("router settings", () => {
  const hops = [
    { name: "home router", kind: "home-router" as const, nat: true },
    { name: "DSL modem", kind: "modem" as const, nat: true, mtu: 1492, encapsulation: "pppoe" as const },
    { name: "ISP", kind: "isp" as const, nat: false },
  ];

  it("saves the uplink chain in order and bumps the router version", async () => {
    const { inv, editor, team } = await setup();
    const saved = await editor.router.saveUplink({ machineId: inv.routerId, version: 1, hops });
    expect(saved.version).toBe(2);
    expect(saved.uplink.map((hop) => [hop.position, hop.name, hop.mtu])).toEqual([
      [0, "home router", 1500],
      [1, "DSL modem", 1492],
      [2, "ISP", 1500],
    ]);
    const reordered = await editor.router.saveUplink({
      machineId: inv.routerId,
      version: 2,
      hops: [hops[1]!, hops[0]!],
    });
    expect(reordered.uplink.map((hop) => hop.name)).toEqual(["DSL modem", "home router"]);
    const model = await loadTeamModel(db, team.teamId);
    expect(model.machines.find((m) => m.id === inv.routerId)?.router?.uplink.map((hop) => hop.name)).toEqual([
      "DSL modem",
      "home router",
    ]);
  });

  it("keeps whether a NAT hop translates ICMP errors, and leaves it out when it does", async () => {
    const { inv, editor, team } = await setup();
    await editor.router.saveUplink({
      machineId: inv.routerId,
      version: 1,
      hops: [{ ...hops[0]!, translatesIcmpErrors: "no" }, hops[2]!],
    });
    const model = await loadTeamModel(db, team.teamId);
    const uplink = model.machines.find((m) => m.id === inv.routerId)!.router!.uplink;
    expect(uplink[0]!.translatesIcmpErrors).toBe("no");
    expect("translatesIcmpErrors" in uplink[1]!).toBe(false);
  });

  it("rejects a stale save of the chain, naming the change", async () => {
    const { inv, editor } = await setup();
    await editor.router.updateSettings({ machineId: inv.routerId, version: 1, openwrtVersion: "23.05.4" });
    const failed = await rejection(editor.router.saveUplink({ machineId: inv.routerId, version: 1, hops }));
    expect(failed.code).toBe("CONFLICT");
    expect(failed.fields.version).toBe("changed by someone else (now version 2)");
    expect(await db.uplinkHop.count({ where: { routerId: inv.routerId } })).toBe(0);
  });

  it("sets and clears SQM, and needs an address for a static WAN", async () => {
    const { inv, editor } = await setup();
    const failed = await rejection(
      editor.router.updateSettings({
        machineId: inv.routerId,
        version: 1,
        openwrtVersion: "23.05.3",
        wanProto: "static",
      }),
    );
    expect(failed.fields.wanIp).toBe("a static WAN needs its address");
    const withSqm = await editor.router.updateSettings({
      machineId: inv.routerId,
      version: 1,
      openwrtVersion: "23.05.3",
      sqm: { enabled: true, downloadKbps: 95000, uploadKbps: 4500 },
    });
    expect(withSqm.sqm).toMatchObject({ enabled: true, uploadKbps: 4500, qdisc: "cake" });
    const cleared = await editor.router.updateSettings({
      machineId: inv.routerId,
      version: 2,
      openwrtVersion: "23.05.3",
    });
    expect(cleared.sqm).toBeNull();
  });

  it("rejects two shares with one name or one mount point", async () => {
    const { inv, editor } = await setup();
    const share = {
      name: "projects",
      remoteUnc: "//192.168.20.10/projects",
      mountPoint: "/mnt/remote_resource_1",
      credentialsFile: "/etc/samba/credentials/projects",
    };
    const failed = await rejection(
      editor.router.saveShares({
        machineId: inv.routerId,
        version: 1,
        shares: [share, { ...share, name: "Projects" }],
      }),
    );
    expect(failed.fields).toEqual({
      "shares.1.name": "share Projects is already share 1",
      "shares.1.mountPoint": "/mnt/remote_resource_1 is already the mount point of projects",
    });
    const saved = await editor.router.saveShares({
      machineId: inv.routerId,
      version: 1,
      shares: [share, { ...share, name: "media", mountPoint: "/mnt/media" }],
    });
    expect(saved.shares.map((s) => s.name)).toEqual(["media", "projects"]);
  });
});
