// /etc/config/network: loopback, the LAN bridge (br-lan) with the router's LAN address, the WAN.
import { hashComment } from "../bundle";
import type { RouterContext } from "../context";
import { renderUci, type UciSectionSpec } from "../uci/write";
import { usesDeviceSections } from "./openwrt-version";

export const LAN_BRIDGE = "br-lan";
const DEFAULT_LAN_PORT = "eth0";
const DEFAULT_WAN_PORT = "eth1";

/** The physical LAN port: a NIC named like the bridge says nothing about its port. */
export function lanPort(context: RouterContext): string {
  const name = context.lanNic?.name;
  return name && !name.startsWith("br-") ? name : DEFAULT_LAN_PORT;
}

export function wanPort(context: RouterContext): string {
  return context.wanNic?.name ?? DEFAULT_WAN_PORT;
}

export function renderNetwork(context: RouterContext, revision: number | string, warnings: string[]): string {
  const { router, lan, lanNic, wanNic } = context;
  const modern = usesDeviceSections(router.openwrtVersion);
  const port = lanPort(context);
  if (lanNic?.name.startsWith("br-")) {
    warnings.push(
      `${context.machine.name}: LAN NIC is named ${lanNic.name}; its bridge port is assumed to be ${port}`,
    );
  }
  const lanMtu = lanNic && lanNic.mtu !== 1500 ? lanNic.mtu : null;
  const wanMtu = wanNic && wanNic.mtu !== 1500 ? wanNic.mtu : null;
  const sections: UciSectionSpec[] = [
    {
      type: "interface",
      name: "loopback",
      options: [
        [modern ? "device" : "ifname", "lo"],
        ["proto", "static"],
        ["ipaddr", "127.0.0.1"],
        ["netmask", "255.0.0.0"],
      ],
    },
  ];
  if (modern) {
    sections.push({
      type: "device",
      options: [
        ["name", LAN_BRIDGE],
        ["type", "bridge"],
        ["ports", [port]],
        ["mtu", lanMtu],
      ],
    });
  }
  sections.push({
    type: "interface",
    name: "lan",
    options: [
      ...((modern
        ? [["device", LAN_BRIDGE]]
        : [
            ["type", "bridge"],
            ["ifname", port],
          ]) satisfies UciSectionSpec["options"]),
      ["proto", "static"],
      ["ipaddr", lan.ipaddr],
      ["netmask", lan.netmask],
      ["mtu", modern ? null : lanMtu],
    ],
  });
  const wan: UciSectionSpec = {
    type: "interface",
    name: "wan",
    options: [
      [modern ? "device" : "ifname", wanPort(context)],
      ["proto", router.wanProto],
      ["ipaddr", router.wanProto === "static" ? router.wanIp : null],
      ["mtu", wanMtu],
    ],
  };
  if (router.wanProto === "static") {
    if (router.wanIp === null)
      warnings.push(`${context.machine.name}: static WAN without an address in the model`);
    warnings.push(
      `${context.machine.name}: add the static WAN's netmask and gateway on the router (not modelled)`,
    );
  }
  if (router.wanProto === "pppoe") {
    warnings.push(`${context.machine.name}: PPPoE username and password stay on the router: set them there`);
  }
  sections.push(wan);
  return renderUci(
    hashComment(revision, `OpenWrt ${router.openwrtVersion} network of ${context.machine.name}`),
    sections,
    "/etc/config/network",
  );
}
