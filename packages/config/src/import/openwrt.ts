// Importers for OpenWrt's /etc/config files (UCI): dhcp, network, firewall, sqm, samba4.
import {
  firewallRuleSchema,
  intToIpv4,
  ipv4ToInt,
  netmaskOf,
  parseCidr,
  parseIPv4,
  prefixMask,
  segmentOf,
  sqmSchema,
} from "@labnet/model";
import { OPENWRT_DEFAULT_RULES } from "../render/openwrt-firewall";
import { parseUci, type UciSection, uciBoolean, uciGet, uciGetList } from "../uci/parse";
import { checkHostname, checkInt, checkIp, checkLeaseTime, checkMac, leaseIdFor } from "./fields";
import { emptyFragment, type ImportResult, LOCAL_SITE_ID, type ModelFragment, Problems } from "./types";

function parseWith(text: string, file: string) {
  const problems = new Problems(file);
  const doc = parseUci(text);
  for (const error of doc.errors) problems.error(error.line, error.message);
  return { problems, doc };
}

function optionLine(section: UciSection, key: string): number {
  return section.options.get(key)?.line ?? section.line;
}

function bool(problems: Problems, section: UciSection, key: string): boolean | undefined {
  const raw = uciGet(section, key);
  const value = uciBoolean(raw);
  if (raw !== undefined && value === undefined) {
    problems.error(
      optionLine(section, key),
      `${key} "${raw}" is not a boolean (use 0/1, yes/no, on/off, true/false)`,
    );
  }
  return value;
}

// ── dhcp ─────────────────────────────────────────────────────────────────────────────────────

export function importOpenwrtDhcp(text: string, file = "/etc/config/dhcp"): ImportResult {
  const { problems, doc } = parseWith(text, file);
  const fragment = emptyFragment();
  const site: ModelFragment["sites"][number] = { id: LOCAL_SITE_ID };
  for (const section of doc.sections) {
    if (section.type === "dhcp" && uciGet(section, "interface") === "lan") {
      const start = uciGet(section, "start");
      const limit = uciGet(section, "limit");
      const leaseTime = uciGet(section, "leasetime");
      // start is an offset from the LAN's network address: with a /16 LAN it includes the segment.
      const startValue =
        start === undefined
          ? null
          : checkInt(problems, optionLine(section, "start"), start, "start", 1, 65534);
      if (startValue !== null && startValue % 256 === 0) {
        problems.error(optionLine(section, "start"), `start ${startValue} points at a network address`);
      } else if (startValue !== null) site.dhcpStart = startValue % 256;
      const limitValue =
        limit === undefined ? null : checkInt(problems, optionLine(section, "limit"), limit, "limit", 0, 254);
      if (limitValue !== null) site.dhcpLimit = limitValue;
      if (leaseTime !== undefined) {
        const checked = checkLeaseTime(problems, optionLine(section, "leasetime"), leaseTime);
        if (checked) site.leaseTime = checked;
      }
      if (bool(problems, section, "ignore")) {
        problems.warn(
          section.line,
          "DHCP is off on lan (ignore '1'): another server must serve this segment",
        );
      }
    } else if (section.type === "host") {
      const lease = importHost(problems, section);
      if (lease) fragment.leases.push(lease);
    }
  }
  fragment.sites.push(site);
  return problems.result(fragment);
}

