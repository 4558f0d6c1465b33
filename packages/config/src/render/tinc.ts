// tinc files for one site: tinc.conf, hosts/<every member>, tinc-up and tinc-down.
// Private keys are never rendered: they are generated on the router and stay there.
import { formatCidr, isCredentialOption, type SambaShare, type Site, segmentSubnet } from "@labnet/model";
import { type BundleFile, bundleFile, hashComment } from "../bundle";
import type { ModelIndex, SiteContext } from "../context";
import { commentText } from "../quote/comment";
import { pathSegment } from "../quote/path";
import { shQuote } from "../quote/sh";
import { tincKeyBlock, tincValue } from "../quote/tinc";
import { LAN_BRIDGE } from "./openwrt-network";

export type TincVersion = "1.0" | "1.1";

export function tincDir(netname: string): string {
  return `/etc/tinc/${pathSegment(netname, "intranet netname")}`;
}

export function renderTincConf(
  context: SiteContext,
  version: TincVersion,
  revision: number | string,
): string {
  const { site, intranet, members } = context;
  const byId = new Map(members.map((member) => [member.id, member]));
  const peers = site.connectTo
    .map((id) => byId.get(id))
    .filter((peer): peer is Site => peer !== undefined)
    .map((peer) => tincValue(peer.tincName, `site ${peer.id} tincName`))
    .sort();
  const lines = [
    `Name = ${tincValue(site.tincName, `site ${site.id} tincName`)}`,
    `Mode = ${tincValue(intranet.mode, `intranet ${intranet.id} mode`)}`,
    `Interface = ${tincValue(intranet.netname, `intranet ${intranet.id} netname`)}`,
    "AddressFamily = ipv4",
    ...peers.map((peer) => `ConnectTo = ${peer}`),
    // 1.1 finds further peers itself; 1.0 connects only to its ConnectTo list.
    ...(version === "1.1" ? ["AutoConnect = yes"] : []),
  ];
  return `${hashComment(revision, `tinc ${version} daemon settings of ${site.tincName} in ${intranet.netname}`)}${lines.join("\n")}\n`;
}

export function renderTincHost(context: SiteContext, member: Site, revision: number | string): string {
  const { intranet, intranetCidr } = context;
  const lines: string[] = [];
  if (member.publicAddress !== null) {
    const address = tincValue(member.publicAddress, `site ${member.id} publicAddress`);
    lines.push(`Address = ${address} ${member.publicPort ?? intranet.port}`);
  }
  lines.push(
    `Port = ${intranet.port}`,
    `Cipher = ${tincValue(intranet.cipher, `intranet ${intranet.id} cipher`)}`,
    `PMTUDiscovery = ${intranet.pmtuDiscovery ? "yes" : "no"}`,
    `ClampMSS = ${intranet.clampMss ? "yes" : "no"}`,
  );
  if (intranet.mode === "router") {
    // Router mode routes by Subnet; switch mode learns MACs and needs none.
    lines.push(`Subnet = ${formatCidr(segmentSubnet(intranetCidr, member.segment))}`);
  }
  let text = `${hashComment(revision, `tinc host ${member.tincName} in ${intranet.netname}`)}${lines.join("\n")}\n`;
  if (member.publicKey) text += `\n${tincKeyBlock(member.publicKey, `site ${member.id} publicKey`)}`;
  return text;
}

/** nft table names: letters, digits and '_' keep every nft version happy. */
function filterTable(netname: string): string {
  return `labnet_dhcp_${netname.replaceAll(/[^A-Za-z0-9_]/g, "_")}`;
}

/**
 * The share's extra mount options without credentials. The model check refuses such options before
 * rendering; this keeps them off tinc-up's command line for the quoting layer on its own too.
 */
function safeMountOptions(share: SambaShare): string[] {
  return share.mountOptions
    .split(",")
    .map((part) => part.trim())
    .filter((option) => option !== "" && !isCredentialOption(option));
}

const MOUNT_ATTEMPTS = 12;
const MOUNT_RETRY_SECONDS = 5;

function mountLines(share: SambaShare): string[] {
  const field = (name: string) => `share ${share.id} ${name}`;
  const mountPoint = shQuote(share.mountPoint, field("mountPoint"));
  const options = [
    `vers=${share.smbVersion}`,
    `credentials=${share.credentialsFile}`,
    `wsize=${share.wsize}`,
    ...safeMountOptions(share),
  ].join(",");
  // Every model value is single-quoted: nothing of it is ever inside double quotes or expanded.
  return [
    `# ${commentText(share.name, field("name"))}: ${commentText(share.remoteUnc, field("remoteUnc"))} (credentials file on the router, never on the command line)`,
    "(",
    `\tgrep -qs ${shQuote(` ${share.mountPoint} `, field("mountPoint"))} /proc/mounts && exit 0`,
    `\tmkdir -p ${mountPoint}`,
    "\tattempt=0",
    `\tuntil mount -t cifs ${shQuote(share.remoteUnc, field("remoteUnc"))} ${mountPoint} -o ${shQuote(options, field("mountOptions"))}; do`,
    "\t\tattempt=$((attempt + 1))",
    `\t\tif [ "$attempt" -ge ${MOUNT_ATTEMPTS} ]; then`,
    `\t\t\tlogger -t labnet ${shQuote(`tinc-up: giving up mounting ${share.remoteUnc} after ${MOUNT_ATTEMPTS} attempts`, field("remoteUnc"))}`,
    "\t\t\texit 1",
    "\t\tfi",
    `\t\tsleep ${MOUNT_RETRY_SECONDS}`,
    "\tdone",
    ") </dev/null >/dev/null 2>&1 &",
  ];
}

