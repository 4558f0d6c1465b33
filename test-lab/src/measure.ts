// What really happens in the emulated lab: the address each DHCP client gets, who pings whom,
// path MTU by DF ping search, whether a bulk TCP download completes, which samba ports answer.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type NetworkModel, parseCidr } from "@labnet/model";
import type { Analysis, Endpoint } from "@labnet/sim";
import { SAMBA_PORTS } from "./build";
import type { Netns } from "./netns";
import { BULK_PORT, type EmulationPlan, SERVER_IP } from "./plan";

export interface Measurements {
  dhcp: Map<string, string | null>;
  pairs: Map<string, { reachable: boolean; pathMtu: number | null }>;
  internet: Map<
    string,
    { reachable: boolean; pathMtu: number | null; bulk: "completes" | "stalls" | "no-path" }
  >;
  /** samba service id → whether every samba port answers from the router's WAN side. */
  services: Map<string, boolean>;
  /** Endpoints the emulation has no counterpart for (e.g. sim's synthesised host vNICs). */
  notEmulated: string[];
}

export const pairKey = (from: string, to: string) => `${from} → ${to}`;

/** Where an endpoint lives in the emulation: the namespace it sends from and the address it answers on. */
export interface Place {
  sendNs: string;
  sourceIp: string | null;
  ip: string | null;
  ifname: string | null;
  mtu: number;
}

const BULK_MEGABYTES = 2;

export { BULK_MEGABYTES };

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function lanPrefix(model: NetworkModel, endpoint: Endpoint): { prefix: number; gateway: string | null } {
  const site = model.sites.find((candidate) => candidate.id === endpoint.siteId);
  if (!site) return { prefix: 24, gateway: null };
  const intranet = model.intranets.find((candidate) => candidate.id === site.intranetId);
  const cidr = intranet ? parseCidr(intranet.cidr) : null;
  const prefix = intranet?.mode === "switch" && cidr?.ok ? cidr.value.prefix : 24;
  return { prefix, gateway: site.lanIp };
}

export class Measurer {
  readonly places = new Map<string, Place>();
  readonly notEmulated: string[] = [];

  constructor(
    private readonly lab: Netns,
    private readonly plan: EmulationPlan,
    private readonly model: NetworkModel,
    private readonly analysis: Analysis,
    private readonly root: string,
  ) {}

  private machineNic(endpoint: Endpoint) {
    const machine = this.plan.machines.find((entry) => entry.machineId === endpoint.machineId);
    const nic = machine?.nics.find((entry) => entry.nicId === endpoint.id);
    return machine && nic ? { ns: machine.ns, ifname: nic.ifname } : null;
  }

  /** Static addresses (DHCP clients come later), and where every endpoint sends from. */
  async placeEndpoints(): Promise<void> {
    for (const endpoint of this.analysis.endpoints) {
      if (endpoint.kind === "internet") continue;
      if (endpoint.kind === "router-wan") {
        const router = this.plan.routers.find((entry) => entry.machineId === endpoint.machineId);
        if (!router) {
          this.notEmulated.push(endpoint.id);
          continue;
        }
        this.places.set(endpoint.id, {
          sendNs: router.probeNs,
          sourceIp: null,
          ip: router.wanIp,
          ifname: null,
          mtu: endpoint.mtu,
        });
        continue;
      }
      const nic = this.machineNic(endpoint);
      if (!nic) {
        this.notEmulated.push(endpoint.id);
        continue;
      }
      const place: Place = {
        sendNs: nic.ns,
        sourceIp: endpoint.ip,
        ip: null,
        ifname: nic.ifname,
        mtu: endpoint.mtu,
      };
      if (endpoint.ipSource === "static-ip" && endpoint.ip) {
        place.ip = endpoint.ip;
        if (endpoint.kind !== "router-lan") {
          const { prefix, gateway } = lanPrefix(this.model, endpoint);
          await this.lab.must("ip", [
            "-n",
            nic.ns,
            "addr",
            "add",
            `${endpoint.ip}/${prefix}`,
            "dev",
            nic.ifname,
          ]);
          if (gateway && gateway !== endpoint.ip)
            await this.lab.exec(nic.ns, ["ip", "route", "replace", "default", "via", gateway]);
        }
      }
      this.places.set(endpoint.id, place);
    }
  }

