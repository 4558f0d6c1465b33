// parse(render(m)) == m for every field the OpenWrt and tinc files carry (property test).
import {
  intToIpv4,
  ipv4ToInt,
  type NetworkModel,
  type NetworkModelInput,
  networkModelSchema,
  parseCidr,
  segmentCount,
  segmentSubnet,
} from "@labnet/model";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelIndex } from "../context";
import { renderMachineBundle } from "../render/bundles";
import { effectiveFirewallRules } from "../render/firewall-rules";
import { importFiles } from "./files";

const cidrs = ["192.168.0.0/16", "10.20.0.0/16", "10.32.0.0/20"];
const tincNames = ["alpha", "bravo", "charlie", "delta", "echo_2"];

const ruleArb = fc.record({
  name: fc.constantFrom("Allow-SSH", "web it's", "Block 8080", "vpn in"),
  src: fc.constantFrom("wan", "lan", "vpn"),
  dest: fc.option(fc.constantFrom("wan", "lan", "vpn"), { nil: null }),
  proto: fc.constantFrom(["tcp"], ["udp"], ["tcp", "udp"], ["icmp"]),
  destPort: fc.option(fc.constantFrom("22", "8000-8080", "443"), { nil: null }),
  target: fc.constantFrom("ACCEPT", "REJECT", "DROP"),
});

