// predictions(model): the rows an emulated lab (network namespaces, real tincd and dnsmasq)
// measures, so that measured and predicted results compare one to one.
import type { NetworkModel } from "@labnet/model";
import { analyze } from "./analyze";
import { compareStrings } from "./context";
import { verdictFor } from "./reachability";
import type { Analysis } from "./types";

export interface PairPrediction {
  from: string;
  to: string;
  reachable: boolean;
  pathMtu: number | null;
  /**
   * False when pathMtu is only an upper bound (tinc probing an outer path that drops ICMP): a
   * measurement at or somewhat below it is no disagreement, so compare it as uncheckable.
   */
  pathMtuCertain: boolean;
}

export interface InternetPrediction {
  from: string;
  reachable: boolean;
  pathMtu: number | null;
  /** A bulk TCP download: "uncertain" when it rests on a hop whose ICMP handling is unknown. */
  bulkTcpDownload: "completes" | "stalls" | "uncertain" | "no-path";
}

export interface DhcpPrediction {
  nicId: string;
  mac: string;
  siteId: string | null;
  /** The machine whose dnsmasq answers (the router or the site's dhcpServerId); null without a site. */
  serverId: string | null;
  /** The static lease's address, or null when the client gets one from the pool or none at all. */
  ip: string | null;
  /** no-dhcp-server: the site's Linux DHCP server is not on the LAN (or is this NIC's own machine). */
  source: "static-lease" | "dhcp-pool" | "no-dhcp-server";
}

export interface Predictions {
  pairs: PairPrediction[];
  internet: InternetPrediction[];
  dhcp: DhcpPrediction[];
}

/** Every ordered endpoint pair (quadratic by nature: meant for lab-sized models). */
export function predictionsFor(analysis: Analysis): Predictions {
  const endpoints = analysis.endpoints.filter((endpoint) => endpoint.kind !== "internet");
  const pairs: PairPrediction[] = [];
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (from.id === to.id) continue;
      const verdict = verdictFor(analysis, from.id, to.id);
      pairs.push({
        from: from.id,
        to: to.id,
        reachable: verdict.reachable,
        pathMtu: verdict.pathMtu,
        pathMtuCertain: verdict.pathMtuUpperBound !== true,
      });
    }
  }
  const internet = endpoints.map((endpoint): InternetPrediction => {
    const verdict = verdictFor(analysis, endpoint.id, "internet");
    const large = verdict.largePacket;
    return {
      from: endpoint.id,
      reachable: verdict.reachable,
      pathMtu: verdict.pathMtu,
      bulkTcpDownload: !verdict.reachable
        ? "no-path"
        : large?.tcp === "black-hole"
          ? "stalls"
          : large && !large.certain
            ? "uncertain"
            : "completes",
    };
  });
  const dhcpServer = new Map(analysis.sites.map((site) => [site.id, site.dhcpServerId]));
  const dhcp = endpoints
    .filter(
      (endpoint) =>
        (endpoint.ipSource === "static-lease" ||
          endpoint.ipSource === "dhcp-pool" ||
          endpoint.ipSource === "no-dhcp-server") &&
        endpoint.mac,
    )
    .map((endpoint) => ({
      nicId: endpoint.id,
      mac: endpoint.mac!,
      siteId: endpoint.siteId,
      serverId: (endpoint.siteId && dhcpServer.get(endpoint.siteId)) ?? null,
      ip: endpoint.ip,
      source: endpoint.ipSource as DhcpPrediction["source"],
    }));
  return {
    pairs: pairs.sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to)),
    internet,
    dhcp: dhcp.sort((a, b) => compareStrings(a.nicId, b.nicId)),
  };
}

export function predictions(model: NetworkModel): Predictions {
  return predictionsFor(analyze(model));
}
