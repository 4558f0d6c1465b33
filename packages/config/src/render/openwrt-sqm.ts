// /etc/config/sqm: cake on the WAN port, shaped a little below the uplink's real rates.
import { hashComment } from "../bundle";
import type { RouterContext } from "../context";
import { renderUci } from "../uci/write";
import { wanPort } from "./openwrt-network";

export function renderSqm(context: RouterContext, revision: number | string): string | null {
  const sqm = context.router.sqm;
  if (!sqm) return null;
  const device = wanPort(context);
  return renderUci(
    hashComment(revision, `SQM shaping of ${context.machine.name}`),
    [
      {
        type: "queue",
        name: device.replaceAll(/[^A-Za-z0-9_]/g, "_"),
        options: [
          ["enabled", sqm.enabled],
          ["interface", device],
          ["download", sqm.downloadKbps],
          ["upload", sqm.uploadKbps],
          ["qdisc", sqm.qdisc],
          ["script", sqm.script],
          ["linklayer", sqm.linkLayer],
          ["overhead", sqm.overhead],
          ["qdisc_advanced", false],
          ["debug_logging", false],
          ["verbosity", 5],
        ],
      },
    ],
    "/etc/config/sqm",
  );
}
