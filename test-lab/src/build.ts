// Realises an EmulationPlan: namespaces, bridges, veth links, routes, hop rules, then each router
// from its bundle, rendered or as the labnet agent applied it (LAN bridge, fw4-equivalent
// nftables, dnsmasq with the static leases, tinc 1.0 with keys made per site) and the bulk
// download server.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BundleFile } from "@labnet/config";
import { run, until, writeBundleFiles } from "@labnet/config/proof";
import type { NetworkModel } from "@labnet/model";
import type { Netns } from "./netns";
import { translateRouterBundle, withoutShareMounts } from "./openwrt";
import { BULK_PORT, type EmulationPlan, type Interface, type RouterPlan } from "./plan";

export const SAMBA_PORTS = [139, 445] as const;

/** tinc keys are made the way a router makes them (`tincd -K`): only the public half enters the model. */
export async function generateTincKeys(model: NetworkModel, root: string): Promise<NetworkModel> {
  const withKeys = structuredClone(model);
  // A key already in the model has its private half on a real router: make a fresh pair.
  for (const site of withKeys.sites) {
    const keyDir = join(root, "keys", site.id);
    await mkdir(keyDir, { recursive: true });
    const generated = await run("sh", ["-c", `tincd -c '${keyDir}' -K2048 </dev/null`], 60_000);
    if (generated.code !== 0) throw new Error(`tincd -K for ${site.tincName} failed: ${generated.stderr}`);
    site.publicKey = (await readFile(join(keyDir, "rsa_key.pub"), "utf8")).trim();
  }
  return withKeys;
}

async function addInterface(lab: Netns, end: Interface): Promise<void> {
  const dev = ["dev", end.ifname];
  await lab.must("ip", ["-n", end.ns, "link", "set", ...dev, "mtu", String(end.mtu)]);
  if (end.mac) await lab.must("ip", ["-n", end.ns, "link", "set", ...dev, "address", end.mac]);
  if (end.master) await lab.must("ip", ["-n", end.ns, "link", "set", ...dev, "master", end.master]);
  if (end.address) await lab.must("ip", ["-n", end.ns, "addr", "add", end.address, ...dev]);
  await lab.must("ip", ["-n", end.ns, "link", "set", ...dev, "up"]);
}

export async function buildTopology(lab: Netns, plan: EmulationPlan): Promise<void> {
  for (const { ns, forwards } of plan.namespaces) {
    await lab.add(ns);
    // Every box of the lab runs with the kernel's defaults; forwarding where the model routes.
    await lab.mustExec(ns, ["sysctl", "-qw", `net.ipv4.ip_forward=${forwards ? 1 : 0}`]);
  }
  for (const bridge of plan.bridges) {
    await lab.must("ip", ["-n", bridge.ns, "link", "add", bridge.name, "type", "bridge"]);
    await lab.must("ip", ["-n", bridge.ns, "link", "set", bridge.name, "mtu", String(bridge.mtu), "up"]);
  }
  for (const [index, link] of plan.links.entries()) {
    const tmpA = `lnt${index}a`;
    const tmpB = `lnt${index}b`;
    await lab.must("ip", [
      "-n",
      link.a.ns,
      "link",
      "add",
      tmpA,
      "type",
      "veth",
      "peer",
      "name",
      tmpB,
      "netns",
      link.b.ns,
    ]);
    await lab.must("ip", ["-n", link.a.ns, "link", "set", tmpA, "name", link.a.ifname]);
    await lab.must("ip", ["-n", link.b.ns, "link", "set", tmpB, "name", link.b.ifname]);
    await addInterface(lab, link.a);
    await addInterface(lab, link.b);
  }
  for (const route of plan.routes) {
    await lab.must("ip", ["-n", route.ns, "route", "add", route.to, "via", route.via]);
  }
  for (const hop of plan.hops) await lab.pipe(hop.ns, ["nft", "-f", "-"], hop.nftRules);
  for (const extra of plan.extraNft) await lab.pipe(extra.ns, ["nft", "-f", "-"], extra.rules);
}

export interface RouterRuntime {
  plan: RouterPlan;
  root: string;
  tincNets: string[];
}

function intranetMode(model: NetworkModel, netname: string): "switch" | "router" | null {
  return model.intranets.find((intranet) => intranet.netname === netname)?.mode ?? null;
}

/** Points each site's Address at the emulated public address of its lab. */
function rewriteAddresses(content: string, publicIpBySite: Map<string, string>, host: string): string {
  const ip = publicIpBySite.get(host);
  return ip === undefined ? content : content.replace(/^Address = \S+/m, `Address = ${ip}`);
}

