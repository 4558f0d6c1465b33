// Samba passthrough shares on routers: firewall, guest access, secrets, exposure, buffer sizing.
import { cidrContains, type Machine, parseIPv4, type SambaShare } from "@labnet/model";
import type { ModelContext } from "../context";
import type { Finding } from "../types";
import { finding } from "./catalogue";
import type { RuleInput } from "./input";

/** Speed assumed for the clients on the router's WAN side (the seed article: LAN ≈ Wi-Fi). */
export const ASSUMED_CLIENT_KBPS = 100_000;
/** A write must drain through the VPN well before SMB clients give up waiting. */
const MAX_DRAIN_MS = 1000;
/** SMB 2.0.2 negotiates at most 64 KiB per write. */
const SMB2_MAX_WRITE = 65536;

function minKnown(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null && value > 0);
  return known.length > 0 ? Math.min(...known) : null;
}

function linkSpeed(router: Machine | undefined, direction: "up" | "down"): number | null {
  const settings = router?.router;
  if (!settings) return null;
  const sqm = settings.sqm?.enabled
    ? direction === "up"
      ? settings.sqm.uploadKbps
      : settings.sqm.downloadKbps
    : 0;
  if (sqm > 0) return sqm;
  return minKnown(settings.uplink.map((hop) => (direction === "up" ? hop.upKbps : hop.downKbps)));
}

function remoteRouter(context: ModelContext, share: SambaShare): Machine | undefined {
  const host = share.remoteUnc.slice(2).split("/")[0]!;
  const ip = parseIPv4(host);
  if (!ip.ok) return undefined;
  const site = context.sites.find((candidate) => {
    const subnet = context.siteSubnet.get(candidate.id);
    return subnet ? cidrContains(subnet, ip.value) : false;
  });
  return site ? context.machines.get(site.routerId) : undefined;
}

function bufferFinding(context: ModelContext, router: Machine, share: SambaShare): Finding | null {
  const problems: string[] = [];
  const cap = share.smbVersion === "2.0" ? SMB2_MAX_WRITE : 4 * 1024 * 1024;
  if (share.wsize % share.soRcvbuf !== 0) {
    problems.push(`wsize ${share.wsize} is not a multiple of SO_RCVBUF ${share.soRcvbuf}`);
  }
  if (share.wsize > cap)
    problems.push(`SMB ${share.smbVersion} writes at most ${cap} bytes, wsize is ${share.wsize}`);
  const remote = remoteRouter(context, share);
  const vpnKbps =
    remote && remote.id !== router.id ? minKnown([linkSpeed(router, "up"), linkSpeed(remote, "down")]) : null;
  let recommended = Math.min(cap, share.wsize - (share.wsize % share.soRcvbuf) || share.soRcvbuf);
  let speedText =
    "The VPN speed to the remote share is unknown (no SQM or hop speeds), so only the sizes were checked.";
  if (vpnKbps !== null) {
    const drainMs = ((share.wsize + share.soRcvbuf) * 8) / vpnKbps;
    const target = Math.max(1, Math.round(ASSUMED_CLIENT_KBPS / vpnKbps));
    const drainCap = Math.floor((vpnKbps * MAX_DRAIN_MS) / 8) - share.soRcvbuf;
    const ideal = Math.min(cap, share.soRcvbuf * target, Math.max(share.soRcvbuf, drainCap));
    recommended = Math.max(share.soRcvbuf, ideal - (ideal % share.soRcvbuf));
    const ratio = share.wsize / share.soRcvbuf;
    speedText = `VPN bottleneck ${vpnKbps} kbit/s (${router.name} upload vs ${remote!.name} download), clients assumed at ${ASSUMED_CLIENT_KBPS} kbit/s: speed ratio ${target}, buffer ratio wsize/SO_RCVBUF ${ratio.toFixed(1)}; the ${share.wsize + share.soRcvbuf} buffered bytes drain in ${Math.round(drainMs)} ms.`;
    if (drainMs > MAX_DRAIN_MS)
      problems.push(`the buffers take ${Math.round(drainMs)} ms to drain through the VPN`);
    const achievable = recommended / share.soRcvbuf;
    if ((ratio < target / 2 || ratio > target * 2) && Math.abs(achievable - ratio) >= 1) {
      problems.push(`wsize/SO_RCVBUF is ${ratio.toFixed(1)} while LAN/VPN speed is about ${target}`);
    }
  }
  if (problems.length === 0) return null;
  return finding("samba.buffer-sizing", {
    explanation: `Share ${share.name} on ${router.name}: ${problems.join("; ")}. ${speedText}`,
    objects: [{ type: "share", id: share.id }],
    fix: `Mount with wsize=${recommended} and keep socket options SO_RCVBUF=${share.soRcvbuf} (wsize a multiple of it, at most ${cap} for SMB ${share.smbVersion}).`,
  });
}

export function sambaFindings({ context, services }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  const serviceById = new Map(services.map((service) => [service.id, service]));
  for (const router of context.machines.values()) {
    for (const share of router.router?.shares ?? []) {
      const objects = [
        { type: "share" as const, id: share.id },
        { type: "machine" as const, id: router.id },
      ];
      const onWan = share.servedInterfaces.includes("wan");
      const service = serviceById.get(`samba:${router.id}:${share.id}`);
      if (onWan && service && !service.fromUpstream.reachable) {
        findings.push(
          finding("samba.wan-firewall", {
            explanation: `Share ${share.name} is served on ${router.name}'s wan, but ${service.fromUpstream.reason}.`,
            objects,
            fix: "Remove the rule that drops or rejects tcp 139 / tcp+udp 445 from wan (or stop serving the share on wan): labnet then adds the ACCEPT rules itself.",
          }),
        );
      }
      if (share.guestOk) {
        findings.push(
          finding("samba.guest-access", {
            explanation: `Share ${share.name} on ${router.name} has guest ok${onWan ? " and is served on wan: anyone on the outside network reaches the intranet share behind it" : ""}.`,
            objects,
            fix: "Set guest_ok 'no' and list the users allowed in (seed article: 'map to guest = Never').",
            severity: onWan ? "error" : "warning",
          }),
        );
      }
      if (/(^|,)\s*pass(word)?=/i.test(share.mountOptions)) {
        findings.push(
          finding("samba.password-on-command-line", {
            explanation: `The mount options of share ${share.name} on ${router.name} carry a password: it ends up in tinc-up, in the process list and in logs.`,
            objects,
            fix: `Remove password= from the options and put username=/password= lines into ${share.credentialsFile} (chmod 600), mounted with credentials=${share.credentialsFile}.`,
          }),
        );
      }
      if (service?.fromInternet.reachable) {
        findings.push(
          finding("samba.exposed-to-internet", {
            explanation: `Share ${share.name} on ${router.name}: ${service.fromInternet.reason}.`,
            objects,
            fix: "Remove the 139/445 port forwards from the uplink hops; reach the share over the VPN instead.",
          }),
        );
      }
      const buffers = bufferFinding(context, router, share);
      if (buffers) findings.push(buffers);
    }
  }
  return findings;
}
