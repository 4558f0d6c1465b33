// dnsmasq for DHCP servers that are not OpenWrt: a conf snippet per site and a dhcp-hostsfile
// (one dhcp-host per line, re-read on SIGHUP), the file the seed article calls dnsmasq.hosts.conf.
import { dhcpPool, type StaticLease } from "@labnet/model";
import { hashComment } from "../bundle";
import type { SiteContext } from "../context";
import { dnsmasqValue } from "../quote/dnsmasq";
import { pathSegment } from "../quote/path";

export function dnsmasqHostLine(lease: StaticLease): string {
  const field = (name: string) => `lease ${lease.id} ${name}`;
  return [
    dnsmasqValue(lease.mac, field("mac")),
    ...lease.tags.map((tag) => `set:${dnsmasqValue(tag, field("tags"))}`),
    dnsmasqValue(lease.ip, field("ip")),
    dnsmasqValue(lease.hostname, field("hostname")),
    dnsmasqValue(lease.leaseTime, field("leaseTime")),
  ].join(",");
}

export function renderDnsmasqHosts(context: SiteContext, revision: number | string): string {
  const lines = context.leases.map(dnsmasqHostLine);
  return `${hashComment(revision, `static leases of site ${context.site.tincName}`)}${lines.map((line) => `${line}\n`).join("")}`;
}

export function dnsmasqHostsPath(context: SiteContext): string {
  return `/etc/labnet/dnsmasq.hosts.${pathSegment(context.site.tincName, `site ${context.site.id} tincName`)}.conf`;
}

export function dnsmasqConfPath(context: SiteContext): string {
  return `/etc/dnsmasq.d/labnet-${pathSegment(context.site.tincName, `site ${context.site.id} tincName`)}.conf`;
}

/**
 * The pool is a plain start,end range: dnsmasq takes the netmask from the interface, which in
 * switch mode carries the intranet prefix (see docs/config.md).
 */
export function renderDnsmasqConf(
  context: SiteContext,
  revision: number | string,
  hostsPath: string,
): string {
  const { site, segment } = context;
  const field = (name: string) => `site ${site.id} ${name}`;
  const tag = `site_${dnsmasqValue(site.tincName, field("tincName"))}`;
  // No pool: a static range still tells dnsmasq the subnet that the dhcp-host addresses live in.
  const range =
    site.dhcpLimit > 0
      ? (({ first, last }) => `${first},${last}`)(dhcpPool(segment, site.dhcpStart, site.dhcpLimit))
      : `${segment.network},static`;
  const lines = [
    `dhcp-range=set:${tag},${range},${dnsmasqValue(site.leaseTime, field("leaseTime"))}`,
    `dhcp-option=tag:${tag},option:router,${dnsmasqValue(site.lanIp, field("lanIp"))}`,
    `dhcp-option=tag:${tag},option:dns-server,${dnsmasqValue(site.lanIp, field("lanIp"))}`,
    `dhcp-hostsfile=${dnsmasqValue(hostsPath, field("tincName"))}`,
    "dhcp-authoritative",
  ];
  return `${hashComment(revision, `DHCP of site ${site.tincName} (segment ${segment.network}/24)`)}${lines.join("\n")}\n`;
}
