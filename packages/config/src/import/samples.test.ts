// Hand-written files as people have them on their routers: they import without loss, and broken
// lines come back as line-numbered errors.
import { describe, expect, it } from "vitest";
import { importDnsmasq } from "./dnsmasq";
import { importFiles } from "./files";
import { importDhcpLeases } from "./leases";
import {
  importOpenwrtDhcp,
  importOpenwrtFirewall,
  importOpenwrtNetwork,
  importOpenwrtSamba4,
} from "./openwrt";
import { importTincFolder } from "./tinc";

const dhcp1907 = `
config dnsmasq
	option domainneeded '1'
	option leasefile '/tmp/dhcp.leases'
	option authoritative '1'

config dhcp 'lan'
	option interface 'lan'
	option start '100'
	option limit '150'
	option leasetime '12h'

config dhcp 'wan'
	option interface 'wan'
	option ignore '1'

# the build box
config host
	option name 'berlin-ci'
	option dns '1'
	option mac '00:15:5D:0A:0A:10'
	option ip '192.168.10.20'
	option leasetime 'infinite'

config host
	option name "nas"
	option mac '00-0d-b9-4a-10-02 00:0d:b9:4a:10:03'
	option ip 192.168.10.2
	option tag 'lab'

config host
	option name 'old-laptop'
	option enable '0'
	option mac '00:11:22:33:44:55'
	option ip '192.168.10.99'
`;

const network2305 = `
config interface 'loopback'
	option device 'lo'
	option proto 'static'
	option ipaddr '127.0.0.1'
	option netmask '255.0.0.0'

config globals 'globals'
	option ula_prefix 'fd12:3456:789a::/48'

config device
	option name 'br-lan'
	option type 'bridge'
	list ports 'eth0'
	option mtu '1400'

config interface 'lan'
	option device 'br-lan'
	option proto 'static'
	option ipaddr '192.168.20.1'
	option netmask '255.255.0.0'
	option ip6assign '60'

config interface 'wan'
	option device 'eth1'
	option proto 'pppoe'
	option mtu '1492'
`;

const firewallSeed = `
config defaults
	option syn_flood	1
	option input		ACCEPT
	option output		ACCEPT
	option forward		REJECT

config zone
	option name		lan
	list   network		'lan'
	option input		ACCEPT
	option output		ACCEPT
	option forward		ACCEPT

config zone
	option name		wan
	list   network		'wan'
	list   network		'wan6'
	option input		REJECT
	option output		ACCEPT
	option forward		REJECT
	option masq		1
	option mtu_fix		1

config rule
	option name		Allow-DHCP-Renew
	option src		wan
	option proto		udp
	option dest_port	68
	option target		ACCEPT
	option family		ipv4

config rule
	option name 'netbios ssession service'
	option src 'wan'
	option proto 'tcp'
	option dest_port '139'
	option target 'ACCEPT'
	option family 'ipv4'

config rule
	option name 'Samba over TCP/IP'
	option src 'wan'
	list proto 'udp'
	list proto 'tcp'
	option dest_port '445'
	option target 'ACCEPT'
	option family 'ipv4'

config rule
	option name		Allow-ICMPv6-Input
	option src		wan
	option proto	icmp
	list icmp_type		echo-request
	option family		ipv6
	option target		ACCEPT
`;

