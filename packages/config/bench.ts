// npm run bench -- config: render every bundle of a 254-site intranet.
import { type NetworkModelInput, networkModelSchema } from "@labnet/model";
import type { Benchmark } from "../../bench/types";
import { percentile, sampleDurations } from "../../bench/types";
import { renderBundles } from "./src/index";

/** 254 labs, each a Hyper-V host with an OpenWrt router, three leases and a site ConnectTo 3 others. */
export function bigIntranet(siteCount = 254) {
  const input: Required<
    Pick<NetworkModelInput, "labs" | "machines" | "nics" | "vswitches" | "sites" | "leases" | "intranets">
  > = {
    labs: [],
    machines: [],
    nics: [],
    vswitches: [],
    sites: [],
    leases: [],
    intranets: [{ id: "corp", name: "corp", netname: "corp", cidr: "192.168.0.0/16", mode: "switch" }],
  };
  for (let index = 0; index < siteCount; index++) {
    const segment = index + 1;
    const hex = (value: number) => value.toString(16).padStart(2, "0");
    const mac = (last: number) => `00:15:5d:${hex(segment)}:00:${hex(last)}`;
    const lab = `lab${segment}`;
    input.labs.push({ id: lab, name: lab });
    input.vswitches.push({
      id: `${lab}-lan`,
      labId: lab,
      name: "LAN",
      type: "internal",
      allowManagementOS: true,
    });
    input.machines.push(
      { id: `${lab}-host`, labId: lab, name: `${lab}-host`, kind: "hyperv-host" },
      {
        id: `${lab}-router`,
        labId: lab,
        name: `${lab}-router`,
        kind: "router",
        router: {
          openwrtVersion: segment % 2 ? "19.07.9" : "23.05.3",
          sqm: { enabled: true, downloadKbps: 50000, uploadKbps: 10000 },
        },
      },
    );
    input.nics.push(
      {
        id: `${lab}-host-lan`,
        machineId: `${lab}-host`,
        vswitchId: `${lab}-lan`,
        name: "vEthernet (LAN)",
        mac: mac(1),
      },
      {
        id: `${lab}-router-lan`,
        machineId: `${lab}-router`,
        vswitchId: `${lab}-lan`,
        name: "eth0",
        mac: mac(2),
        role: "lan",
        macSpoofing: true,
      },
    );
    input.sites.push({
      id: `site${segment}`,
      intranetId: "corp",
      routerId: `${lab}-router`,
      tincName: `site${segment}`,
      segment,
      lanIp: `192.168.${segment}.1`,
      publicAddress: `site${segment}.example.net`,
      connectTo: [1, 2, 3].map((step) => `site${((index + step) % siteCount) + 1}`),
    });
    for (let host = 10; host < 13; host++) {
      input.leases.push({
        id: `lease-${segment}-${host}`,
        siteId: `site${segment}`,
        mac: mac(host),
        ip: `192.168.${segment}.${host}`,
        hostname: `vm-${segment}-${host}`,
      });
    }
  }
  return networkModelSchema.parse(input);
}

export const benchmarks: Benchmark[] = [
  {
    area: "config",
    name: "render all bundles, 254 sites",
    goal: "< 300 ms",
    async run() {
      const model = bigIntranet();
      const samples = await sampleDurations(() => renderBundles(model, { revision: 1 }), 10, 2);
      const bundles = renderBundles(model, { revision: 1 });
      const files = bundles.reduce((sum, bundle) => sum + bundle.files.length, 0);
      const p50 = percentile(samples, 50);
      return {
        value: p50,
        unit: "ms",
        ok: percentile(samples, 90) < 300,
        note: `p50 of 10; p90 ${percentile(samples, 90).toFixed(0)} ms; ${bundles.length} bundles, ${files} files`,
      };
    },
  },
];
