// What OpenWrt's init scripts make of labnet's rendered UCI files, for a plain Linux namespace:
// network → the LAN bridge and its address, dhcp → dnsmasq arguments (as OpenWrt's dnsmasq init
// does), firewall → an nftables ruleset with fw4's structure (zones, forwardings, rules, masq,
// mtu_fix). Only what labnet renders is translated; anything else is an error naming the line.
import type { BundleFile } from "@labnet/config";
import { parseUci, type UciDocument } from "@labnet/config";
import { intToIpv4, ipv4ToInt } from "@labnet/model";

type UciSection = UciDocument["sections"][number];

export interface LanSetup {
  bridge: string;
  ports: string[];
  address: string;
  netmask: string;
  prefix: number;
  mtu: number | null;
}

export interface RouterSetup {
  lan: LanSetup;
  wanDevice: string;
  wanMtu: number | null;
  /** dnsmasq arguments for the LAN, or null when the LAN's DHCP is served elsewhere (ignore 1). */
  dnsmasqArgs: string[] | null;
  nftRuleset: string;
  /** tinc folders: netname → files relative to /etc/tinc/<netname>/ */
  tinc: Map<string, BundleFile[]>;
  /** Whether samba listens on the WAN (the seed's passthrough). */
  sambaOnWan: boolean;
}

export class TranslationError extends Error {}

const get = (section: UciSection, key: string) => section.options.get(key)?.values[0];
function list(section: UciSection, key: string): string[] {
  const option = section.options.get(key);
  if (!option) return [];
  return option.isList ? option.values : option.values[0]!.split(/\s+/).filter(Boolean);
}

function parseFile(files: BundleFile[], path: string): UciDocument | null {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) return null;
  const doc = parseUci(file.content);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new TranslationError(`${path}:${first.line}: ${first.message}`);
  }
  return doc;
}

function prefixOf(netmask: string): number {
  const bits = ipv4ToInt(netmask).toString(2);
  return bits.replace(/0+$/, "").length;
}

function network(files: BundleFile[]): { lan: LanSetup; wanDevice: string; wanMtu: number | null } {
  const doc = parseFile(files, "/etc/config/network");
  if (!doc) throw new TranslationError("/etc/config/network is missing from the router's bundle");
  const interfaces = new Map(
    doc.sections.filter((s) => s.type === "interface" && s.name).map((s) => [s.name!, s]),
  );
  const devices = doc.sections.filter((s) => s.type === "device");
  const lan = interfaces.get("lan");
  const wan = interfaces.get("wan");
  if (!lan || !wan) throw new TranslationError("/etc/config/network: needs interfaces 'lan' and 'wan'");
  const address = get(lan, "ipaddr");
  const netmask = get(lan, "netmask");
  if (!address || !netmask)
    throw new TranslationError(`/etc/config/network:${lan.line}: lan needs ipaddr and netmask`);
  let ports: string[];
  let bridge: string;
  let mtu = get(lan, "mtu");
  const deviceName = get(lan, "device");
  if (deviceName) {
    // 21.02+: the bridge is a `config device` with `list ports`.
    const device = devices.find((candidate) => get(candidate, "name") === deviceName);
    if (!device) throw new TranslationError(`/etc/config/network:${lan.line}: no device ${deviceName}`);
    bridge = deviceName;
    ports = list(device, "ports");
    mtu = get(device, "mtu") ?? mtu;
  } else {
    // Legacy: interface + type bridge → br-<name>, ifname → ports.
    bridge = get(lan, "type") === "bridge" ? "br-lan" : list(lan, "ifname")[0]!;
    ports = list(lan, "ifname");
  }
  const wanDevice = get(wan, "device") ?? get(wan, "ifname");
  if (!wanDevice) throw new TranslationError(`/etc/config/network:${wan.line}: wan needs a device`);
  const wanMtu = get(wan, "mtu");
  return {
    lan: { bridge, ports, address, netmask, prefix: prefixOf(netmask), mtu: mtu ? Number(mtu) : null },
    wanDevice,
    wanMtu: wanMtu ? Number(wanMtu) : null,
  };
}

