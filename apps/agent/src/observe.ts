// What the agent sees on its machine: interfaces (name, MAC, MTU, addresses) and live DHCP leases.
import { readFile } from "node:fs/promises";
import { networkInterfaces } from "node:os";
import { join } from "node:path";

export interface Observations {
  interfaces: { name: string; mac: string | null; mtu: number | null; addresses: string[] }[];
  leases?: { expiresAt: number; mac: string; ip: string; hostname: string | null }[];
}

const leaseFiles = ["/tmp/dhcp.leases", "/var/lib/misc/dnsmasq.leases"];

export async function observe(root: string | null, leaseFile: string | null): Promise<Observations> {
  const interfaces: Observations["interfaces"] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (!addresses || name === "lo") continue;
    const mac = addresses.find((address) => address.mac !== "00:00:00:00:00:00")?.mac ?? null;
    interfaces.push({
      name,
      mac,
      mtu: await linuxMtu(name),
      addresses: addresses.map((address) => address.cidr ?? address.address),
    });
  }
  const observations: Observations = { interfaces };
  for (const file of leaseFile ? [leaseFile] : leaseFiles) {
    const text = await readFile(root ? join(root, file) : file, "utf8").catch(() => null);
    if (text !== null) {
      observations.leases = parseLeases(text);
      break;
    }
  }
  return observations;
}

async function linuxMtu(name: string): Promise<number | null> {
  if (process.platform !== "linux") return null;
  const text = await readFile(`/sys/class/net/${name}/mtu`, "utf8").catch(() => null);
  return text ? Number(text.trim()) || null : null;
}

/** dnsmasq's lease file: `<expiry> <mac> <ip> <hostname|*> <client-id|*>`; IPv6 after a `duid` line. */
export function parseLeases(text: string): NonNullable<Observations["leases"]> {
  const leases: NonNullable<Observations["leases"]> = [];
  for (const line of text.split("\n")) {
    const [expiry, mac, ip, hostname] = line.trim().split(/\s+/);
    if (expiry === "duid") break;
    if (
      !expiry ||
      !/^\d+$/.test(expiry) ||
      !mac ||
      !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac) ||
      !ip?.includes(".")
    )
      continue;
    leases.push({
      expiresAt: Number(expiry),
      mac: mac.toLowerCase(),
      ip,
      hostname: hostname && hostname !== "*" ? hostname : null,
    });
  }
  return leases;
}
