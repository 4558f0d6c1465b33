// The rendered dnsmasq files pass `dnsmasq --test`, and a real dnsmasq in a namespace hands every
// static lease's address to a busybox udhcpc client that carries the lease's MAC.

import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { networkModelSchema } from "@labnet/model";
import { demoModelInput } from "@labnet/model/demo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMachineBundle } from "../render/bundles";
import { Lab, missingPrerequisite, removeDir, run, tempDir, until, writeBundleFiles } from "./harness";

const skip = await missingPrerequisite(["dnsmasq", "busybox", "ip"], true);

function linuxDhcpModel() {
  const input = structuredClone(demoModelInput);
  input.sites!.find((site) => site.id === "site-berlin")!.dhcpServerId = "berlin-db";
  return networkModelSchema.parse(input);
}

describe.skipIf(skip !== null)(`dnsmasq with the rendered files${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const model = linuxDhcpModel();
  const leases = model.leases.filter((lease) => lease.siteId === "site-berlin");
  let root = "";
  let confPath = "";
  const lab = new Lab();

  beforeAll(async () => {
    root = await tempDir("dnsmasq");
    const bundle = renderMachineBundle(model, "berlin-db", { revision: 1 });
    await writeBundleFiles(root, bundle.files);
    // The conf names the hosts file by its path on the target: point it into the test's root.
    confPath = join(root, "/etc/dnsmasq.d/labnet-berlin.conf");
    const conf = await readFile(confPath, "utf8");
    await writeFile(
      confPath,
      conf.replace("dhcp-hostsfile=/etc/labnet/", `dhcp-hostsfile=${root}/etc/labnet/`),
    );
  });

  afterAll(async () => {
    await lab.cleanup();
    await removeDir(root);
  });

  it("passes dnsmasq --test", async () => {
    const result = await run("dnsmasq", ["--test", `--conf-file=${confPath}`]);
    expect(result.stdout + result.stderr).toMatch(/syntax check OK/);
    expect(result.code).toBe(0);
  });

  it("fails dnsmasq --test on a broken line (the check can fail)", async () => {
    const broken = join(root, "broken.conf");
    await writeFile(broken, "dhcp-range=set:x,192.168.10.100,notanaddress,12h\n");
    const result = await run("dnsmasq", ["--test", `--conf-file=${broken}`]);
    expect(result.code).not.toBe(0);
  });

  it("gives each static lease's address to a client with that MAC", async () => {
    const server = await lab.addNamespace("srv");
    await lab.must("ip", ["-n", server, "link", "add", "br0", "type", "bridge"]);
    // Switch mode: the server's LAN carries the intranet prefix, the pool stays in segment 10.
    await lab.must("ip", ["-n", server, "addr", "add", "192.168.10.2/16", "dev", "br0"]);
    await lab.must("ip", ["-n", server, "link", "set", "br0", "up"]);
    const clients = [...leases.map((lease) => lease.mac), "52:54:00:99:99:99"];
    const clientNs: string[] = [];
    for (const [index, mac] of clients.entries()) {
      const ns = await lab.addNamespace(`c${index}`);
      clientNs.push(ns);
      await lab.link(ns, "eth0", server, `p${index}`);
      await lab.must("ip", ["-n", ns, "link", "set", "eth0", "address", mac]);
      await lab.must("ip", ["-n", ns, "link", "set", "eth0", "up"]);
      await lab.must("ip", ["-n", server, "link", "set", `p${index}`, "master", "br0"]);
      await lab.must("ip", ["-n", server, "link", "set", `p${index}`, "up"]);
    }
    const leaseFile = join(root, "dnsmasq.leases");
    lab.start(server, "dnsmasq", [
      "dnsmasq",
      "--keep-in-foreground",
      `--conf-file=${confPath}`,
      "--interface=br0",
      "--bind-interfaces",
      "--port=0",
      "--no-resolv",
      "--no-hosts",
      "--user=root",
      `--dhcp-leasefile=${leaseFile}`,
      `--pid-file=${join(root, "dnsmasq.pid")}`,
      "--log-dhcp",
      "--log-facility=-",
    ]);
    const script = join(root, "udhcpc.sh");
    await writeFile(script, '#!/bin/sh\n[ "$1" = bound ] && echo "BOUND $ip $subnet"\nexit 0\n');
    await chmod(script, 0o755);

    const obtained = await Promise.all(
      clientNs.map((ns) =>
        until(
          `a lease in ${ns}`,
          async () => {
            const result = await lab.exec(
              ns,
              ["busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "3", "-T", "1", "-s", script],
              10_000,
            );
            const match = /BOUND (\S+) (\S+)/.exec(result.stdout);
            return match ? { ip: match[1]!, subnet: match[2]! } : null;
          },
          20_000,
          500,
        ),
      ),
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\ndnsmasq log:\n${lab.logs.get("dnsmasq") ?? ""}`);
    });

    leases.forEach((lease, index) => {
      expect(obtained[index], `client with ${lease.mac}`).toEqual({ ip: lease.ip, subnet: "255.255.0.0" });
    });
    // A MAC without a lease gets an address from the segment's pool, not a static one.
    const stranger = obtained.at(-1)!.ip.split(".").map(Number);
    expect(stranger.slice(0, 3)).toEqual([192, 168, 10]);
    expect(stranger[3]).toBeGreaterThanOrEqual(100);
    expect(stranger[3]).toBeLessThanOrEqual(249);
  }, 60_000);
});