export async function startRouters(
  lab: Netns,
  plan: EmulationPlan,
  model: NetworkModel,
  root: string,
  /** Model machine id → the files to install (rendered, or what the agent applied). */
  bundles: Map<string, BundleFile[]>,
): Promise<RouterRuntime[]> {
  const routerByMachine = new Map(plan.routers.map((router) => [router.machineId, router]));
  const publicIpBySite = new Map<string, string>();
  for (const site of model.sites) {
    const router = routerByMachine.get(site.routerId);
    if (router) publicIpBySite.set(site.tincName, router.publicIp);
  }
  const runtimes: RouterRuntime[] = [];
  for (const router of plan.routers) {
    const files = bundles.get(router.machineId);
    if (!files) throw new Error(`no files for ${router.name}`);
    const setup = translateRouterBundle(files);
    if (setup.wanDevice !== router.wanIfname)
      throw new Error(
        `${router.name}: /etc/config/network names WAN ${setup.wanDevice}, the NIC is ${router.wanIfname}`,
      );
    const ns = router.ns;
    const routerRoot = join(root, "routers", router.machineId);
    await writeBundleFiles(routerRoot, files);

    await lab.must("ip", ["-n", ns, "link", "add", setup.lan.bridge, "type", "bridge"]);
    for (const port of setup.lan.ports) {
      await lab.must("ip", ["-n", ns, "link", "set", "dev", port, "master", setup.lan.bridge]);
    }
    // netifd gives the bridge its first port's MAC; the kernel would change it whenever a port
    // with a lower MAC joins (tinc's tap), which disturbs DHCP exchanges in flight.
    const firstPort = plan.links.find((link) => link.a.ns === ns && link.a.ifname === setup.lan.ports[0]);
    if (firstPort?.a.mac)
      await lab.must("ip", ["-n", ns, "link", "set", setup.lan.bridge, "address", firstPort.a.mac]);
    if (setup.lan.mtu !== null)
      await lab.must("ip", ["-n", ns, "link", "set", setup.lan.bridge, "mtu", String(setup.lan.mtu)]);
    await lab.must("ip", [
      "-n",
      ns,
      "addr",
      "add",
      `${setup.lan.address}/${setup.lan.prefix}`,
      "dev",
      setup.lan.bridge,
    ]);
    await lab.must("ip", ["-n", ns, "link", "set", setup.lan.bridge, "up"]);
    await lab.pipe(ns, ["nft", "-f", "-"], setup.nftRuleset);

    if (setup.dnsmasqArgs) {
      lab.start(ns, `dnsmasq ${router.name}`, [
        "dnsmasq",
        "--keep-in-foreground",
        "--port=0",
        "--no-resolv",
        "--no-hosts",
        "--user=root",
        "--bind-interfaces",
        `--interface=${setup.lan.bridge}`,
        `--dhcp-leasefile=${join(routerRoot, "dhcp.leases")}`,
        `--pid-file=${join(routerRoot, "dnsmasq.pid")}`,
        "--log-dhcp",
        "--log-facility=-",
        ...setup.dnsmasqArgs,
      ]);
    }
    if (setup.sambaOnWan) {
      // smbd is not what is under test: its firewall is. A listener on 139 and 445 stands in.
      lab.start(ns, `samba ports ${router.name}`, [
        process.execPath,
        "-e",
        `const net = require("node:net"); for (const port of [${SAMBA_PORTS.join(",")}]) net.createServer((s) => s.end()).listen(port, "0.0.0.0");`,
      ]);
    }
    const tincNets: string[] = [];
    for (const [netname, files] of setup.tinc) {
      const confDir = join(routerRoot, "tinc", netname);
      for (const file of files) {
        const target = join(confDir, file.path);
        await mkdir(join(target, ".."), { recursive: true });
        let content = file.content;
        if (file.path.startsWith("hosts/"))
          content = rewriteAddresses(content, publicIpBySite, file.path.slice("hosts/".length));
        if (file.path === "tinc-up" || file.path === "tinc-down") content = withoutShareMounts(content);
        await writeFile(target, content, { mode: file.mode });
        await chmod(target, file.mode);
      }
      const site = model.sites.find(
        (candidate) =>
          candidate.routerId === router.machineId &&
          model.intranets.find((intranet) => intranet.id === candidate.intranetId)?.netname === netname,
      );
      if (site) {
        const key = await readFile(join(root, "keys", site.id, "rsa_key.priv"), "utf8");
        await writeFile(join(confDir, "rsa_key.priv"), key, { mode: 0o600 });
      }
      lab.start(ns, `tincd ${router.name}`, [
        "tincd",
        "-n",
        netname,
        "-c",
        confDir,
        "-D",
        "-d2",
        `--pidfile=${join(confDir, "tincd.pid")}`,
      ]);
      tincNets.push(netname);
      if (intranetMode(model, netname) === "switch")
        await until(
          `${router.name}: tinc-up puts the ${netname} tap into ${setup.lan.bridge}`,
          async () => {
            const ports = await lab.exec(ns, ["ip", "-o", "link", "show", "master", setup.lan.bridge]);
            return ports.stdout.includes(`${netname}:`) ? true : null;
          },
          15_000,
        );
    }
    runtimes.push({ plan: router, root: routerRoot, tincNets });
  }
  return runtimes;
}

export async function startBulkServer(lab: Netns, plan: EmulationPlan, megabytes: number): Promise<void> {
  const script = `
const http = require("node:http");
const chunk = Buffer.alloc(65536, 120);
http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": ${megabytes} * 1048576 });
  let left = ${megabytes} * 16;
  const pump = () => { while (left > 0) { left--; if (!res.write(chunk)) return res.once("drain", pump); } res.end(); };
  pump();
}).listen(${BULK_PORT}, "0.0.0.0");`;
  lab.start(plan.serverNs, "bulk server", [process.execPath, "-e", script]);
}