describe("OpenWrt samples", () => {
  it("imports a 19.07 dhcp file: pool, leases (any MAC notation), disabled hosts skipped", () => {
    const result = importOpenwrtDhcp(dhcp1907);
    expect(result.errors).toEqual([]);
    expect(result.fragment.sites[0]).toMatchObject({ dhcpStart: 100, dhcpLimit: 150, leaseTime: "12h" });
    expect(result.fragment.leases).toEqual([
      expect.objectContaining({
        hostname: "berlin-ci",
        mac: "00:15:5d:0a:0a:10",
        ip: "192.168.10.20",
        leaseTime: "infinite",
        tags: [],
      }),
      expect.objectContaining({
        hostname: "nas",
        mac: "00:0d:b9:4a:10:02",
        ip: "192.168.10.2",
        tags: ["lab"],
      }),
    ]);
    expect(result.warnings.map((warning) => warning.line)).toEqual([27, 33]);
    expect(result.warnings[0]!.message).toMatch(/several MACs/);
  });

  it("imports a 23.05 network file: /16 LAN means a switch-mode intranet, MTUs from devices", () => {
    const result = importOpenwrtNetwork(network2305);
    expect(result.errors).toEqual([]);
    expect(result.fragment.intranets).toEqual([{ cidr: "192.168.0.0/16", mode: "switch" }]);
    expect(result.fragment.sites[0]).toMatchObject({ lanIp: "192.168.20.1", segment: 20 });
    expect(result.fragment.router).toMatchObject({ openwrtVersion: "21.02", wanProto: "pppoe" });
    expect(result.fragment.nics).toEqual([
      { name: "eth0", role: "lan", mtu: 1400, addressing: "static-ip", staticIp: "192.168.20.1" },
      { name: "eth1", role: "wan", addressing: "dynamic", mtu: 1492 },
    ]);
  });

  it("imports the seed's firewall: its samba rules, not OpenWrt's defaults or IPv6 rules", () => {
    const result = importOpenwrtFirewall(firewallSeed);
    expect(result.errors).toEqual([]);
    expect(result.fragment.router).toEqual({
      wanMasq: true,
      mtuFix: true,
      wanInput: "REJECT",
      rules: [
        {
          name: "netbios ssession service",
          src: "wan",
          dest: null,
          proto: ["tcp"],
          destPort: "139",
          target: "ACCEPT",
        },
        {
          name: "Samba over TCP/IP",
          src: "wan",
          dest: null,
          proto: ["udp", "tcp"],
          destPort: "445",
          target: "ACCEPT",
        },
      ],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        line: 50,
        message: expect.stringMatching(/Allow-ICMPv6-Input.*not imported/),
      }),
    ]);
  });

  it("imports the seed's samba4 share", () => {
    const result = importOpenwrtSamba4(`config samba
	option interface 'wan loopback'
config sambashare
	option create_mask '0666'
	option dir_mask '0777'
	option force_root '1'
	option name 'test'
	option inherit_owner 'yes'
	option guest_ok 'no'
	option read_only 'no'
	option path '/mnt/remote_resource_1'
`);
    expect(result.errors).toEqual([]);
    expect(result.fragment.router!.shares).toEqual([
      expect.objectContaining({
        name: "test",
        mountPoint: "/mnt/remote_resource_1",
        readOnly: false,
        guestOk: false,
        servedInterfaces: ["wan", "loopback"],
      }),
    ]);
  });

  it("names file, line and rule for bad values", () => {
    const result = importOpenwrtDhcp(`config dhcp 'lan'
	option interface 'lan'
	option start 'ten'
config host
	option name 'bad_name'
	option mac '00:15:5d:zz:00:01'
	option ip '192.168.10.300'
config host
	option name 'x'
	option 'unterminated
`);
    expect(result.errors).toEqual([
      { file: "/etc/config/dhcp", line: 10, message: "EOF with unterminated ' (opened on line 10)" },
      { file: "/etc/config/dhcp", line: 3, message: 'start "ten" must be a whole number 1-65534' },
      {
        file: "/etc/config/dhcp",
        line: 6,
        message: expect.stringMatching(/"00:15:5d:zz:00:01" is not a MAC address/),
      },
      {
        file: "/etc/config/dhcp",
        line: 7,
        message: expect.stringMatching(/ip: "192.168.10.300" is not an IPv4 address/),
      },
      {
        file: "/etc/config/dhcp",
        line: 5,
        message: expect.stringMatching(/hostname "bad_name": must be an RFC 1123 host name/),
      },
      {
        file: "/etc/config/dhcp",
        line: 8,
        message: "config host needs mac, ip and name to become a static lease",
      },
    ]);
  });
});

describe("dnsmasq samples", () => {
  it("imports the seed's dnsmasq.hosts.conf and a dnsmasq.conf with dhcp-host lines", () => {
    const hosts = importDnsmasq(
      "# static leases\n52:54:00:12:34:58,192.168.1.13,vm3,12h\n52:54:00:12:34:59,set:lab,192.168.1.14,vm4\n",
      "/etc/dnsmasq.hosts.conf",
    );
    expect(hosts.errors).toEqual([]);
    expect(hosts.fragment.leases).toEqual([
      expect.objectContaining({
        mac: "52:54:00:12:34:58",
        ip: "192.168.1.13",
        hostname: "vm3",
        leaseTime: "12h",
        tags: [],
      }),
      expect.objectContaining({
        mac: "52:54:00:12:34:59",
        ip: "192.168.1.14",
        hostname: "vm4",
        leaseTime: "infinite",
        tags: ["lab"],
      }),
    ]);
    const conf = importDnsmasq(
      [
        "interface=br0",
        "dhcp-range=192.168.1.100,192.168.1.200,12h",
        "dhcp-host=00:15:5d:80:90:01,id:*,hyperv-host,192.168.1.5,infinite",
        "dhcp-host=00:20:e0:3b:13:*,ignore",
        "dhcp-host=00:15:5d:80:90:02,192.168.1.6",
      ].join("\n"),
      "/etc/dnsmasq.conf",
    );
    expect(conf.fragment.leases).toEqual([
      expect.objectContaining({
        mac: "00:15:5d:80:90:01",
        ip: "192.168.1.5",
        hostname: "hyperv-host",
        leaseTime: "infinite",
      }),
    ]);
    expect(conf.warnings.map((warning) => warning.line)).toEqual([3, 4]);
    expect(conf.errors).toEqual([
      {
        file: "/etc/dnsmasq.conf",
        line: 5,
        message: "a static lease needs a MAC, an IPv4 address and a hostname",
      },
    ]);
  });

  it("imports live leases, naming clients that sent no hostname", () => {
    const result = importDhcpLeases(
      [
        "0 00:15:5d:0a:0a:10 192.168.10.20 berlin-ci 01:00:15:5d:0a:0a:10",
        "1712345678 52:54:00:aa:bb:cc 192.168.10.150 * *",
        "1712345678 06-00:11:22:33:44:55 192.168.10.151 token *",
        "garbage",
        "duid 00:01:00:01:2c:1f",
        "1712345678 1234 fd00::5 host6 000100",
      ].join("\n"),
    );
    expect(result.fragment.leases.map((lease) => lease.hostname)).toEqual(["berlin-ci", "host-aabbcc"]);
    expect(result.errors).toEqual([
      {
        file: "/tmp/dhcp.leases",
        line: 4,
        message: "expected: <expiry> <mac> <ip> <hostname|*> [<client-id|*>]",
      },
    ]);
  });
});