function importHost(problems: Problems, section: UciSection): ModelFragment["leases"][number] | null {
  if (bool(problems, section, "enable") === false) {
    problems.warn(optionLine(section, "enable"), "host is disabled (enable '0'): not imported");
    return null;
  }
  const macs = uciGetList(section, "mac");
  const ip = uciGet(section, "ip");
  const name = uciGet(section, "name");
  if (macs.length === 0 || ip === undefined || name === undefined) {
    problems.error(section.line, "config host needs mac, ip and name to become a static lease");
    return null;
  }
  if (macs.length > 1) {
    problems.warn(
      optionLine(section, "mac"),
      `several MACs for ${name}: only the first (${macs[0]}) is imported`,
    );
  }
  const mac = checkMac(problems, optionLine(section, "mac"), macs[0]!);
  const address = checkIp(problems, optionLine(section, "ip"), ip, "ip");
  const hostname = checkHostname(problems, optionLine(section, "name"), name);
  const leaseTimeRaw = uciGet(section, "leasetime");
  const leaseTime =
    leaseTimeRaw === undefined
      ? "infinite"
      : checkLeaseTime(problems, optionLine(section, "leasetime"), leaseTimeRaw);
  if (!mac || !address || !hostname || !leaseTime) return null;
  return {
    id: leaseIdFor(mac),
    siteId: LOCAL_SITE_ID,
    mac,
    ip: address,
    hostname,
    leaseTime,
    tags: uciGetList(section, "tag"),
  };
}

// ── network ──────────────────────────────────────────────────────────────────────────────────

export function importOpenwrtNetwork(text: string, file = "/etc/config/network"): ImportResult {
  const { problems, doc } = parseWith(text, file);
  const fragment = emptyFragment();
  const devices = new Map(
    doc.sections
      .filter((section) => section.type === "device" && uciGet(section, "name"))
      .map((section) => [uciGet(section, "name")!, section]),
  );
  const interfaces = new Map(
    doc.sections
      .filter((section) => section.type === "interface" && section.name)
      .map((section) => [section.name!, section]),
  );
  fragment.router = { openwrtVersion: devices.size > 0 ? "21.02" : "19.07" };
  problems.warn(
    0,
    `OpenWrt version guessed from the syntax (${fragment.router.openwrtVersion} or later): check it`,
  );

  const lan = interfaces.get("lan");
  if (lan) importLan(problems, fragment, lan, devices);
  else problems.warn(0, "no interface 'lan'");
  const wan = interfaces.get("wan");
  if (wan) {
    const proto = uciGet(wan, "proto");
    if (proto === "dhcp" || proto === "static" || proto === "pppoe") fragment.router.wanProto = proto;
    else if (proto !== undefined)
      problems.error(optionLine(wan, "proto"), `wan proto "${proto}" is not one of dhcp, static, pppoe`);
    const ipaddr = uciGet(wan, "ipaddr");
    if (proto === "static" && ipaddr) {
      const ip = checkIp(problems, optionLine(wan, "ipaddr"), ipaddr.split("/")[0]!, "wan ipaddr");
      if (ip) fragment.router.wanIp = ip;
    }
    const port = portsOf(wan, devices)[0];
    fragment.nics.push({
      name: port ?? "eth1",
      role: "wan",
      addressing: "dynamic",
      ...mtuOf(problems, wan, devices, port),
    });
  }
  return problems.result(fragment);
}

function portsOf(section: UciSection, devices: Map<string, UciSection>): string[] {
  const device = uciGet(section, "device");
  if (device !== undefined) {
    const deviceSection = devices.get(device);
    return deviceSection && uciGet(deviceSection, "type") === "bridge"
      ? uciGetList(deviceSection, "ports")
      : [device];
  }
  return uciGetList(section, "ifname");
}

function mtuOf(
  problems: Problems,
  section: UciSection,
  devices: Map<string, UciSection>,
  port: string | undefined,
) {
  const device = uciGet(section, "device");
  const holder = [
    section,
    device ? devices.get(device) : undefined,
    port ? devices.get(port) : undefined,
  ].find((candidate) => candidate && uciGet(candidate, "mtu") !== undefined);
  if (!holder) return {};
  const mtu = checkInt(problems, optionLine(holder, "mtu"), uciGet(holder, "mtu")!, "mtu", 576, 9216);
  return mtu === null ? {} : { mtu };
}