const modelArb = fc
  .record({
    version: fc.constantFrom("19.07.9", "21.02.7", "22.03.6", "23.05.3"),
    cidr: fc.constantFrom(...cidrs),
    mode: fc.constantFrom("switch", "router"),
    segmentSeed: fc.nat(),
    host: fc.integer({ min: 1, max: 30 }),
    dhcpStart: fc.integer({ min: 31, max: 200 }),
    dhcpLimit: fc.integer({ min: 0, max: 54 }),
    leaseTime: fc.constantFrom("12h", "1d", "infinite", "3600"),
    port: fc.integer({ min: 1, max: 65535 }),
    cipher: fc.constantFrom("aes-256-cbc", "aes-128-cbc", "blowfish"),
    pmtuDiscovery: fc.boolean(),
    clampMss: fc.boolean(),
    peerCount: fc.integer({ min: 1, max: 4 }),
    peers: fc.array(
      fc.record({
        publicAddress: fc.option(fc.constantFrom("vpn.example.net", "203.0.113.7"), { nil: null }),
        publicPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }),
        connect: fc.boolean(),
        key: fc.boolean(),
      }),
      { minLength: 5, maxLength: 5 },
    ),
    leaseHosts: fc.uniqueArray(fc.integer({ min: 2, max: 30 }), { maxLength: 6 }),
    leaseTags: fc.constantFrom([], ["lab"], ["lab", "db"]),
    wanProto: fc.constantFrom("dhcp", "static", "pppoe"),
    wanMasq: fc.boolean(),
    mtuFix: fc.boolean(),
    wanInput: fc.constantFrom("ACCEPT", "REJECT", "DROP"),
    rules: fc.array(ruleArb, { maxLength: 3 }),
    sqm: fc.option(
      fc.record({
        enabled: fc.boolean(),
        downloadKbps: fc.integer({ min: 0, max: 1_000_000 }),
        uploadKbps: fc.integer({ min: 0, max: 1_000_000 }),
        qdisc: fc.constantFrom("cake", "fq_codel"),
        script: fc.constantFrom("piece_of_cake.qos", "layer_cake.qos", "simple.qos"),
        linkLayer: fc.constantFrom("none", "ethernet", "atm"),
        overhead: fc.integer({ min: 0, max: 64 }),
      }),
      { nil: null },
    ),
    shareCount: fc.integer({ min: 0, max: 2 }),
    servedInterfaces: fc.constantFrom(["lan"], ["wan", "loopback"], ["lan", "vpn"]),
    readOnly: fc.boolean(),
    users: fc.constantFrom([], ["anna"], ["anna", "ben"]),
    lanMtu: fc.constantFrom(1500, 1400),
    wanMtu: fc.constantFrom(1500, 1492),
  })
  .map((spec): NetworkModel => {
    const cidr = parseCidr(spec.cidr);
    if (!cidr.ok) throw new Error(cidr.error);
    const segment = spec.segmentSeed % segmentCount(cidr.value);
    const base = ipv4ToInt(segmentSubnet(cidr.value, segment).network);
    const ip = (host: number) => intToIpv4(base + host);
    const names = tincNames.slice(0, spec.peerCount + 1);
    // A key body is base64: tinc names may hold '_', which base64 does not.
    const pem = (name: string) =>
      `-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA${name.replaceAll("_", "")}\n-----END RSA PUBLIC KEY-----`;
    const input: NetworkModelInput = {
      labs: [{ id: "lab", name: "lab" }],
      machines: [
        {
          id: "r",
          labId: "lab",
          name: "r",
          kind: "router",
          router: {
            openwrtVersion: spec.version,
            wanProto: spec.wanProto,
            wanIp: spec.wanProto === "static" ? "198.51.100.2" : null,
            wanMasq: spec.wanMasq,
            mtuFix: spec.mtuFix,
            wanInput: spec.wanInput,
            rules: spec.rules.map((rule) => ({ ...rule, proto: [...rule.proto] })),
            sqm: spec.sqm,
            shares: Array.from({ length: spec.shareCount }, (_, index) => ({
              id: `share-s${index}`,
              name: `s${index}`,
              remoteUnc: `//${ip(2)}/data${index}`,
              mountPoint: `/mnt/s${index}`,
              smbVersion: index === 0 ? "2.0" : "3.0",
              wsize: 16384 * (index + 1),
              users: [...spec.users],
              servedInterfaces: [...spec.servedInterfaces],
              mountOptions: index === 1 ? "iocharset=utf8" : "",
              readOnly: spec.readOnly,
              credentialsFile: `/etc/samba/credentials/s${index}`,
            })),
          },
        },
        ...names.slice(1).map((name) => ({
          id: `peer-${name}`,
          labId: "lab",
          name,
          kind: "router" as const,
          router: { openwrtVersion: "23.05.3" },
        })),
      ],
      nics: [
        {
          id: "lan",
          machineId: "r",
          name: "eth0",
          mac: "00:15:5d:00:00:02",
          role: "lan",
          mtu: spec.lanMtu,
          addressing: "static-ip",
          staticIp: ip(spec.host),
        },
        { id: "wan", machineId: "r", name: "eth1", mac: "00:15:5d:00:00:03", role: "wan", mtu: spec.wanMtu },
      ],
      intranets: [
        {
          id: "intranet-lab",
          name: "lab",
          netname: "lab",
          cidr: spec.cidr,
          mode: spec.mode,
          port: spec.port,
          cipher: spec.cipher,
          pmtuDiscovery: spec.pmtuDiscovery,
          clampMss: spec.clampMss,
        },
      ],
      sites: names.map((name, index) => {
        const peer = spec.peers[index]!;
        return {
          id: `site-${name}`,
          intranetId: "intranet-lab",
          routerId: index === 0 ? "r" : `peer-${name}`,
          tincName: name,
          segment: index === 0 ? segment : (segment + index) % segmentCount(cidr.value),
          lanIp:
            index === 0
              ? ip(spec.host)
              : intToIpv4(
                  ipv4ToInt(segmentSubnet(cidr.value, (segment + index) % segmentCount(cidr.value)).network) +
                    1,
                ),
          publicAddress: peer.publicAddress,
          publicPort: peer.publicAddress ? peer.publicPort : null,
          connectTo:
            index === 0
              ? names
                  .slice(1)
                  .filter((_, at) => spec.peers[at + 1]!.connect)
                  .map((other) => `site-${other}`)
              : [],
          dhcpStart: spec.dhcpStart,
          dhcpLimit: spec.dhcpLimit,
          leaseTime: spec.leaseTime,
          publicKey: peer.key ? pem(name) : null,
        };
      }),
      leases: spec.leaseHosts.map((host) => ({
        id: `lease-${host}`,
        siteId: `site-${names[0]}`,
        mac: `52:54:00:00:00:${host.toString(16).padStart(2, "0")}`,
        ip: ip(host + 200 > 254 ? host : host + 200),
        hostname: `vm${host}`,
        leaseTime: host % 2 === 0 ? "infinite" : "12h",
        tags: [...spec.leaseTags],
      })),
    };
    return networkModelSchema.parse(input);
  });