const DHCP_FILTER_NOTE = [
  "# The mesh is one Ethernet segment: keep DHCP inside each site, or every router's dnsmasq",
  "# answers every site's clients.",
];

export function renderTincUp(context: SiteContext, shares: SambaShare[], revision: number | string): string {
  const { intranet, intranetCidr, site } = context;
  const lines = [
    "#!/bin/sh",
    hashComment(revision, `tinc-up of ${site.tincName} in ${intranet.netname}`).trimEnd(),
  ];
  lines.push("# tincd waits for this script: anything slow runs in the background.", "");
  if (intranet.mode === "switch") {
    const table = filterTable(intranet.netname);
    lines.push(
      "# Switch mode: the tap joins the LAN bridge; the bridge already holds the router's address.",
      'ip link set "$INTERFACE" up',
      `ip link set "$INTERFACE" master ${LAN_BRIDGE}`,
      "",
      ...DHCP_FILTER_NOTE,
      "if command -v nft >/dev/null 2>&1; then",
      "\tnft -f - <<EOF",
      `table bridge ${table} {`,
      "\tchain forward {",
      "\t\ttype filter hook forward priority 0; policy accept;",
      '\t\tiifname "$INTERFACE" udp dport { 67, 68 } drop',
      '\t\toifname "$INTERFACE" udp dport { 67, 68 } drop',
      "\t}",
      "\tchain input {",
      "\t\ttype filter hook input priority 0; policy accept;",
      '\t\tiifname "$INTERFACE" udp dport { 67, 68 } drop',
      "\t}",
      "\tchain output {",
      "\t\ttype filter hook output priority 0; policy accept;",
      '\t\toifname "$INTERFACE" udp dport { 67, 68 } drop',
      "\t}",
      "}",
      "EOF",
      "elif command -v ebtables >/dev/null 2>&1; then",
      '\tebtables -A FORWARD -i "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      '\tebtables -A FORWARD -o "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      '\tebtables -A INPUT -i "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      '\tebtables -A OUTPUT -o "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      "else",
      '\tlogger -t labnet "tinc-up: neither nft nor ebtables: DHCP is not kept inside this site"',
      "fi",
    );
  } else {
    lines.push(
      "# Router mode: the tun carries the whole intranet; the LAN keeps its own /24.",
      'ip link set "$INTERFACE" up',
      `ip addr add ${shQuote(`${site.lanIp}/${intranetCidr.prefix}`, `site ${site.id} lanIp`)} dev "$INTERFACE"`,
    );
  }
  for (const share of shares) lines.push("", ...mountLines(share));
  return `${lines.join("\n")}\n`;
}

export function renderTincDown(
  context: SiteContext,
  shares: SambaShare[],
  revision: number | string,
): string {
  const { intranet, intranetCidr, site } = context;
  const lines = [
    "#!/bin/sh",
    hashComment(revision, `tinc-down of ${site.tincName} in ${intranet.netname}`).trimEnd(),
  ];
  if (shares.length > 0) {
    lines.push("# Lazy unmounts: a dead remote must not hold tincd up.");
    for (const share of shares) {
      lines.push(`umount -l ${shQuote(share.mountPoint, `share ${share.id} mountPoint`)} 2>/dev/null`);
    }
    lines.push("");
  }
  if (intranet.mode === "switch") {
    lines.push(
      "if command -v nft >/dev/null 2>&1; then",
      `\tnft delete table bridge ${filterTable(intranet.netname)} 2>/dev/null`,
      "elif command -v ebtables >/dev/null 2>&1; then",
      '\tebtables -D FORWARD -i "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      '\tebtables -D FORWARD -o "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      '\tebtables -D INPUT -i "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      '\tebtables -D OUTPUT -o "$INTERFACE" -p IPv4 --ip-proto udp --ip-dport 67:68 -j DROP',
      "fi",
      'ip link set "$INTERFACE" nomaster',
    );
  } else {
    lines.push(
      `ip addr del ${shQuote(`${site.lanIp}/${intranetCidr.prefix}`, `site ${site.id} lanIp`)} dev "$INTERFACE"`,
    );
  }
  lines.push('ip link set "$INTERFACE" down');
  return `${lines.join("\n")}\n`;
}

/** Every tinc file of one site, ready for a bundle. */
export function tincFiles(
  index: ModelIndex,
  context: SiteContext,
  version: TincVersion,
  shares: SambaShare[],
  revision: number | string,
): BundleFile[] {
  const dir = tincDir(context.intranet.netname);
  return [
    bundleFile(`${dir}/tinc.conf`, renderTincConf(context, version, revision)),
    ...context.members.map((member) =>
      index.memo(`tinc-host:${context.intranet.id}:${member.id}`, () =>
        bundleFile(
          `${dir}/hosts/${pathSegment(member.tincName, `site ${member.id} tincName`)}`,
          renderTincHost(context, member, revision),
        ),
      ),
    ),
    bundleFile(`${dir}/tinc-up`, renderTincUp(context, shares, revision), 0o755),
    bundleFile(`${dir}/tinc-down`, renderTincDown(context, shares, revision), 0o755),
  ];
}

export function tincReloadCommand(netname: string, version: TincVersion): string {
  const net = shQuote(netname, "intranet netname");
  return version === "1.1"
    ? `tinc -n ${net} reload || tinc -n ${net} start`
    : `tincd -n ${net} -kHUP || tincd -n ${net}`;
}
