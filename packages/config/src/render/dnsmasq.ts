// dnsmasq for DHCP servers that are not OpenWrt: a conf snippet per site and a dhcp-hostsfile
// (one dhcp-host per line, re-read on SIGHUP), the file the seed article calls dnsmasq.hosts.conf.
import { dhcpPool, type StaticLease } from "@labnet/model";
import { hashComment } from "../bundle";
import type { SiteContext } from "../context";

export function dnsmasqHostLine(lease: StaticLease): string {
  return [
    lease.mac,
    ...lease.tags.map((tag) => `set:${tag}`),
    lease.ip,
    lease.hostname,
    lease.leaseTime,
  ].join(",");
}

export function renderDnsmasqHosts(context: SiteContext, revision: number | string): string {
  const lines = context.leases.map(dnsmasqHostLine);
  return `${hashComment(revision, `static leases of site ${context.site.tincName}`)}${lines.map((line) => `${line}\n`).join("")}`;
}

export function dnsmasqHostsPath(context: SiteContext): string {
  return `/etc/labnet/dnsmasq.hosts.${context.site.tincName}.conf`;
}

export function dnsmasqConfPath(context: SiteContext): string {
  return `/etc/dnsmasq.d/labnet-${context.site.tincName}.conf`;
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
  const tag = `site_${site.tincName}`;
  // No pool: a static range still tells dnsmasq the subnet that the dhcp-host addresses live in.
  const range =
    site.dhcpLimit > 0
      ? (({ first, last }) => `${first},${last}`)(dhcpPool(segment, site.dhcpStart, site.dhcpLimit))
      : `${segment.network},static`;
  const lines = [
    `dhcp-range=set:${tag},${range},${site.leaseTime}`,
    `dhcp-option=tag:${tag},option:router,${site.lanIp}`,
    `dhcp-option=tag:${tag},option:dns-server,${site.lanIp}`,
    `dhcp-hostsfile=${hostsPath}`,
    "dhcp-authoritative",
  ];
  return `${hashComment(revision, `DHCP of site ${site.tincName} (segment ${segment.network}/24)`)}${lines.join("\n")}\n`;
}
