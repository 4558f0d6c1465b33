// dnsmasq files: a conf with `dhcp-host=` lines, or a dhcp-hostsfile (the same syntax, one per line).
import { parseMac } from "@labnet/model";
import { checkHostname, checkIp, checkLeaseTime, checkMac, leaseIdFor } from "./fields";
import { emptyFragment, type ImportResult, LOCAL_SITE_ID, type ModelFragment, Problems } from "./types";

const LEASE_TIME = /^(infinite|\d+[smhdw]?)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function importDnsmasq(text: string, file: string): ImportResult {
  const problems = new Problems(file);
  const fragment = emptyFragment();
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/#.*/, "").trim();
    if (content === "") return;
    let spec: string;
    if (content.startsWith("dhcp-host=")) spec = content.slice("dhcp-host=".length);
    else if (/^[\w-]+(=|$)/.test(content) && !parseMac(content.split(",")[0]!).ok) {
      return; // another dnsmasq option: not a lease
    } else spec = content;
    const lease = parseHostSpec(problems, line, spec);
    if (lease) fragment.leases.push(lease);
  });
  return problems.result(fragment);
}

/** `[hwaddr][,id:..][,set:tag][,tag:..][,ipaddr][,hostname][,lease_time][,ignore]` */
function parseHostSpec(
  problems: Problems,
  line: number,
  spec: string,
): ModelFragment["leases"][number] | null {
  const macs: string[] = [];
  const tags: string[] = [];
  let ip: string | null = null;
  let hostname: string | null = null;
  let leaseTime = "infinite";
  for (const field of spec.split(",").map((part) => part.trim())) {
    if (field === "") continue;
    if (field.startsWith("set:")) tags.push(field.slice(4));
    else if (field.startsWith("id:") || field.startsWith("tag:")) {
      problems.warn(line, `${field.split(":")[0]}: matching is not modelled and was dropped`);
    } else if (field === "ignore") {
      problems.warn(line, "an ignore entry refuses a client: not a static lease, not imported");
      return null;
    } else if (/^([0-9a-fA-F]{1,2}[:-]){5}[0-9a-fA-F]{1,2}$/.test(field) || field.includes("*")) {
      if (field.includes("*")) {
        problems.warn(line, `wildcard MAC ${field} matches many clients: not imported`);
        return null;
      }
      macs.push(field);
    } else if (IPV4.test(field)) ip = field;
    else if (LEASE_TIME.test(field) && (ip !== null || hostname !== null)) leaseTime = field;
    else hostname = field;
  }
  if (macs.length === 0 || ip === null || hostname === null) {
    problems.error(line, "a static lease needs a MAC, an IPv4 address and a hostname");
    return null;
  }
  if (macs.length > 1) problems.warn(line, `several MACs: only the first (${macs[0]}) is imported`);
  const mac = checkMac(problems, line, macs[0]!);
  const address = checkIp(problems, line, ip);
  const name = checkHostname(problems, line, hostname);
  const time = checkLeaseTime(problems, line, leaseTime);
  const badTag = tags.find((tag) => !/^[A-Za-z0-9_-]{1,32}$/.test(tag));
  if (badTag !== undefined) problems.error(line, `tag "${badTag}" may use only letters, digits, '_' or '-'`);
  if (!mac || !address || !name || !time || badTag !== undefined) return null;
  return {
    id: leaseIdFor(mac),
    siteId: LOCAL_SITE_ID,
    mac,
    ip: address,
    hostname: name,
    leaseTime: time,
    tags,
  };
}
