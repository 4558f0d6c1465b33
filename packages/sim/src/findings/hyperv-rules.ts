// Hyper-V: MAC spoofing on bridging routers, the host bypassing its router, Wi-Fi bridging and
// Wi-Fi WANs.
import { routerNics } from "../context";
import type { Finding } from "../types";
import { finding } from "./catalogue";
import type { RuleInput } from "./input";

export function hypervFindings({ context, topology }: RuleInput): Finding[] {
  const findings: Finding[] = [];
  for (const site of context.sites) {
    if (context.intranets.get(site.intranetId)?.mode !== "switch") continue;
    const router = context.machines.get(site.routerId);
    for (const nic of routerNics(context, site.routerId, "lan")) {
      if (!nic.macSpoofing) {
        findings.push(
          finding("hyperv.mac-spoofing-off", {
            explanation: `${router?.name ?? site.routerId} ${nic.name} bridges ${site.tincName}'s LAN into the switch-mode mesh, but MAC spoofing is off: Hyper-V drops every frame it forwards from other sites' machines, so nothing crosses the intranet to or from this LAN.`,
            objects: [
              { type: "nic", id: nic.id },
              { type: "site", id: site.id },
            ],
            fix: `Set-VMNetworkAdapter -VMName '${router?.name ?? site.routerId}' -Name '${nic.name}' -MacAddressSpoofing On`,
            blocking: true,
          }),
        );
      }
    }
    const segment = topology.siteSegment.get(site.id);
    if (segment?.vswitch.type === "external" && segment.vswitch.adapterMedium === "wifi") {
      findings.push(
        finding("hyperv.wifi-bridged", {
          explanation: `${site.tincName}'s LAN is the external switch "${segment.vswitch.name}" bound to Wi-Fi adapter ${segment.vswitch.adapterName ?? "(unnamed)"}: the Wi-Fi link rewrites source MACs, so tinc's MAC learning and MAC-based DHCP reservations across the mesh break.`,
          objects: [
            { type: "vswitch", id: segment.vswitch.id },
            { type: "site", id: site.id },
          ],
          fix: "Put the router's LAN on an internal or private switch, or bind the external switch to an Ethernet adapter.",
          blocking: true,
        }),
      );
    }
  }
  for (const router of context.machines.values()) {
    if (router.router === null) continue;
    for (const nic of routerNics(context, router.id, "wan")) {
      const vswitch = nic.vswitchId === null ? undefined : context.vswitches.get(nic.vswitchId);
      if (vswitch?.type !== "external" || vswitch.adapterMedium !== "wifi") continue;
      findings.push(
        finding("hyperv.wifi-wan", {
          explanation: `${router.name} ${nic.name} (MAC ${nic.mac}) reaches the upstream network through external switch "${vswitch.name}" bound to Wi-Fi adapter ${vswitch.adapterName ?? "(unnamed)"}: upstream sees the host's Wi-Fi MAC instead of ${nic.mac}, so a DHCP reservation or MAC filter for ${nic.mac} on the upstream router never matches, and MacAddressSpoofing On does not help.`,
          objects: [
            { type: "nic", id: nic.id },
            { type: "vswitch", id: vswitch.id },
          ],
          fix: "Reserve the address upstream by the host's Wi-Fi MAC (shown by Get-NetAdapter on the host), give the WAN a static address outside the upstream's pool, or bind the switch to an Ethernet adapter.",
        }),
      );
    }
  }
  for (const vswitch of context.vswitches.values()) {
    if (vswitch.type !== "external" || !vswitch.allowManagementOS) continue;
    const routed = topology.segments.get(vswitch.id)?.router;
    findings.push(
      finding("hyperv.management-os-external", {
        explanation: `External switch "${vswitch.name}" is shared with the management OS: the Windows host reaches the ${vswitch.adapterMedium ?? "physical"} network directly${routed ? ` beside ${routed.name}` : ""}, bypassing the router's firewall, SQM and VPN.`,
        objects: [{ type: "vswitch", id: vswitch.id }],
        fix: `Set-VMSwitch -Name '${vswitch.name}' -AllowManagementOS $false, and give the host a vNIC on the router's LAN switch instead.`,
      }),
    );
  }
  for (const nic of context.nics) {
    if (nic.vswitchId !== null) continue;
    findings.push(
      finding("hyperv.nic-unattached", {
        explanation: `${context.machines.get(nic.machineId)?.name ?? nic.machineId} ${nic.name} is not connected to any vSwitch.`,
        objects: [{ type: "nic", id: nic.id }],
        fix: "Connect the NIC to a switch (Connect-VMNetworkAdapter) or remove it.",
      }),
    );
  }
  return findings;
}
