// A router's way out: its WAN NIC, the chain of uplink hops to the internet, which of them NAT
// and forward ports, and what the router's own firewall lets in from WAN.
import {
  effectiveFirewallRules,
  type FirewallRule,
  type Machine,
  type Nic,
  type TincListener,
  type UplinkHop,
  wanInputRule,
} from "@labnet/model";
import { type ModelContext, routerNics } from "./context";
import { computePathMtu, type PathElement } from "./mtu";
import type { Hop, ServicePort } from "./types";

export interface WanState {
  online: boolean;
  reason: string;
  wanNic: Nic | null;
}

/**
 * Whether a router has a way out. A router without a WAN vNIC is a physical box whose WAN port
 * is not modelled: it counts as online when its uplink or WAN address is described.
 */
export function wanState(context: ModelContext, router: Machine): WanState {
  const settings = router.router;
  if (settings === null)
    return { online: false, reason: `${router.name} has no router settings`, wanNic: null };
  const wanNic = routerNics(context, router.id, "wan")[0] ?? null;
  if (wanNic === null) {
    return settings.uplink.length > 0 || settings.wanIp !== null
      ? { online: true, reason: `${router.name}'s WAN port leads to its uplink`, wanNic: null }
      : {
          online: false,
          reason: `${router.name} has no WAN NIC and no uplink: it has no way out`,
          wanNic: null,
        };
  }
  if (wanNic.vswitchId === null) {
    return {
      online: false,
      reason: `${router.name}'s WAN NIC ${wanNic.name} is not attached to a vSwitch`,
      wanNic,
    };
  }
  const vswitch = context.vswitches.get(wanNic.vswitchId);
  if (vswitch === undefined || vswitch.type === "internal" || vswitch.type === "private") {
    return {
      online: false,
      reason: `${router.name}'s WAN NIC ${wanNic.name} is on ${vswitch?.type ?? "an unknown"} switch "${vswitch?.name ?? wanNic.vswitchId}", which has no way out of the notebook`,
      wanNic,
    };
  }
  return {
    online: true,
    reason: `${router.name}'s WAN NIC ${wanNic.name} is on ${vswitch.type} switch "${vswitch.name}"`,
    wanNic,
  };
}

/** Everything a packet crosses from the router outward, as MTU elements. */
export function outwardElements(router: Machine, wanNic: Nic | null): PathElement[] {
  const elements: PathElement[] = [];
  if (wanNic !== null) {
    elements.push({
      id: wanNic.id,
      name: `${router.name} WAN ${wanNic.name}`,
      mtu: wanNic.mtu,
      dropsIcmpFragNeeded: "no",
    });
  }
  if (router.router?.wanProto === "pppoe") {
    const mtu = (wanNic?.mtu ?? 1500) - 8;
    elements.push({ id: `${router.id}:pppoe`, name: `${router.name} PPPoE`, mtu, dropsIcmpFragNeeded: "no" });
  }
  for (const hop of router.router?.uplink ?? []) elements.push(hopElement(hop));
  return elements;
}

export function hopElement(hop: UplinkHop): PathElement {
  return {
    id: hop.id,
    name:
      hop.encapsulation === "none" || hop.name.toLowerCase().includes(hop.encapsulation)
        ? hop.name
        : `${hop.name} (${hop.encapsulation})`,
    mtu: hop.mtu,
    dropsIcmpFragNeeded: hop.dropsIcmpFragNeeded,
    ...(hop.nat && hop.translatesIcmpErrors ? { translatesIcmpErrors: hop.translatesIcmpErrors } : {}),
    ...(hop.clampsMss
      ? { clampTo: hop.mtu, clampNote: `${hop.name} clamps to its own outer MTU ${hop.mtu}` }
      : {}),
  };
}