/** OpenWrt's dnsmasq init: `start` is an offset from the LAN's network address. */
export function dnsmasqArguments(files: BundleFile[], lan: LanSetup): string[] | null {
  const doc = parseFile(files, "/etc/config/dhcp");
  if (!doc) return null;
  const pool = doc.sections.find((s) => s.type === "dhcp" && get(s, "interface") === "lan");
  if (!pool || get(pool, "ignore") === "1") return null;
  const base = (ipv4ToInt(lan.address) & ipv4ToInt(lan.netmask)) >>> 0;
  const start = Number(get(pool, "start") ?? 100);
  const limit = Number(get(pool, "limit") ?? 150);
  const leaseTime = get(pool, "leasetime") ?? "12h";
  const args = [
    `--dhcp-range=set:lan,${intToIpv4(base + start)},${intToIpv4(base + start + limit - 1)},${lan.netmask},${leaseTime}`,
  ];
  const options = doc.sections.find((s) => s.type === "dnsmasq");
  if (options && get(options, "authoritative") === "1") args.push("--dhcp-authoritative");
  for (const host of doc.sections.filter((s) => s.type === "host")) {
    const mac = get(host, "mac");
    const ip = get(host, "ip");
    if (!mac || !ip) throw new TranslationError(`/etc/config/dhcp:${host.line}: host needs mac and ip`);
    const tags = list(host, "tag").map((tag) => `set:${tag}`);
    const fields = [mac, ...tags, ip, get(host, "name"), get(host, "leasetime")].filter(
      (field): field is string => field !== undefined,
    );
    args.push(`--dhcp-host=${fields.join(",")}`);
  }
  return args;
}

const verdicts: Record<string, string> = { ACCEPT: "accept", DROP: "drop", REJECT: "jump handle_reject" };

function verdictOf(target: string | undefined, where: string): string {
  const verdict = verdicts[target ?? "ACCEPT"];
  if (!verdict) throw new TranslationError(`${where}: unknown target "${target}"`);
  return verdict;
}

function deviceSet(devices: string[]): string {
  return devices.length === 1
    ? `"${devices[0]}"`
    : `{ ${devices.map((device) => `"${device}"`).join(", ")} }`;
}

