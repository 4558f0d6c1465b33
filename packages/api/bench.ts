// npm run bench -- api: server time of the inventory reads the dashboard waits on, with a big team
// seeded (250 labs, 5,000 static leases): lab list, lab detail, lease list and the intranet page.
// The database is a fresh createTestDatabase(): embedded, or PostgreSQL when TEST_DATABASE_URL is set.
import { createTestDatabase } from "@labnet/db/testing";
import type { Benchmark, BenchmarkResult } from "../../bench/types";
import { percentile, sampleDurations } from "../../bench/types";
import type { Database } from "./src/db";
import { planBenchmarks } from "./src/plan/bench";
import { api, callerFor, createTeamFixture } from "./src/testing/fixtures";

const labCount = 250;
const leasesPerSite = 20;
const iterations = 200;
const goalMs = 100;

/** One lab per site of a /16: host, router (3 uplink hops, a share), two VMs, 20 leases each. */
async function seedBigTeam(db: Database, teamId: string) {
  const organizationId = teamId;
  const id = () => crypto.randomUUID();
  const labs: { id: string; organizationId: string; name: string; owner: string; windowsBuild: string }[] =
    [];
  const machines: { id: string; organizationId: string; labId: string; name: string; kind: string }[] = [];
  const routers: { machineId: string; openwrtVersion: string }[] = [];
  const hops: {
    routerId: string;
    position: number;
    name: string;
    kind: string;
    mtu: number;
    nat: boolean;
  }[] = [];
  const shares: {
    routerId: string;
    name: string;
    remoteUnc: string;
    mountPoint: string;
    credentialsFile: string;
    users: string[];
    servedInterfaces: string[];
  }[] = [];
  const vswitches: { id: string; organizationId: string; labId: string; name: string; type: string }[] = [];
  const nics: {
    id: string;
    organizationId: string;
    machineId: string;
    vswitchId: string;
    name: string;
    mac: string;
  }[] = [];
  const sites: {
    id: string;
    organizationId: string;
    intranetId: string;
    routerId: string;
    tincName: string;
    segment: number;
    lanIp: string;
  }[] = [];
  const leases: {
    organizationId: string;
    siteId: string;
    mac: string;
    ip: string;
    hostname: string;
    nicId: string | null;
  }[] = [];
  const intranetId = id();
  const hex = (value: number) => value.toString(16).padStart(2, "0");
  for (let index = 0; index < labCount; index++) {
    const segment = index + 2;
    const labId = id();
    const name = `notebook-${String(index).padStart(3, "0")}`;
    labs.push({
      id: labId,
      organizationId,
      name,
      owner: `owner ${index % 17}`,
      windowsBuild: index % 3 ? "22H2" : "23H2",
    });
    const [hostId, routerId, vm1, vm2, lanId] = [id(), id(), id(), id(), id()];
    machines.push(
      { id: hostId, organizationId, labId, name: `${name}-host`, kind: "hyperv-host" },
      { id: routerId, organizationId, labId, name: `${name}-router`, kind: "router" },
      { id: vm1, organizationId, labId, name: `${name}-vm1`, kind: "utility-vm" },
      { id: vm2, organizationId, labId, name: `${name}-vm2`, kind: "utility-vm" },
    );
    routers.push({ machineId: routerId, openwrtVersion: "23.05.3" });
    hops.push(
      { routerId, position: 0, name: "home router", kind: "home-router", mtu: 1500, nat: true },
      { routerId, position: 1, name: "DSL modem", kind: "modem", mtu: 1492, nat: true },
      { routerId, position: 2, name: "ISP", kind: "isp", mtu: 1500, nat: false },
    );
    shares.push({
      routerId,
      name: "projects",
      remoteUnc: "//192.168.2.10/projects",
      mountPoint: "/mnt/projects",
      credentialsFile: "/etc/samba/credentials/projects",
      users: ["anna"],
      servedInterfaces: ["wan"],
    });
    vswitches.push({ id: lanId, organizationId, labId, name: "LAN", type: "internal" });
    const machineNics = [hostId, routerId, vm1, vm2].map((machineId, n) => ({
      id: id(),
      organizationId,
      machineId,
      vswitchId: lanId,
      name: "eth0",
      mac: `00:15:5d:${hex(index >> 8)}:${hex(index & 255)}:${hex(n)}`,
    }));
    nics.push(...machineNics);
    const siteId = id();
    sites.push({
      id: siteId,
      organizationId,
      intranetId,
      routerId,
      tincName: `site_${index}`,
      segment,
      lanIp: `192.168.${segment}.1`,
    });
    for (let host = 0; host < leasesPerSite; host++) {
      leases.push({
        organizationId,
        siteId,
        mac: `02:00:00:${hex(index >> 8)}:${hex(index & 255)}:${hex(host)}`,
        ip: `192.168.${segment}.${10 + host}`,
        hostname: `host-${host}`,
        nicId: host < 2 ? machineNics[host + 2]!.id : null,
      });
    }
  }
  await db.lab.createMany({ data: labs });
  await db.machine.createMany({ data: machines });
  await db.routerSettings.createMany({ data: routers });
  await db.uplinkHop.createMany({ data: hops });
  await db.sambaShare.createMany({ data: shares });
  await db.vSwitch.createMany({ data: vswitches });
  await db.nic.createMany({ data: nics });
  await db.intranet.create({
    data: { id: intranetId, organizationId, name: "corp", netname: "corp", cidr: "192.168.0.0/16" },
  });
  await db.site.createMany({ data: sites });
  await db.staticLease.createMany({ data: leases });
  return { labIds: labs.map((lab) => lab.id), intranetId, siteIds: sites.map((site) => site.id) };
}

function result(label: string, samples: number[]): BenchmarkResult {
  const p95 = percentile(samples, 95);
  return {
    value: p95,
    unit: "ms p95",
    ok: p95 < goalMs,
    note: `${label}: p50 ${percentile(samples, 50).toFixed(1)} ms over ${samples.length} calls`,
  };
}

export const benchmarks: Benchmark[] = [
  {
    area: "api",
    name: `inventory reads, ${labCount} labs / ${labCount * leasesPerSite} leases`,
    goal: `p95 < ${goalMs} ms`,
    async run() {
      const database = await createTestDatabase();
      try {
        const db = database.prisma;
        const team = await createTeamFixture(db, "bench");
        const seeded = await seedBigTeam(db, team.teamId);
        const viewer = api(db, callerFor(team, "viewer"));
        let call = 0;
        const pick = <T>(items: T[]) => items[call++ % items.length]!;
        const labList = await sampleDurations(
          () =>
            viewer.lab.list({
              search: pick(["", "notebook-1", "owner 3"]),
              sort: "name",
              page: 1 + (call % 10),
            }),
          iterations,
        );
        const labGet = await sampleDurations(() => viewer.lab.get({ id: pick(seeded.labIds) }), iterations);
        const leaseList = await sampleDurations(
          () =>
            viewer.lease.list({
              hostname: pick(["host-1", ""]),
              mac: pick(["", "02-00-00"]),
              page: 1 + (call % 20),
            }),
          iterations,
        );
        const intranet = await sampleDurations(
          () => viewer.intranet.get({ id: seeded.intranetId }),
          iterations / 4,
        );
        return [
          result(`lab.list (${database.kind})`, labList),
          result(`lab.get (${database.kind})`, labGet),
          result(`lease.list filtered (${database.kind})`, leaseList),
          result(`intranet.get, ${labCount} sites (${database.kind})`, intranet),
        ];
      } finally {
        await database.drop();
      }
    },
  },
  ...planBenchmarks,
];