describe("import(render(model)) round trip", () => {
  it("recovers every field the router's files carry", () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const bundle = renderMachineBundle(model, "r", { revision: 1 });
        const result = importFiles(bundle.files.map(({ path, content }) => ({ path, content })));
        expect(result.errors).toEqual([]);
        const { fragment } = result;
        const router = model.machines[0]!.router!;
        const intranet = model.intranets[0]!;
        const self = model.sites[0]!;

        expect(fragment.router).toMatchObject({
          wanProto: router.wanProto,
          wanMasq: router.wanMasq,
          mtuFix: router.mtuFix,
          wanInput: router.wanInput,
          rules: effectiveFirewallRules(new ModelIndex(model).routerContext(model.machines[0]!)),
        });
        if (router.wanProto === "static") expect(fragment.router!.wanIp).toBe(router.wanIp);
        if (router.sqm) expect(fragment.router!.sqm).toEqual(router.sqm);
        const shares = [...router.shares].sort((a, b) => a.name.localeCompare(b.name));
        expect(fragment.router!.shares ?? []).toEqual(
          shares.map((share) => ({
            id: share.id,
            name: share.name,
            mountPoint: share.mountPoint,
            readOnly: share.readOnly,
            guestOk: share.guestOk,
            users: share.users,
            servedInterfaces: share.servedInterfaces,
            remoteUnc: share.remoteUnc,
            credentialsFile: share.credentialsFile,
            smbVersion: share.smbVersion,
            wsize: share.wsize,
            ...(share.mountOptions ? { mountOptions: share.mountOptions } : {}),
          })),
        );

        expect(fragment.intranets).toHaveLength(1);
        expect(fragment.intranets[0]).toMatchObject({
          netname: intranet.netname,
          mode: intranet.mode,
          port: intranet.port,
          cipher: intranet.cipher,
          pmtuDiscovery: intranet.pmtuDiscovery,
          clampMss: intranet.clampMss,
          ...(intranet.mode === "switch" ? { cidr: intranet.cidr } : {}),
        });

        const importedSelf = fragment.sites.find((site) => site.tincName === self.tincName)!;
        expect(importedSelf).toMatchObject({
          lanIp: self.lanIp,
          segment: self.segment,
          dhcpStart: self.dhcpStart,
          dhcpLimit: self.dhcpLimit,
          leaseTime: self.leaseTime,
        });
        expect([...(importedSelf.connectTo ?? [])].sort()).toEqual([...self.connectTo].sort());
        for (const site of model.sites) {
          const imported = fragment.sites.find((candidate) => candidate.tincName === site.tincName)!;
          expect(imported.publicAddress ?? null).toBe(site.publicAddress);
          if (site.publicAddress) expect(imported.publicPort).toBe(site.publicPort ?? intranet.port);
          expect(imported.publicKey ?? null).toBe(site.publicKey);
        }

        const leases = [...model.leases].sort((a, b) => ipv4ToInt(a.ip) - ipv4ToInt(b.ip));
        expect(fragment.leases).toEqual(
          leases.map((lease) => ({
            id: expect.any(String),
            siteId: self.id,
            mac: lease.mac,
            ip: lease.ip,
            hostname: lease.hostname,
            leaseTime: lease.leaseTime,
            tags: lease.tags,
          })),
        );

        const lan = fragment.nics.find((nic) => nic.role === "lan")!;
        const wan = fragment.nics.find((nic) => nic.role === "wan")!;
        expect(lan).toMatchObject({
          name: "eth0",
          staticIp: self.lanIp,
          ...(model.nics[0]!.mtu !== 1500 ? { mtu: model.nics[0]!.mtu } : {}),
        });
        expect(wan).toMatchObject({
          name: "eth1",
          ...(model.nics[1]!.mtu !== 1500 ? { mtu: model.nics[1]!.mtu } : {}),
        });
      }),
      { numRuns: 150 },
    );
  });
});
