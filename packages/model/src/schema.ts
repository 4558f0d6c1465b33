// The NetworkModel: one plain, JSON-serialisable description of a team's networks. These zod
// schemas are both the type definitions and the validation of every input that reaches labnet.
import { z } from "zod";
import { intranetCidrProblem, parseCidr, parseIPv4, parseMac, unicastMacProblem } from "./address";
import { text, textPolicyRelaxed } from "./text";

// ── field rules ────────────────────────────────────────────────────────────────────────────────

/** A MAC in any common notation, stored in canonical lower-case colon form. */
export const macSchema = z.string().transform((value, ctx) => {
  const parsed = parseMac(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

/** A NIC's or a lease's own MAC: any notation, and a unicast address (not zero, broadcast or multicast). */
export const unicastMacSchema = macSchema.check((ctx) => {
  const problem = textPolicyRelaxed() ? null : unicastMacProblem(ctx.value);
  if (problem !== null) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
});

export const ipv4Schema = z.string().transform((value, ctx) => {
  const parsed = parseIPv4(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

export const cidrSchema = z.string().transform((value, ctx) => {
  const parsed = parseCidr(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return `${parsed.value.network}/${parsed.value.prefix}`;
});

/** An intranet's block: a CIDR that is not loopback, link-local, multicast, 0.0.0.0/8 or 240.0.0.0/4. */
export const intranetCidrSchema = z.string().transform((value, ctx) => {
  const parsed = parseCidr(value);
  const problem = !parsed.ok ? parsed.error : textPolicyRelaxed() ? null : intranetCidrProblem(parsed.value);
  if (!parsed.ok || problem !== null) {
    ctx.addIssue({ code: "custom", message: problem ?? "" });
    return z.NEVER;
  }
  return `${parsed.value.network}/${parsed.value.prefix}`;
});

/**
 * RFC 1123 host label: what dnsmasq hands out and what Windows accepts as a computer name; never
 * one dnsmasq would read as a lease time (42, 12h, infinite).
 */
export const hostnameSchema = text("hostname");

/** tinc node names may contain only alphanumerics and '_' (tinc.conf(5)). */
export const tincNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{1,64}$/, "tinc names may contain only letters, digits and '_'");

/** tinc netnames become folder names under /etc/tinc and interface names (max 15 chars on Linux). */
export const netnameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,15}$/, "netname must be 1-15 letters, digits, '_' or '-'");

/** UCI section and interface names: [A-Za-z0-9_]. */
export const uciNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{1,32}$/, "must be 1-32 letters, digits or '_'");

export const portSchema = z
  .int("port must be a whole number")
  .min(1, "port must be 1-65535")
  .max(65535, "port must be 1-65535");
export const mtuSchema = z
  .int("MTU must be a whole number")
  .min(576, "MTU must be at least 576")
  .max(9216, "MTU must be at most 9216");
export const vlanSchema = z
  .int("VLAN must be a whole number")
  .min(1, "VLAN must be 1-4094")
  .max(4094, "VLAN must be 1-4094");
export const kbitSchema = z.int().min(0, "rate must not be negative").max(100_000_000);
/** dnsmasq lease times: `infinite`, or a number with an optional unit (s, m, h, d, w). */
export const leaseTimeSchema = z
  .string()
  .trim()
  .regex(
    /^(infinite|\d+[smhdw]?)$/,
    "lease time must be 'infinite' or a number with s, m, h, d or w (e.g. 12h)",
  );
export const idSchema = text("id");
const nameSchema = text("name");

// ── inventory objects ────────────────────────────────────────────────────────────────────────

export const labSchema = z.object({
  id: idSchema,
  name: nameSchema,
  owner: text("label").default(""),
  cpuCores: z.int().min(1).max(256).nullable().default(null),
  ramMb: z.int().min(256).max(4_194_304).nullable().default(null),
  /** Windows build of the notebook, e.g. 22H2 (which changed the Hyper-V network stack). */
  windowsBuild: text("label", { max: 32 }).default(""),
  notes: text("freeText").default(""),
});

export const machineKinds = ["hyperv-host", "router", "utility-vm", "physical"] as const;
export const hopKinds = ["home-router", "modem", "cgnat", "hyperv-default-switch", "isp", "other"] as const;
export const encapsulations = [
  "none",
  "pppoe",
  "ds-lite",
  "vlan",
  "gre",
  "wireguard",
  "l2tp",
  "other",
] as const;

/** One box between a router's WAN port and the internet, ordered outward. */
export const uplinkHopSchema = z.object({
  id: idSchema,
  name: nameSchema,
  kind: z.enum(hopKinds),
  nat: z.boolean().default(true),
  /** MTU of the link on this hop's outer side (towards the internet). */
  mtu: mtuSchema.default(1500),
  encapsulation: z.enum(encapsulations).default("none"),
  /** Does this hop drop ICMP "fragmentation needed" (breaks PMTUD)? */
  dropsIcmpFragNeeded: z.enum(["yes", "no", "unknown"]).default("unknown"),
  /**
   * Does this hop's NAT translate ICMP errors (frag-needed) from beyond it back to the inner
   * address (RFC 5508)? Absent: it does, as Linux conntrack and most home routers do.
   */
  translatesIcmpErrors: z.enum(["yes", "no", "unknown"]).optional(),
  /** Does this hop clamp TCP MSS on forwarded SYNs? */
  clampsMss: z.boolean().default(false),
  downKbps: kbitSchema.nullable().default(null),
  upKbps: kbitSchema.nullable().default(null),
  /** Ports forwarded from this hop's outer side to the next hop inward (needed for inbound services behind NAT). */
  portForwards: z.array(z.object({ proto: z.enum(["tcp", "udp"]), port: portSchema })).default([]),
});

export const firewallRuleSchema = z.object({
  name: nameSchema,
  src: z.enum(["wan", "lan", "vpn"]),
  /** null: the rule filters traffic to the router itself (OpenWrt: a rule with src and no dest). */
  dest: z.enum(["wan", "lan", "vpn"]).nullable().default(null),
  proto: z
    .array(z.enum(["tcp", "udp", "icmp"]))
    .min(1)
    .default(["tcp", "udp"]),
  destPort: z
    .string()
    .regex(/^\d{1,5}(-\d{1,5})?$/, "port must be a number or a range like 8000-8080")
    .nullable()
    .default(null),
  target: z.enum(["ACCEPT", "REJECT", "DROP"]).default("ACCEPT"),
});

export const sqmSchema = z.object({
  enabled: z.boolean().default(false),
  downloadKbps: kbitSchema.default(0),
  uploadKbps: kbitSchema.default(0),
  qdisc: z.enum(["cake", "fq_codel"]).default("cake"),
  script: z
    .enum(["piece_of_cake.qos", "layer_cake.qos", "simple.qos", "simplest.qos"])
    .default("piece_of_cake.qos"),
  linkLayer: z.enum(["none", "ethernet", "atm"]).default("none"),
  overhead: z.int().min(0).max(256).default(0),
});

export const smbVersions = ["1.0", "2.0", "2.1", "3.0", "3.02", "3.1.1"] as const;

/** A share served by the router's samba4, backed by an intranet share mounted over CIFS. */
export const sambaShareSchema = z.object({
  id: idSchema,
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/, "share name must be 1-32 letters, digits, '.', '_' or '-'"),
  /** The intranet resource, e.g. //192.168.3.10/data */
  remoteUnc: text("unc"),
  mountPoint: text("path"),
  smbVersion: z.enum(smbVersions).default("2.0"),
  wsize: z.int().min(1024).max(8_388_608).default(16384),
  soRcvbuf: z.int().min(1024).max(67_108_864).default(4096),
  users: z.array(text("unixUser")).max(100).default([]),
  /** Logical OpenWrt networks samba listens on, e.g. ["wan", "loopback"]. */
  servedInterfaces: z
    .array(z.enum(["wan", "lan", "loopback", "vpn"]))
    .min(1)
    .default(["lan"]),
  guestOk: z.boolean().default(false),
  readOnly: z.boolean().default(false),
  /** Path of the credentials file on the router: passwords never appear in a generated file. */
  credentialsFile: text("path"),
  /**
   * Extra mount.cifs -o options, e.g. "iocharset=utf8" or as imported from an existing tinc-up;
   * never a secret: password=, pass= and credentials= are refused, pointing at credentialsFile.
   */
  mountOptions: text("mountOptions").default(""),
});

export const routerSettingsSchema = z.object({
  /** OpenWrt release, e.g. 19.07.9 or 23.05.3: decides legacy or DSA config syntax. */
  openwrtVersion: z
    .string()
    .trim()
    .regex(/^\d{2}\.\d{2}(\.\d+)?(-rc\d+)?$/, "OpenWrt version looks like 19.07.9 or 23.05.3"),
  tincVersion: z.enum(["1.0", "1.1"]).default("1.0"),
  wanProto: z.enum(["dhcp", "static", "pppoe"]).default("dhcp"),
  wanIp: ipv4Schema.nullable().default(null),
  /** OpenWrt firewall zone settings */
  wanMasq: z.boolean().default(true),
  /** zone option mtu_fix: clamp TCP MSS to the path MTU on the WAN zone */
  mtuFix: z.boolean().default(true),
  /** Policy for traffic from WAN to the router itself */
  wanInput: z.enum(["ACCEPT", "REJECT", "DROP"]).default("REJECT"),
  rules: z.array(firewallRuleSchema).default([]),
  uplink: z.array(uplinkHopSchema).default([]),
  sqm: sqmSchema.nullable().default(null),
  shares: z.array(sambaShareSchema).default([]),
});

export const machineSchema = z.object({
  id: idSchema,
  labId: idSchema,
  name: nameSchema,
  kind: z.enum(machineKinds),
  cpuCores: z.int().min(1).max(256).nullable().default(null),
  ramMb: z.int().min(16).max(4_194_304).nullable().default(null),
  os: text("label").default(""),
  /** Present exactly when kind is "router". */
  router: routerSettingsSchema.nullable().default(null),
});

export const vswitchTypes = ["internal", "private", "external", "default"] as const;

export const vswitchSchema = z.object({
  id: idSchema,
  labId: idSchema,
  name: nameSchema,
  type: z.enum(vswitchTypes),
  /** External switches are bound to a physical adapter; its medium matters (Wi-Fi rewrites MACs). */
  adapterName: text("label").nullable().default(null),
  adapterMedium: z.enum(["ethernet", "wifi"]).nullable().default(null),
  /** Whether the Hyper-V host shares this switch (has its own vNIC on it). */
  allowManagementOS: z.boolean().default(false),
});

export const nicSchema = z.object({
  id: idSchema,
  machineId: idSchema,
  /** null: not connected to any switch */
  vswitchId: idSchema.nullable().default(null),
  /** The interface name inside the machine, e.g. eth0, or the host vNIC alias "vEthernet (LAN)". */
  name: text("label", { min: 1, max: 64 }),
  mac: unicastMacSchema,
  macSpoofing: z.boolean().default(false),
  vlanId: vlanSchema.nullable().default(null),
  mtu: mtuSchema.default(1500),
  role: z.enum(["lan", "wan"]).nullable().default(null),
  addressing: z.enum(["static-lease", "static-ip", "dynamic", "none"]).default("dynamic"),
  staticIp: ipv4Schema.nullable().default(null),
});

export const intranetSchema = z.object({
  id: idSchema,
  name: nameSchema,
  netname: netnameSchema,
  cidr: intranetCidrSchema,
  mode: z.enum(["switch", "router"]).default("switch"),
  port: portSchema.default(655),
  pmtuDiscovery: z.boolean().default(true),
  clampMss: z.boolean().default(true),
  cipher: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,32}$/, "cipher looks like aes-256-cbc")
    .default("aes-256-cbc"),
  /** Segments no site may take (e.g. 0 and 1, used by consumer routers). */
  reservedSegments: z.array(z.int().min(0).max(65535)).default([]),
});