/** The MTU of the router's own WAN interface: all that its mtu_fix and tincd can see locally. */
export function localOuterMtu(router: Machine, wanNic: Nic | null): number {
  const nicMtu = wanNic?.mtu ?? 1500;
  return router.router?.wanProto === "pppoe" ? nicMtu - 8 : nicMtu;
}

/** Worst fate of ICMP frag-needed on the uplink: dropped, or not translated back by a NAT hop. */
export function worstIcmpHandling(router: Machine): "yes" | "no" | "unknown" {
  const uplink = router.router?.uplink ?? [];
  const untranslated = { yes: "no", no: "yes", unknown: "unknown" } as const;
  const losses = uplink.flatMap((hop) => [
    hop.dropsIcmpFragNeeded,
    hop.nat ? untranslated[hop.translatesIcmpErrors ?? "yes"] : "no",
  ]);
  if (losses.includes("yes")) return "yes";
  return losses.includes("unknown") ? "unknown" : "no";
}

export function outerMtu(router: Machine, wanNic: Nic | null): { mtu: number; limitedBy: string | null } {
  return computePathMtu(outwardElements(router, wanNic));
}

export function uplinkHops(router: Machine): Hop[] {
  return (router.router?.uplink ?? []).map((hop) => ({
    kind: "uplink-hop" as const,
    id: hop.id,
    name: hop.name,
    mtu: hop.mtu,
    ...(hop.nat ? { note: "NAT" } : {}),
  }));
}

export const internetHop: Hop = { kind: "internet", id: "internet", name: "internet" };

/** Why the uplink does not let `ports` in from the internet, or null when every NAT hop forwards them. */
export function missingForwards(
  router: Machine,
  ports: readonly ServicePort[],
  behindNat: boolean,
): string | null {
  const uplink = router.router?.uplink ?? [];
  const natHops = uplink.filter((hop) => hop.nat);
  if (behindNat && natHops.length === 0) {
    return `${router.name} is marked behind NAT but no uplink hop models that NAT or its port forwards`;
  }
  for (const hop of natHops) {
    const missing = ports.filter(
      (wanted) =>
        !hop.portForwards.some((forward) => forward.proto === wanted.proto && forward.port === wanted.port),
    );
    if (missing.length > 0) {
      return `${hop.name} does NAT without a port forward for ${missing.map((port) => `${port.proto}/${port.port}`).join(", ")}`;
    }
  }
  return null;
}

/**
 * fw4 semantics for traffic from WAN to the router itself: first matching rule wins, then the
 * zone's input policy — over the rules the router really gets (the model's, then those labnet adds
 * for published tinc and samba), the same list config renders.
 */
export function wanInputVerdict(
  router: Machine,
  port: ServicePort,
  tincListeners: TincListener[],
): { accepted: boolean; reason: string } {
  const settings = router.router;
  if (settings === null) return { accepted: false, reason: "no router settings" };
  const rule = wanInputRule(effectiveFirewallRules(settings, tincListeners), port.proto, port.port);
  if (rule) {
    const added = !settings.rules.includes(rule);
    return {
      accepted: rule.target === "ACCEPT",
      reason: `firewall rule "${rule.name}"${added ? " (added by labnet for the published service)" : ""} ${rule.target === "ACCEPT" ? "accepts" : `${rule.target === "DROP" ? "drops" : "rejects"}`} ${port.proto}/${port.port} from wan`,
    };
  }
  return {
    accepted: settings.wanInput === "ACCEPT",
    reason: `no firewall rule for ${port.proto}/${port.port} from wan: the wan zone's input policy ${settings.wanInput} applies`,
  };
}

/** A rule that blocks forwarding from LAN to WAN entirely (fw4 forwards lan→wan by default). */
export function lanToWanBlock(router: Machine): FirewallRule | null {
  return (
    router.router?.rules.find(
      (rule) =>
        rule.src === "lan" && rule.dest === "wan" && rule.destPort === null && rule.target !== "ACCEPT",
    ) ?? null
  );
}
