// /etc/config/dhcp: dnsmasq defaults, the LAN pool and one `config host` per static lease.
import type { StaticLease } from "@labnet/model";
import { hashComment } from "../bundle";
import type { RouterContext } from "../context";
import { renderUci, type UciSectionSpec } from "../uci/write";
import { usesDeviceSections } from "./openwrt-version";

export function hostSection(lease: StaticLease): UciSectionSpec {
  return {
    type: "host",
    options: [
      ["name", lease.hostname],
      ["mac", lease.mac],
      ["ip", lease.ip],
      ["leasetime", lease.leaseTime],
      lease.tags.length === 1 ? ["tag", lease.tags[0]] : ["tag", lease.tags.length > 1 ? lease.tags : null],
    ],
  };
}

export function renderDhcp(context: RouterContext, revision: number | string): string {
  const { lan, primary, router } = context;
  const resolvFile = usesDeviceSections(router.openwrtVersion)
    ? "/tmp/resolv.conf.d/resolv.conf.auto"
    : "/tmp/resolv.conf.auto";
  const servedElsewhere = primary !== undefined && primary.site.dhcpServerId !== null;
  const sections: UciSectionSpec[] = [
    {
      type: "dnsmasq",
      options: [
        ["domainneeded", true],
        ["boguspriv", true],
        ["localise_queries", true],
        ["rebind_protection", true],
        ["rebind_localhost", true],
        ["local", "/lan/"],
        ["domain", "lan"],
        ["expandhosts", true],
        ["authoritative", true],
        ["readethers", true],
        ["leasefile", "/tmp/dhcp.leases"],
        ["resolvfile", resolvFile],
        ["localservice", true],
      ],
    },
    {
      type: "dhcp",
      name: "lan",
      options: [
        ["interface", "lan"],
        ["start", lan.dhcpStart],
        ["limit", lan.dhcpLimit],
        ["leasetime", lan.leaseTime],
        // Another machine serves this segment: two DHCP servers on one LAN fight over clients.
        ["ignore", servedElsewhere ? true : null],
      ],
    },
    {
      type: "dhcp",
      name: "wan",
      options: [
        ["interface", "wan"],
        ["ignore", true],
      ],
    },
  ];
  if (!servedElsewhere) sections.push(...(primary?.leases ?? []).map(hostSection));
  return renderUci(
    hashComment(revision, `DHCP and static leases of ${context.machine.name}`),
    sections,
    "/etc/config/dhcp",
  );
}