/** A lab's router in an intranet: its tinc node and its /24 LAN segment. */
export const siteSchema = z.object({
  id: idSchema,
  intranetId: idSchema,
  /** The router machine serving this site. */
  routerId: idSchema,
  tincName: tincNameSchema,
  segment: z.int().min(0).max(65535),
  /** The router's LAN address inside the segment, usually .1 */
  lanIp: ipv4Schema,
  /** Public address other sites may ConnectTo; null when behind NAT without a forward. */
  publicAddress: text("dnsName").nullable().default(null),
  publicPort: portSchema.nullable().default(null),
  behindNat: z.boolean().default(true),
  /** Site ids this site's tincd connects to (tinc ConnectTo). */
  connectTo: z.array(idSchema).default([]),
  dhcpStart: z.int().min(1).max(254).default(100),
  dhcpLimit: z.int().min(0).max(254).default(150),
  leaseTime: leaseTimeSchema.default("12h"),
  /** The tinc RSA public key (PEM) uploaded by the router's agent; the private key never leaves the router. */
  publicKey: text("pem").nullable().default(null),
  /**
   * A non-OpenWrt machine (Linux with dnsmasq) that serves this segment's DHCP instead of the
   * router; null: the router's own dnsmasq does.
   */
  dhcpServerId: idSchema.nullable().default(null),
});

