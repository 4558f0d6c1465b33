// Rendered tinc 1.0 configs start real tincd in namespaces; the sites' LAN addresses (one /16
// switch-mode segment) ping each other across the mesh, and tinc-up keeps DHCP inside each site.

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type NetworkModelInput, networkModelSchema } from "@labnet/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMachineBundle } from "../render/bundles";
import { Lab, missingPrerequisite, removeDir, run, tempDir, until, writeBundleFiles } from "./harness";

const skip = await missingPrerequisite(["tincd", "ip", "ping"], true);

const names = ["north", "east", "south", "west"];
const publicIp = (index: number) => `10.99.0.${index + 1}`;
const lanIp = (index: number) => `192.168.${index + 1}.1`;

function meshModel(publicKeys: string[]) {
  const input: NetworkModelInput = {
    labs: [{ id: "lab", name: "lab" }],
    machines: names.map((name) => ({
      id: `${name}-router`,
      labId: "lab",
      name: `${name}-router`,
      kind: "router" as const,
      router: { openwrtVersion: "23.05.3" },
    })),
    intranets: [{ id: "mesh", name: "mesh", netname: "lnmesh", cidr: "192.168.0.0/16", mode: "switch" }],
    sites: names.map((name, index) => ({
      id: `site-${name}`,
      intranetId: "mesh",
      routerId: `${name}-router`,
      tincName: name,
      segment: index + 1,
      lanIp: lanIp(index),
      publicAddress: publicIp(index),
      publicPort: 655,
      behindNat: false,
      // Like the seed: every site connects to the three others.
      connectTo: names.filter((other) => other !== name).map((other) => `site-${other}`),
      publicKey: publicKeys[index]!,
    })),
  };
  return networkModelSchema.parse(input);
}