  /** busybox udhcpc on every DHCP client NIC; the script installs what the server offered. */
  async dhcp(endpointIds: string[]): Promise<Map<string, string | null>> {
    const script = join(this.root, "udhcpc.sh");
    await writeFile(
      script,
      [
        "#!/bin/sh",
        'if [ "$1" = bound ]; then',
        '  ip addr add "$ip/$mask" dev "$interface"',
        "  set -- $router",
        '  [ -n "$1" ] && ip route replace default via "$1"',
        '  echo "BOUND $ip"',
        "fi",
        "exit 0",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const obtained = new Map<string, string | null>();
    await pool(
      8,
      endpointIds.map((id) => async () => {
        const place = this.places.get(id);
        if (!place?.ifname) {
          obtained.set(id, null);
          return;
        }
        // Real clients keep asking; three rounds of five DISCOVERs bound the wait at ~20 s.
        let ip: string | null = null;
        for (let round = 0; round < 3 && ip === null; round++) {
          const result = await this.lab.exec(
            place.sendNs,
            ["busybox", "udhcpc", "-i", place.ifname, "-f", "-q", "-n", "-t", "5", "-T", "1", "-s", script],
            15_000,
          );
          ip = /BOUND (\S+)/.exec(result.stdout)?.[1] ?? null;
          if (ip === null)
            this.lab.logs.set(`udhcpc ${id}`, `${result.code}\n${result.stdout}\n${result.stderr}`);
        }
        place.ip = ip;
        place.sourceIp = ip;
        obtained.set(id, ip);
      }),
    );
    return obtained;
  }

  private async ping(from: Place, to: string, size: number | null): Promise<boolean> {
    const args = ["ping", "-n", "-q", "-c", "1", "-W", "1"];
    if (from.sourceIp) args.push("-I", from.sourceIp);
    if (size !== null) args.push("-M", "do", "-s", String(size - 28));
    const result = await this.lab.exec(from.sendNs, [...args, to], 5_000);
    return result.code === 0;
  }

  async reachable(from: Place, to: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) if (await this.ping(from, to, null)) return true;
    return false;
  }

  /**
   * Largest IP packet that gets an echo reply with DF set: a binary search up to the sender's
   * MTU, one probe per step, then the boundary is probed again so a single lost reply cannot
   * move it.
   */
  async pathMtu(from: Place, to: string): Promise<number | null> {
    if (await this.ping(from, to, from.mtu)) return from.mtu;
    let good = 100;
    let bad = from.mtu;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await this.ping(from, to, good))) return null;
      while (bad - good > 1) {
        const middle = Math.floor((good + bad) / 2);
        if (await this.ping(from, to, middle)) good = middle;
        else bad = middle;
      }
      const confirmed = (await this.ping(from, to, good)) && !(await this.ping(from, to, good + 1));
      if (confirmed) return good;
      good = 100;
      bad = from.mtu;
    }
    return null;
  }

  async pairs(pairs: { from: string; to: string }[]): Promise<Measurements["pairs"]> {
    const measured: Measurements["pairs"] = new Map();
    await pool(
      16,
      pairs.map((pair) => async () => {
        const from = this.places.get(pair.from);
        const to = this.places.get(pair.to);
        if (!from || !to) return;
        if (to.ip === null || (from.sourceIp === null && from.ifname !== null)) {
          measured.set(pairKey(pair.from, pair.to), { reachable: false, pathMtu: null });
          return;
        }
        const reachable = await this.reachable(from, to.ip);
        const pathMtu = reachable ? await this.pathMtu(from, to.ip) : null;
        measured.set(pairKey(pair.from, pair.to), { reachable, pathMtu });
      }),
    );
    return measured;
  }

  async bulkDownload(from: Place): Promise<"completes" | "stalls"> {
    // A black-holed transfer stops moving: 4 s without data counts as a stall.
    const client = `
const request = require("node:http").get({ host: "${SERVER_IP}", port: ${BULK_PORT}, path: "/bulk"${from.sourceIp ? `, localAddress: "${from.sourceIp}"` : ""} }, (response) => {
  let bytes = 0;
  response.on("data", (chunk) => { bytes += chunk.length; });
  response.on("end", () => process.exit(bytes === Number(response.headers["content-length"]) ? 0 : 1));
});
request.setTimeout(4000, () => process.exit(2));
request.on("error", () => process.exit(3));`;
    const result = await this.lab.exec(from.sendNs, [process.execPath, "-e", client], 30_000);
    return result.code === 0 ? "completes" : "stalls";
  }

  async internet(ids: string[]): Promise<Measurements["internet"]> {
    const measured: Measurements["internet"] = new Map();
    // Downloads first: a DF ping search to the server could teach its kernel the path MTU.
    await pool(
      4,
      ids.map((id) => async () => {
        const from = this.places.get(id);
        if (!from) return;
        if (from.sourceIp === null && from.ifname !== null) {
          measured.set(id, { reachable: false, pathMtu: null, bulk: "no-path" });
          return;
        }
        const reachable = await this.reachable(from, SERVER_IP);
        const bulk = reachable ? await this.bulkDownload(from) : "no-path";
        measured.set(id, { reachable, pathMtu: null, bulk });
      }),
    );
    await pool(
      6,
      ids.map((id) => async () => {
        const row = measured.get(id);
        const from = this.places.get(id);
        if (row?.reachable && from) row.pathMtu = await this.pathMtu(from, SERVER_IP);
      }),
    );
    return measured;
  }

  async tcpOpen(ns: string, ip: string, port: number): Promise<boolean> {
    const result = await this.lab.exec(
      ns,
      ["timeout", "3", "bash", "-c", `exec 3<>/dev/tcp/${ip}/${port}`],
      5_000,
    );
    return result.code === 0;
  }

  /** Samba on the WAN: do 139 and 445 answer from the network right outside the router? */
  async services(): Promise<Measurements["services"]> {
    const measured: Measurements["services"] = new Map();
    for (const service of this.analysis.services.filter((candidate) => candidate.service === "samba")) {
      const router = this.plan.routers.find((entry) => entry.machineId === service.routerId);
      if (!router) continue;
      let open = true;
      for (const port of SAMBA_PORTS) open = (await this.tcpOpen(router.probeNs, router.wanIp, port)) && open;
      measured.set(service.id, open);
    }
    return measured;
  }
}
