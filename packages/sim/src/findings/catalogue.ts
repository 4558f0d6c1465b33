// The catalogue of finding rules: id, default severity, title and the mechanism behind it.
import type { Finding, FindingObject, FindingRule } from "../types";

export const findingRules = [
  {
    id: "mesh.few-connect-to",
    severity: "warning",
    title: "Site has fewer than 3 ConnectTo",
    mechanism:
      "tinc only dials the nodes named in ConnectTo. With fewer than three, one or two peers going down leaves the site without a meta connection and cut off from the intranet.",
  },
  {
    id: "mesh.connect-to-fails",
    severity: "warning",
    title: "ConnectTo cannot reach its target",
    mechanism:
      "An outgoing tinc connection needs the target's public address and, when the target is behind NAT, a tcp+udp port forward on every NAT hop in front of it.",
  },
  {
    id: "mesh.partitioned",
    severity: "error",
    title: "Intranet mesh is not connected",
    mechanism:
      "tinc forwards between sites only over working meta connections. Sites in different components of that graph cannot reach each other at all.",
  },
  {
    id: "mesh.articulation-site",
    severity: "warning",
    title: "A single site holds the mesh together",
    mechanism:
      "An articulation site is the only link between parts of the mesh: if it goes down (notebook closed, uplink lost), the parts are cut off from each other.",
  },
  {
    id: "address.segment-overlap",
    severity: "error",
    title: "Sites use overlapping segments",
    mechanism:
      "Each site owns one /24 of the intranet. Two sites on the same /24 in a bridged or routed mesh answer ARP and DHCP for the same addresses.",
  },
  {
    id: "address.segment-invalid",
    severity: "error",
    title: "Site segment or LAN address does not fit the intranet",
    mechanism:
      "A site's segment must lie inside the intranet CIDR and its router's LAN address inside that segment, or no other site can route or bridge to it.",
  },
  {
    id: "address.segment-reserved",
    severity: "warning",
    title: "Site uses a reserved segment",
    mechanism:
      "Reserved segments (e.g. 192.168.0.x and 192.168.1.x) collide with consumer routers' defaults on the networks notebooks travel to.",
  },
  {
    id: "address.duplicate-mac",
    severity: "error",
    title: "Duplicate MAC address",
    mechanism:
      "Two NICs with one MAC in one L2 domain make switches and tinc's MAC learning flap between them; DHCP reservations by MAC hit both.",
  },
  {
    id: "address.duplicate-ip",
    severity: "error",
    title: "Duplicate IP address",
    mechanism:
      "Two hosts claiming one address in a bridged domain answer each other's ARP: connections break at random. dnsmasq serves a contested static lease to whichever client asks first.",
  },
  {
    id: "dhcp.lease-outside-subnet",
    severity: "error",
    title: "Static lease outside its site's subnet",
    mechanism:
      "dnsmasq only honours a dhcp-host address inside a dhcp-range subnet; the client gets a pool address instead.",
  },
  {
    id: "dhcp.lease-in-pool",
    severity: "warning",
    title: "Static lease inside the dynamic pool",
    mechanism:
      "While its owner is away, dnsmasq may hand the reserved address to another client from the pool; the owner then gets a different address until that lease ends.",
  },
  {
    id: "dhcp.mac-drift",
    severity: "warning",
    title: "Lease MAC is a known MAC plus one (Windows update drift)",
    mechanism:
      "After Windows feature updates the Hyper-V host's vNIC MAC has been seen to grow by one in the last octet. The lease still names the old MAC, so the host gets a pool address or none.",
  },
  {
    id: "dhcp.static-lease-missing",
    severity: "warning",
    title: "NIC expects a static lease but none matches its MAC",
    mechanism:
      "dnsmasq matches dhcp-host entries by MAC: without one for this MAC the NIC gets a pool address.",
  },
  {
    id: "dhcp.bridged-servers",
    severity: "warning",
    title: "DHCP broadcasts cross the switch-mode mesh",
    mechanism:
      "tinc switch mode bridges broadcasts, so every site's dnsmasq sees every DISCOVER in the intranet and may answer clients of other sites.",
  },
  {
    id: "hyperv.mac-spoofing-off",
    severity: "error",
    title: "MAC spoofing off on a router NIC that bridges foreign MACs",
    mechanism:
      "Hyper-V drops frames a VM sends with a source MAC that is not its own. A router bridging tinc switch-mode traffic into its LAN sends other sites' MACs and needs MacAddressSpoofing On.",
  },
  {
    id: "hyperv.management-os-external",
    severity: "warning",
    title: "External switch shared with the management OS",
    mechanism:
      "With AllowManagementOS on the external switch the Windows host has its own path out and bypasses the router VM: its traffic skips the router's firewall, SQM and VPN.",
  },
  {
    id: "hyperv.wifi-bridged",
    severity: "error",
    title: "Wi-Fi-bound external switch in a switch-mode bridge",
    mechanism:
      "A Wi-Fi link carries only the adapter's own MAC: Hyper-V replaces VM source MACs with the host's Wi-Fi MAC (ARP proxy), so MAC learning across the bridge breaks.",
  },
  {
    id: "hyperv.wifi-wan",
    severity: "warning",
    title: "Router WAN on a Wi-Fi-bound external switch",
    mechanism:
      "A Wi-Fi client may only send its own MAC: Hyper-V rewrites the VM's source MAC to the host's Wi-Fi MAC (ARP proxy). The upstream router sees the host's MAC for the router VM, so DHCP reservations there by the VM's MAC never match, and MAC spoofing on the VM cannot change it.",
  },
  {
    id: "hyperv.nic-unattached",
    severity: "info",
    title: "NIC not attached to a vSwitch",
    mechanism: "A NIC without a switch has no link: the machine is unreachable on it.",
  },
  {
    id: "path.black-hole",
    severity: "error",
    title: "PMTUD black hole on the way out",
    mechanism:
      "DF packets larger than a narrow link die when the ICMP frag-needed is dropped on the way back; TCP connects but bulk transfers stall. An MSS clamp rescues TCP only if it clamps to the real path MTU.",
  },
  {
    id: "path.black-hole-possible",
    severity: "warning",
    title: "Possible PMTUD black hole (ICMP handling unknown)",
    mechanism:
      "The path narrows at a hop whose handling of ICMP frag-needed is unknown: if it drops them, large DF packets die.",
  },
  {
    id: "path.fragmentation",
    severity: "info",
    title: "Large packets are fragmented on the way out",
    mechanism:
      "Packets without DF larger than a narrow link are split by the hop in front of it: more packets, more CPU on small modems, and one lost fragment loses the whole datagram.",
  },
  {
    id: "path.tunnel-mtu",
    severity: "info",
    title: "LAN MTU above the tinc tunnel's inner MTU",
    mechanism:
      "tinc adds 37-52 bytes (1.0) to every frame: 1500-byte LAN packets do not fit a 1500-byte outer path. tinc then forges ICMP frag-needed or fragments, and ClampMSS shrinks TCP.",
  },
  {
    id: "path.tunnel-black-hole",
    severity: "error",
    title: "tinc tunnel black hole (PMTUDiscovery off)",
    mechanism:
      "Without PMTUDiscovery tinc learns the outer MTU only from ICMP; a narrower hop that drops ICMP frag-needed swallows every large frame.",
  },
  {
    id: "sqm.overhead",
    severity: "warning",
    title: "SQM overhead does not match the uplink's encapsulation",
    mechanism:
      "cake and fq_codel count IP bytes; the link also carries its framing, so without link-layer adaptation the shaper lets through more than the line carries and the modem's buffer holds the queue again. sqm-scripts' rule of thumb (sqm-scripts docs; facts.md §2 and §4): PPPoE over Ethernet/VDSL (PTM) → linklayer ethernet, overhead 34; ADSL (ATM) with PPPoA or PPPoE LLC → linklayer atm, overhead 44.",
  },
  {
    id: "sqm.rate-above-link",
    severity: "warning",
    title: "SQM rate above the uplink's line rate",
    mechanism:
      "A shaper only controls the queue when it is the bottleneck: shaped above the slowest hop's rate, packets queue in that hop's buffer and latency under load is unchanged. sqm-scripts docs recommend about 90-95 % of the measured line rate.",
  },
  {
    id: "samba.wan-firewall",
    severity: "error",
    title: "Samba served on WAN but its ports are closed",
    mechanism:
      "samba listens on wan, and labnet adds ACCEPT rules for tcp 139 and tcp/udp 445 from wan to the router's firewall — but fw4 applies rules in order, so an earlier rule of the model that drops or rejects those ports closes the share to everyone outside the router.",
  },
  {
    id: "samba.guest-access",
    severity: "warning",
    title: "Samba share allows guest access",
    mechanism:
      "guest ok lets anyone who reaches the share in without a password: the passthrough becomes an open door into the intranet.",
  },
  {
    id: "samba.password-on-command-line",
    severity: "error",
    title: "Password on a mount command line",
    mechanism:
      "mount.cifs -o password=… puts the secret in tinc-up, in `ps` output and in shell history; it also breaks on commas. A credentials= file keeps it out.",
  },
  {
    id: "samba.exposed-to-internet",
    severity: "warning",
    title: "Samba share reachable from the internet",
    mechanism: "Every NAT hop forwards 139/445 to the router: SMB is exposed to internet-wide scanning.",
  },
  {
    id: "samba.buffer-sizing",
    severity: "warning",
    title: "Samba passthrough buffers sized against the VPN speed",
    mechanism:
      "A client's write is acknowledged only once it has drained through the slow VPN. SO_RCVBUF and wsize are consecutive buffers: keep wsize a multiple of SO_RCVBUF in the ratio of LAN to VPN speed, and small enough to drain within a second, or client timeouts end batch uploads.",
  },
] as const satisfies readonly FindingRule[];

export type RuleId = (typeof findingRules)[number]["id"];

const ruleById = new Map<string, FindingRule>(findingRules.map((rule) => [rule.id, rule]));

export function finding(
  ruleId: RuleId,
  details: {
    explanation: string;
    objects: FindingObject[];
    fix: string;
    blocking?: boolean;
    severity?: Finding["severity"];
  },
): Finding {
  const rule = ruleById.get(ruleId)!;
  return {
    ruleId,
    severity: details.severity ?? rule.severity,
    title: rule.title,
    explanation: details.explanation,
    objects: details.objects,
    fix: details.fix,
    blocking: details.blocking ?? false,
  };
}