function importLan(
  problems: Problems,
  fragment: ModelFragment,
  lan: UciSection,
  devices: Map<string, UciSection>,
): void {
  const ipaddr = uciGet(lan, "ipaddr");
  const ports = portsOf(lan, devices);
  if (ports.length > 1)
    problems.warn(lan.line, `LAN bridges ${ports.join(", ")}: only ${ports[0]} is imported`);
  const nic: ModelFragment["nics"][number] = {
    name: ports[0] ?? "eth0",
    role: "lan",
    ...mtuOf(problems, lan, devices, ports[0]),
  };
  fragment.nics.push(nic);
  if (!ipaddr) return;
  // ipaddr may carry its prefix (192.168.1.1/24) instead of a netmask option.
  const [address, prefixText] = ipaddr.split("/");
  const ip = checkIp(problems, optionLine(lan, "ipaddr"), address!, "lan ipaddr");
  if (!ip) return;
  let prefix = prefixText === undefined ? null : Number(prefixText);
  const netmask = uciGet(lan, "netmask");
  if (prefix === null) prefix = netmask === undefined ? 24 : netmaskPrefix(netmask);
  if (prefix === null || !(prefix >= 8 && prefix <= 30)) {
    problems.error(
      optionLine(lan, netmask ? "netmask" : "ipaddr"),
      `LAN netmask "${netmask ?? prefixText}" is not a netmask between /8 and /30`,
    );
    return;
  }
  Object.assign(nic, { addressing: "static-ip", staticIp: ip });
  const site: ModelFragment["sites"][number] = { id: LOCAL_SITE_ID, lanIp: ip };
  if (prefix < 24) {
    // A LAN wider than its /24 segment: the intranet is bridged in (tinc switch mode).
    const network = parseCidr(`${networkOf(ip, prefix)}/${prefix}`);
    if (network.ok) {
      fragment.intranets.push({ cidr: `${network.value.network}/${prefix}`, mode: "switch" });
      site.segment = segmentOf(network.value, ip) ?? undefined;
    }
  } else {
    site.segment = Number(ip.split(".")[2]);
  }
  fragment.sites.push(site);
}

function netmaskPrefix(netmask: string): number | null {
  const parsed = parseIPv4(netmask);
  if (!parsed.ok) return null;
  for (let prefix = 0; prefix <= 32; prefix++) if (netmaskOf(prefix) === parsed.value) return prefix;
  return null;
}

function networkOf(ip: string, prefix: number): string {
  return intToIpv4((ipv4ToInt(ip) & prefixMask(prefix)) >>> 0);
}

// ── firewall ─────────────────────────────────────────────────────────────────────────────────

const UNMODELLED_RULE_OPTIONS = [
  "src_ip",
  "dest_ip",
  "src_port",
  "src_mac",
  "icmp_type",
  "extra",
  "dest_ip",
  "ipset",
];

export function importOpenwrtFirewall(text: string, file = "/etc/config/firewall"): ImportResult {
  const { problems, doc } = parseWith(text, file);
  const fragment = emptyFragment();
  const router: NonNullable<ModelFragment["router"]> = { rules: [] };
  fragment.router = router;
  for (const section of doc.sections) {
    if (section.type === "zone" && uciGet(section, "name") === "wan") {
      const masq = bool(problems, section, "masq");
      const mtuFix = bool(problems, section, "mtu_fix");
      router.wanMasq = masq ?? false;
      router.mtuFix = mtuFix ?? false;
      const input = uciGet(section, "input");
      if (input === "ACCEPT" || input === "REJECT" || input === "DROP") router.wanInput = input;
      else if (input !== undefined)
        problems.error(optionLine(section, "input"), `input "${input}" is not ACCEPT, REJECT or DROP`);
    } else if (section.type === "rule") {
      const name = uciGet(section, "name") ?? "";
      if ((OPENWRT_DEFAULT_RULES as readonly string[]).includes(name)) continue;
      const rule = importRule(problems, section);
      if (rule) router.rules!.push(rule);
    }
  }
  return problems.result(fragment);
}