/** fw4's ruleset for the zones, forwardings and rules labnet renders. */
export function firewallRuleset(files: BundleFile[], devicesOf: (network: string) => string | null): string {
  const doc = parseFile(files, "/etc/config/firewall");
  if (!doc) throw new TranslationError("/etc/config/firewall is missing from the router's bundle");
  const where = (section: UciSection) => `/etc/config/firewall:${section.line}`;
  const defaults = doc.sections.find((s) => s.type === "defaults");
  const zones = doc.sections
    .filter((s) => s.type === "zone")
    .map((zone) => {
      const name = get(zone, "name");
      if (!name) throw new TranslationError(`${where(zone)}: zone without a name`);
      const devices = [...list(zone, "network").map((net) => devicesOf(net)), ...list(zone, "device")].filter(
        (device): device is string => device !== null,
      );
      return { section: zone, name, devices };
    })
    .filter((zone) => zone.devices.length > 0);
  const zoneByName = new Map(zones.map((zone) => [zone.name, zone]));
  const lines: string[] = ["table inet labnet_fw {"];
  const chain = (name: string, header: string | null, rules: string[]) => {
    lines.push(`\tchain ${name} {`);
    if (header) lines.push(`\t\t${header}`);
    for (const rule of rules) lines.push(`\t\t${rule}`);
    lines.push("\t}");
  };
  chain("handle_reject", null, ["meta l4proto tcp reject with tcp reset", "reject"]);

  const matchRule = (rule: UciSection): string => {
    const protos = list(rule, "proto");
    const port = get(rule, "dest_port");
    const icmpType = get(rule, "icmp_type");
    const parts: string[] = [];
    const l4 = protos.filter((proto) => proto !== "all");
    if (port !== undefined) {
      const ported = (l4.length > 0 ? l4 : ["tcp", "udp"]).filter(
        (proto) => proto === "tcp" || proto === "udp",
      );
      parts.push(
        ported.length === 1
          ? `${ported[0]} dport ${port}`
          : `meta l4proto { ${ported.join(", ")} } th dport ${port}`,
      );
    } else if (l4.includes("icmp")) {
      parts.push(icmpType ? `icmp type ${icmpType}` : "meta l4proto icmp");
    } else if (l4.length > 0) {
      parts.push(`meta l4proto { ${l4.join(", ")} }`);
    }
    return parts.join(" ");
  };
  const rules = doc.sections.filter((s) => s.type === "rule");
  const forwardings = doc.sections.filter((s) => s.type === "forwarding");

  for (const zone of zones) {
    const input = rules
      .filter((rule) => get(rule, "src") === zone.name && get(rule, "dest") === undefined)
      .map((rule) => `${matchRule(rule)} ${verdictOf(get(rule, "target"), where(rule))}`.trim());
    input.push(verdictOf(get(zone.section, "input"), where(zone.section)));
    chain(`input_${zone.name}`, null, input);

    const forward: string[] = [];
    for (const rule of rules.filter((r) => get(r, "src") === zone.name && get(r, "dest") !== undefined)) {
      const dest = zoneByName.get(get(rule, "dest")!);
      if (!dest) continue;
      forward.push(
        `oifname ${deviceSet(dest.devices)} ${matchRule(rule)} ${verdictOf(get(rule, "target"), where(rule))}`.replace(
          /\s+/g,
          " ",
        ),
      );
    }
    for (const forwarding of forwardings.filter((f) => get(f, "src") === zone.name)) {
      const dest = zoneByName.get(get(forwarding, "dest") ?? "");
      if (dest) forward.push(`oifname ${deviceSet(dest.devices)} accept`);
    }
    // fw4: a zone's forward policy covers traffic between its own networks.
    forward.push(
      `oifname ${deviceSet(zone.devices)} ${verdictOf(get(zone.section, "forward"), where(zone.section))}`,
    );
    chain(`forward_${zone.name}`, null, forward);
  }
  const policy = (key: string) => {
    const target = defaults ? get(defaults, key) : "ACCEPT";
    return target === "ACCEPT" || target === undefined ? "accept" : "drop";
  };
  const tail = (key: string) => {
    const target = defaults ? get(defaults, key) : undefined;
    return target === "REJECT" ? ["jump handle_reject"] : [];
  };
  chain("input", `type filter hook input priority filter; policy ${policy("input")};`, [
    "ct state established,related accept",
    "ct state invalid drop",
    'iifname "lo" accept',
    ...zones.map((zone) => `iifname ${deviceSet(zone.devices)} jump input_${zone.name}`),
    ...tail("input"),
  ]);
  chain("forward", `type filter hook forward priority filter; policy ${policy("forward")};`, [
    "ct state established,related accept",
    "ct state invalid drop",
    ...zones.map((zone) => `iifname ${deviceSet(zone.devices)} jump forward_${zone.name}`),
    ...tail("forward"),
  ]);
  const masq = zones.filter((zone) => get(zone.section, "masq") === "1");
  chain(
    "srcnat",
    "type nat hook postrouting priority srcnat; policy accept;",
    masq.map((zone) => `oifname ${deviceSet(zone.devices)} masquerade`),
  );
  const mtuFix = zones.filter((zone) => get(zone.section, "mtu_fix") === "1");
  chain(
    "mangle_forward",
    "type filter hook forward priority mangle; policy accept;",
    mtuFix.flatMap((zone) => [
      `oifname ${deviceSet(zone.devices)} tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu`,
      `iifname ${deviceSet(zone.devices)} tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu`,
    ]),
  );
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function tincFolders(files: BundleFile[]): Map<string, BundleFile[]> {
  const folders = new Map<string, BundleFile[]>();
  for (const file of files) {
    const match = /^\/etc\/tinc\/([^/]+)\/(.+)$/.exec(file.path);
    if (!match) continue;
    const [, netname, relative] = match as unknown as [string, string, string];
    folders.set(netname, [...(folders.get(netname) ?? []), { ...file, path: relative }]);
  }
  return folders;
}

export function translateRouterBundle(files: BundleFile[]): RouterSetup {
  const { lan, wanDevice, wanMtu } = network(files);
  const tinc = tincFolders(files);
  const devicesOf = (net: string) => (net === "lan" ? lan.bridge : net === "wan" ? wanDevice : null);
  const samba = parseFile(files, "/etc/config/samba4");
  const sambaOnWan =
    samba?.sections.some((s) => s.type === "samba" && list(s, "interface").includes("wan")) ?? false;
  return {
    lan,
    wanDevice,
    wanMtu,
    dnsmasqArgs: dnsmasqArguments(files, lan),
    nftRuleset: firewallRuleset(files, devicesOf),
    tinc,
    sambaOnWan,
  };
}

/**
 * The rendered tinc-up/-down mount and unmount remote CIFS shares on the router. In a namespace
 * that would touch the host's file system (mount namespaces are shared), so the harness installs
 * the scripts without the share blocks; everything else runs as rendered.
 */
export function withoutShareMounts(script: string): string {
  const kept: string[] = [];
  let inBlock = false;
  for (const line of script.split("\n")) {
    if (!inBlock && /^# .*: \/\/\S+/.test(line)) {
      inBlock = true;
      continue;
    }
    if (inBlock) {
      if (/^\) <\/dev\/null .*&$/.test(line)) inBlock = false;
      continue;
    }
    if (/^umount -l /.test(line) || /^# Lazy unmounts/.test(line)) continue;
    kept.push(line);
  }
  return kept.join("\n");
}