export const staticLeaseSchema = z.object({
  id: idSchema,
  siteId: idSchema,
  mac: unicastMacSchema,
  ip: ipv4Schema,
  hostname: hostnameSchema,
  leaseTime: leaseTimeSchema.default("infinite"),
  tags: z.array(text("tag")).max(32).default([]),
  nicId: idSchema.nullable().default(null),
});

export const networkModelSchema = z.object({
  version: z.literal(1).default(1),
  labs: z.array(labSchema).default([]),
  machines: z.array(machineSchema).default([]),
  vswitches: z.array(vswitchSchema).default([]),
  nics: z.array(nicSchema).default([]),
  intranets: z.array(intranetSchema).default([]),
  sites: z.array(siteSchema).default([]),
  leases: z.array(staticLeaseSchema).default([]),
});

export type Lab = z.output<typeof labSchema>;
export type Machine = z.output<typeof machineSchema>;
export type MachineKind = Machine["kind"];
export type RouterSettings = z.output<typeof routerSettingsSchema>;
export type UplinkHop = z.output<typeof uplinkHopSchema>;
export type FirewallRule = z.output<typeof firewallRuleSchema>;
export type Sqm = z.output<typeof sqmSchema>;
export type SambaShare = z.output<typeof sambaShareSchema>;
export type VSwitch = z.output<typeof vswitchSchema>;
export type Nic = z.output<typeof nicSchema>;
export type Intranet = z.output<typeof intranetSchema>;
export type Site = z.output<typeof siteSchema>;
export type StaticLease = z.output<typeof staticLeaseSchema>;
export type NetworkModel = z.output<typeof networkModelSchema>;
/** What a user may write in a model JSON file: defaults filled in on parse. */
export type NetworkModelInput = z.input<typeof networkModelSchema>;
