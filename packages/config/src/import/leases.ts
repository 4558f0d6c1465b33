// /tmp/dhcp.leases: `<expiry> <mac> <ip> <hostname|*> <client-id|*>`; DHCPv6 entries follow a duid line.
import { checkHostname, checkIp, checkMac, leaseIdFor } from "./fields";
import { emptyFragment, type ImportResult, LOCAL_SITE_ID, Problems } from "./types";

export function importDhcpLeases(text: string, file = "/tmp/dhcp.leases"): ImportResult {
  const problems = new Problems(file);
  const fragment = emptyFragment();
  let inIpv6 = false;
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const fields = raw.trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0 || inIpv6) return;
    if (fields[0] === "duid") {
      inIpv6 = true;
      return;
    }
    if (fields.length < 4 || !/^\d+$/.test(fields[0]!)) {
      problems.error(line, "expected: <expiry> <mac> <ip> <hostname|*> [<client-id|*>]");
      return;
    }
    const [, macText, ipText, name] = fields as [string, string, string, string];
    if (/^[0-9a-f]{1,2}-/i.test(macText) && macText.split("-").length !== 6) {
      problems.warn(line, `hardware type prefix in ${macText}: not an Ethernet client, skipped`);
      return;
    }
    const mac = checkMac(problems, line, macText);
    const ip = checkIp(problems, line, ipText);
    if (!mac || !ip) return;
    let hostname: string | null;
    if (name === "*") {
      hostname = `host-${mac.replaceAll(":", "").slice(6)}`;
      problems.warn(line, `${mac} sent no hostname: named ${hostname}`);
    } else hostname = checkHostname(problems, line, name);
    if (!hostname) return;
    fragment.leases.push({
      id: leaseIdFor(mac),
      siteId: LOCAL_SITE_ID,
      mac,
      ip,
      hostname,
      leaseTime: "infinite",
    });
  });
  return problems.result(fragment);
}