function importRule(problems: Problems, section: UciSection) {
  const name = uciGet(section, "name") ?? `rule at line ${section.line}`;
  const unmodelled = UNMODELLED_RULE_OPTIONS.filter((key) => section.options.has(key));
  const family = uciGet(section, "family");
  if (unmodelled.length > 0 || family === "ipv6") {
    problems.warn(
      section.line,
      `rule "${name}" uses ${[...unmodelled, ...(family === "ipv6" ? ["family ipv6"] : [])].join(", ")}: labnet does not model that, not imported`,
    );
    return null;
  }
  const protos = uciGetList(section, "proto").flatMap((proto) =>
    proto === "tcpudp" ? ["tcp", "udp"] : [proto],
  );
  const candidate = {
    name,
    src: uciGet(section, "src"),
    dest: uciGet(section, "dest") ?? null,
    proto: protos.length > 0 ? protos : undefined,
    destPort: uciGet(section, "dest_port") ?? null,
    target: uciGet(section, "target"),
  };
  const parsed = firewallRuleSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    const uciKey = { destPort: "dest_port" }[key] ?? key;
    problems.error(optionLine(section, uciKey), `rule "${name}": ${uciKey} ${issue.message}`);
    return null;
  }
  return candidate as typeof parsed.data;
}

// ── sqm ──────────────────────────────────────────────────────────────────────────────────────

export function importOpenwrtSqm(text: string, file = "/etc/config/sqm"): ImportResult {
  const { problems, doc } = parseWith(text, file);
  const fragment = emptyFragment();
  const queues = doc.sections.filter((section) => section.type === "queue");
  if (queues.length > 1) problems.warn(queues[1]!.line, "several queues: only the first is imported");
  const queue = queues[0];
  if (queue) {
    const number = (key: string) => {
      const raw = uciGet(queue, key);
      return raw === undefined
        ? undefined
        : (checkInt(problems, optionLine(queue, key), raw, key, 0, 100_000_000) ?? undefined);
    };
    const candidate = {
      enabled: bool(problems, queue, "enabled") ?? false,
      downloadKbps: number("download"),
      uploadKbps: number("upload"),
      qdisc: uciGet(queue, "qdisc"),
      script: uciGet(queue, "script"),
      linkLayer: uciGet(queue, "linklayer"),
      overhead: number("overhead"),
    };
    const parsed = sqmSchema.safeParse(candidate);
    if (parsed.success) fragment.router = { sqm: parsed.data };
    else {
      const issue = parsed.error.issues[0]!;
      const uciKey =
        { linkLayer: "linklayer", downloadKbps: "download", uploadKbps: "upload" }[String(issue.path[0])] ??
        String(issue.path[0]);
      problems.error(optionLine(queue, uciKey), `${uciKey}: ${issue.message}`);
    }
  }
  return problems.result(fragment);
}

// ── samba4 ───────────────────────────────────────────────────────────────────────────────────

const SAMBA_INTERFACES = ["wan", "lan", "loopback", "vpn"] as const;

export function importOpenwrtSamba4(text: string, file = "/etc/config/samba4"): ImportResult {
  const { problems, doc } = parseWith(text, file);
  const fragment = emptyFragment();
  const global = doc.sections.find((section) => section.type === "samba");
  const interfaces = global ? uciGetList(global, "interface") : ["loopback", "lan"];
  const served = interfaces.filter((name): name is (typeof SAMBA_INTERFACES)[number] =>
    (SAMBA_INTERFACES as readonly string[]).includes(name),
  );
  if (global && served.length < interfaces.length) {
    problems.warn(
      optionLine(global, "interface"),
      `interfaces other than ${SAMBA_INTERFACES.join(", ")} are not modelled`,
    );
  }
  const shares = doc.sections
    .filter((section) => section.type === "sambashare")
    .map((section) => {
      const name = uciGet(section, "name");
      const path = uciGet(section, "path");
      if (!name || !path) {
        problems.error(section.line, "sambashare needs a name and a path");
        return null;
      }
      return {
        id: `share-${name}`,
        name,
        mountPoint: path,
        readOnly: bool(problems, section, "read_only") ?? false,
        guestOk: bool(problems, section, "guest_ok") ?? false,
        users: uciGetList(section, "users")
          .flatMap((user) => user.split(","))
          .filter(Boolean),
        servedInterfaces: served.length > 0 ? served : undefined,
      };
    })
    .filter((share) => share !== null);
  fragment.router = { shares };
  return problems.result(fragment);
}
