// The seed's samba passthrough on the router's WAN, then a firewall change that closes 445:
// sim's service verdict must follow the change exactly as the real nftables does.
import { changed, scenarioModel } from "./builder";
import type { Scenario } from "./types";

const model = scenarioModel([
  {
    key: "office",
    segment: 40,
    uplink: [
      { id: "office-home", name: "home router", kind: "home-router", nat: true, dropsIcmpFragNeeded: "no" },
    ],
    router: {
      shares: [
        {
          id: "share-projects",
          name: "projects",
          remoteUnc: "//192.168.40.20/projects",
          mountPoint: "/mnt/remote_resource_1",
          servedInterfaces: ["wan", "loopback"],
          users: ["anna"],
          credentialsFile: "/etc/samba/credentials/projects",
        },
      ],
      rules: [
        { name: "netbios ssession service", src: "wan", proto: ["tcp"], destPort: "139", target: "ACCEPT" },
        { name: "Samba over TCP/IP", src: "wan", proto: ["tcp", "udp"], destPort: "445", target: "ACCEPT" },
      ],
    },
    vms: [{ name: "office-files", host: 20 }],
  },
]);

export const sambaFirewall: Scenario = {
  name: "samba-firewall",
  description: "Samba served on WAN with the seed's ACCEPT rules; then a REJECT rule for tcp 445 goes first.",
  model,
  change: {
    description: "after closing tcp/445 from wan",
    model: changed(model, (copy) => {
      const router = copy.machines.find((machine) => machine.id === "office-router")!.router!;
      router.rules.unshift({
        name: "Close SMB from WAN",
        src: "wan",
        dest: null,
        proto: ["tcp"],
        destPort: "445",
        target: "REJECT",
      });
    }),
  },
};