describe.skipIf(skip !== null)(`tincd 1.0 switch-mode mesh${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const lab = new Lab();
  let root = "";
  const siteNs: string[] = [];

  beforeAll(async () => {
    root = await tempDir("tinc");
    // Keys are made the way a router makes them: the private key stays in its folder.
    const publicKeys: string[] = [];
    for (const name of names) {
      const keyDir = join(root, "keys", name);
      await run("mkdir", ["-p", keyDir]);
      const generated = await run("sh", ["-c", `tincd -c '${keyDir}' -K2048 </dev/null`], 60_000);
      if (generated.code !== 0) throw new Error(`tincd -K failed: ${generated.stderr}`);
      publicKeys.push((await readFile(join(keyDir, "rsa_key.pub"), "utf8")).trim());
    }
    const model = meshModel(publicKeys);

    const internet = await lab.addNamespace("inet");
    await lab.must("ip", ["-n", internet, "link", "add", "br0", "type", "bridge"]);
    await lab.must("ip", ["-n", internet, "link", "set", "br0", "up"]);
    for (const [index, name] of names.entries()) {
      const ns = await lab.addNamespace(name.slice(0, 4));
      siteNs.push(ns);
      await lab.link(ns, "wan0", internet, `w${index}`);
      await lab.must("ip", ["-n", internet, "link", "set", `w${index}`, "master", "br0"]);
      await lab.must("ip", ["-n", internet, "link", "set", `w${index}`, "up"]);
      await lab.must("ip", ["-n", ns, "addr", "add", `${publicIp(index)}/24`, "dev", "wan0"]);
      await lab.must("ip", ["-n", ns, "link", "set", "wan0", "up"]);
      // What /etc/config/network sets up: br-lan with the LAN address and the intranet prefix.
      await lab.must("ip", ["-n", ns, "link", "add", "br-lan", "type", "bridge"]);
      await lab.must("ip", ["-n", ns, "addr", "add", `${lanIp(index)}/16`, "dev", "br-lan"]);
      await lab.must("ip", ["-n", ns, "link", "set", "br-lan", "up"]);

      const bundle = renderMachineBundle(model, `${name}-router`, { revision: 1 });
      const siteRoot = join(root, name);
      await writeBundleFiles(siteRoot, bundle.files);
      const confDir = join(siteRoot, "etc/tinc/lnmesh");
      await run("cp", [join(root, "keys", name, "rsa_key.priv"), join(confDir, "rsa_key.priv")]);
      lab.start(ns, `tincd-${name}`, [
        "tincd",
        "-n",
        "lnmesh",
        "-c",
        confDir,
        "-D",
        "-d1",
        `--pidfile=${join(siteRoot, "tincd.pid")}`,
      ]);
    }
  }, 120_000);

  afterAll(async () => {
    await lab.cleanup();
    await removeDir(root);
  });

  it("bridges each tap into br-lan through the rendered tinc-up", async () => {
    for (const ns of siteNs) {
      await until(
        `the tap in br-lan of ${ns}`,
        async () => {
          const links = await run("ip", ["-n", ns, "-o", "link", "show", "master", "br-lan"]);
          return links.stdout.includes("lnmesh") ? true : null;
        },
        15_000,
      );
    }
  }, 30_000);

  it("lets every site ping every other site's LAN address across the mesh", async () => {
    for (const [from, ns] of siteNs.entries()) {
      for (const [to] of names.entries()) {
        if (from === to) continue;
        await until(
          `ping ${names[from]} → ${names[to]} (${lanIp(to)})`,
          async () => {
            const ping = await lab.exec(ns, ["ping", "-c", "1", "-W", "1", lanIp(to)], 5_000);
            return ping.code === 0 ? true : null;
          },
          30_000,
          500,
        ).catch((error) => {
          const logs = [...lab.logs.entries()]
            .map(([label, log]) => `--- ${label}\n${log.slice(-2000)}`)
            .join("\n");
          throw new Error(`${(error as Error).message}\n${logs}`);
        });
      }
    }
  }, 120_000);

  it("keeps DHCP inside each site: a client at east gets no offer from north's dnsmasq", async () => {
    const nft = await run("sh", ["-c", "command -v nft && command -v dnsmasq && command -v busybox"]);
    if (nft.code !== 0) return expect.soft(nft.code, "nft, dnsmasq or busybox missing: not checked").toBe(0);
    const [north, east] = siteNs as [string, string];
    lab.start(north, "dnsmasq-north", [
      "dnsmasq",
      "--keep-in-foreground",
      "--interface=br-lan",
      "--bind-interfaces",
      "--port=0",
      "--user=root",
      "--dhcp-range=192.168.1.100,192.168.1.200,1h",
      `--dhcp-leasefile=${join(root, "north.leases")}`,
      `--pid-file=${join(root, "north-dnsmasq.pid")}`,
    ]);
    // Ask only once north's dnsmasq is up, so a slow start under load cannot pass for "no offer".
    await until(
      "north's dnsmasq to start",
      async () =>
        (await readFile(join(root, "north-dnsmasq.pid"), "utf8").catch(() => "")).trim() ? true : null,
      15_000,
    );
    const script = join(root, "udhcpc.sh");
    await writeFile(script, '#!/bin/sh\n[ "$1" = bound ] && echo "BOUND $ip"\nexit 0\n', { mode: 0o755 });
    const askFrom = async (site: string, name: string) => {
      const client = await lab.addNamespace(name);
      await lab.link(client, "eth0", site, `v${name}`);
      await lab.must("ip", ["-n", site, "link", "set", `v${name}`, "master", "br-lan"]);
      await lab.must("ip", ["-n", site, "link", "set", `v${name}`, "up"]);
      await lab.must("ip", ["-n", client, "link", "set", "eth0", "up"]);
      const result = await lab.exec(
        client,
        // 6 discovers, 2 s apart: long enough under load, bounded all the same.
        ["busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "6", "-T", "2", "-s", script],
        20_000,
      );
      return /BOUND (\S+)/.exec(result.stdout)?.[1] ?? null;
    };
    // Control: north's own LAN client is served, so the silence at east means the filter works.
    expect(await askFrom(north, "cn")).toMatch(/^192\.168\.1\.(1\d\d|200)$/);
    expect(await askFrom(east, "ce")).toBeNull();
  }, 90_000);

  it("keeps DHCP inside each site: tinc-up installed the bridge filter", async () => {
    const nft = await run("sh", ["-c", "command -v nft"]);
    if (nft.code !== 0) return expect.soft(nft.code, "nft missing: filter not checked").toBe(0);
    const table = await lab.exec(siteNs[0]!, ["nft", "list", "table", "bridge", "labnet_dhcp_lnmesh"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/iifname "lnmesh" udp dport \{ 67, 68 \} drop/);
  });
});