const folder = [
  {
    path: "/etc/tinc/labnet/tinc.conf",
    content:
      "Name = berlin\nMode = switch\nConnectTo = munich\nconnectto hamburg\n# ConnectTo = old\nInterface = labnet\n",
  },
  {
    path: "/etc/tinc/labnet/hosts/berlin",
    content:
      "Address = berlin.dyn.example.net 655\nPort = 655\n\n-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAberlin\n-----END RSA PUBLIC KEY-----\n",
  },
  { path: "/etc/tinc/labnet/hosts/munich", content: "Address = munich.dyn.example.net\nCompression = 9\n" },
  {
    path: "/etc/tinc/labnet/hosts/hamburg",
    content: "Address = 203.0.113.30 6655\nSubnet = 192.168.30.0/24\n",
  },
  {
    path: "/etc/tinc/labnet/tinc-up",
    content:
      "#!/bin/sh\nip link set $INTERFACE up\nbrctl addif br-lan $INTERFACE\nsleep 30\nmount -t cifs //192.168.20.10/projects /mnt/remote_resource_1 -o username=name,password=nightmare,vers=2.0,wsize=16384,iocharset=utf8\n",
  },
];

describe("tinc samples", () => {
  it("imports the node, its peers, their keys and the seed's mount line without the password", () => {
    const result = importTincFolder(folder);
    expect(result.errors).toEqual([]);
    const sites = Object.fromEntries(result.fragment.sites.map((site) => [site.tincName, site]));
    expect(sites.berlin).toMatchObject({
      connectTo: ["site-munich", "site-hamburg"],
      publicAddress: "berlin.dyn.example.net",
      publicPort: 655,
      publicKey: "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAberlin\n-----END RSA PUBLIC KEY-----",
    });
    expect(sites.hamburg).toMatchObject({ publicAddress: "203.0.113.30", publicPort: 6655, segment: 30 });
    expect(result.fragment.intranets).toEqual([
      { id: "intranet-labnet", netname: "labnet", mode: "switch", port: 655 },
    ]);
    expect(result.fragment.router!.shares).toEqual([
      {
        remoteUnc: "//192.168.20.10/projects",
        mountPoint: "/mnt/remote_resource_1",
        smbVersion: "2.0",
        wsize: 16384,
        mountOptions: "iocharset=utf8",
      },
    ]);
    expect(JSON.stringify(result.fragment)).not.toContain("nightmare");
    expect(result.warnings.map((warning) => warning.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/password on the command line/),
        expect.stringMatching(/compression is not modelled/),
      ]),
    );
  });

  it("reports a ConnectTo without a hosts file and a broken key block", () => {
    const result = importTincFolder([
      { path: "lab/tinc.conf", content: "Name = a\nConnectTo = ghost\nMode = hub\n" },
      { path: "lab/hosts/a", content: "Port = 70000\n-----BEGIN RSA PUBLIC KEY-----\nabc\n" },
    ]);
    expect(result.errors).toEqual([
      { file: "lab/tinc.conf", line: 3, message: 'Mode "hub" is not switch or router (hub is not modelled)' },
      { file: "lab/hosts/a", line: 2, message: "public key block has no -----END line" },
      { file: "lab/hosts/a", line: 1, message: 'port "70000" must be 1-65535' },
      { file: "lab/tinc.conf", line: 0, message: "ConnectTo ghost: there is no hosts/ghost" },
    ]);
  });
});

describe("importFiles", () => {
  it("recognises each file and joins one router's files into one fragment", () => {
    const result = importFiles([
      { path: "router/etc/config/dhcp", content: dhcp1907 },
      { path: "router/etc/config/firewall", content: firewallSeed },
      ...folder,
      { path: "notes.txt", content: "hello" },
    ]);
    expect(result.errors).toEqual([
      expect.objectContaining({ file: "notes.txt", line: 0, message: expect.stringMatching(/unknown file/) }),
    ]);
    const berlin = result.fragment.sites.find((site) => site.tincName === "berlin")!;
    expect(berlin).toMatchObject({ dhcpStart: 100, intranetId: "intranet-labnet" });
    expect(result.fragment.leases.every((lease) => lease.siteId === "site-berlin")).toBe(true);
    expect(result.fragment.router!.rules).toHaveLength(2);
  });
});
