import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  type DownloadEntry,
  installCommands,
  loopbackWarning,
  parseServerAddress,
  platformForKind,
} from "./install-commands";

const downloads: DownloadEntry[] = [
  {
    path: "labnet-agent.mjs",
    url: "/api/agent/v1/download/labnet-agent.mjs",
    sha256: "a".repeat(64),
    size: 1,
  },
  {
    path: "openwrt/labnet-agent.sh",
    url: "/api/agent/v1/download/openwrt/labnet-agent.sh",
    sha256: "b".repeat(64),
    size: 1,
  },
  {
    path: "openwrt/labnet-agent.init",
    url: "/api/agent/v1/download/openwrt/labnet-agent.init",
    sha256: "c".repeat(64),
    size: 1,
  },
];

describe("server address", () => {
  it.each([
    ["https://labnet.example.net/", "https://labnet.example.net"],
    ["  http://10.0.0.5:3000 ", "http://10.0.0.5:3000"],
    ["https://example.net/labnet//", "https://example.net/labnet"],
  ])("%j → %s", (input, server) => {
    expect(parseServerAddress(input)).toEqual({ server });
  });

  it.each([
    ["", /enter the address/],
    ["labnet.example.net", /http:\/\/ or https:\/\//],
    ["ftp://labnet.example.net", /http:\/\/ or https:\/\//],
    ["https://user:secret@labnet.example.net", /user name or password/],
    ["https://labnet.example.net/?x=1", /query/],
  ])("%j is refused", (input, rule) => {
    const result = parseServerAddress(input);
    expect("error" in result && result.error).toMatch(rule);
  });

  it.each([
    "http://127.0.0.1:3000",
    "http://127.1.2.3",
    "http://localhost:3000",
    "http://LOCALHOST",
    "http://labnet.localhost",
    "http://[::1]:3000",
  ])("warns that %s is loopback", (server) => {
    expect(loopbackWarning(server)).toMatch(/loopback address/);
  });

  it.each(["http://192.168.1.10:3000", "https://labnet.example.net", "http://128.0.0.1"])(
    "does not warn for %s",
    (server) => {
      expect(loopbackWarning(server)).toBeNull();
    },
  );
});

describe("install commands", () => {
  it("picks the platform from the machine kind", () => {
    expect(platformForKind("router")).toBe("openwrt");
    expect(platformForKind("hyperv-host")).toBe("windows");
    expect(platformForKind("utility-vm")).toBe("linux");
    expect(platformForKind("physical")).toBe("linux");
  });

  it("router: fetches the shell agent and init script with wget, checks both hashes, enrolls, enables", () => {
    const text = installCommands("openwrt", "http://10.0.0.5:3000", "lne_abc", downloads)!;
    expect(text.split("\n")).toEqual([
      "wget -O /usr/sbin/labnet-agent.sh 'http://10.0.0.5:3000/api/agent/v1/download/openwrt/labnet-agent.sh' &&",
      "wget -O /etc/init.d/labnet-agent 'http://10.0.0.5:3000/api/agent/v1/download/openwrt/labnet-agent.init' &&",
      `echo '${"b".repeat(64)}  /usr/sbin/labnet-agent.sh' | sha256sum -c &&`,
      `echo '${"c".repeat(64)}  /etc/init.d/labnet-agent' | sha256sum -c &&`,
      "chmod 755 /usr/sbin/labnet-agent.sh /etc/init.d/labnet-agent &&",
      "/usr/sbin/labnet-agent.sh enroll 'http://10.0.0.5:3000' 'lne_abc' &&",
      "/etc/init.d/labnet-agent enable &&",
      "/etc/init.d/labnet-agent start",
    ]);
  });

  it("Linux: the Node agent file, its hash, enroll, a systemd unit; valid sh", () => {
    const text = installCommands("linux", "https://labnet.example.net/it's", "lne_abc", downloads)!;
    expect(text).toContain(`echo '${"a".repeat(64)}  /usr/local/lib/labnet-agent.mjs' | sha256sum -c &&`);
    expect(text).toContain("--server 'https://labnet.example.net/it'\\''s' --token 'lne_abc'");
    expect(text).toContain("ExecStart=/usr/bin/env node /usr/local/lib/labnet-agent.mjs run");
    execFileSync("sh", ["-n", "-c", text]);
  });

  it("a hostile address reaches the agent as one argument, unexpanded", () => {
    const server = "https://labnet.example.net/a'$(echo pwned)`echo x`\\";
    const text = installCommands("openwrt", server, "lne_abc", downloads)!;
    const enroll = text.split("\n").find((line) => line.includes(" enroll "))!;
    const argv = execFileSync("sh", [
      "-c",
      `printf '%s\\0' ${enroll.replace("/usr/sbin/labnet-agent.sh enroll ", "").replace(/ &&$/, "")}`,
    ])
      .toString("utf8")
      .split("\0")
      .slice(0, -1);
    expect(argv).toEqual([server, "lne_abc"]);
  });

  it("Windows: Invoke-WebRequest, Get-FileHash, enroll, a service", () => {
    const text = installCommands("windows", "https://labnet.example.net", "lne_abc", downloads)!;
    expect(text).toContain(
      "Invoke-WebRequest -UseBasicParsing -Uri 'https://labnet.example.net/api/agent/v1/download/labnet-agent.mjs'",
    );
    expect(text).toContain(`-ne '${"a".repeat(64)}'`);
    expect(text).toContain("enroll --server 'https://labnet.example.net' --token 'lne_abc'");
  });

  it("is null when the server has no agent files to offer", () => {
    expect(installCommands("openwrt", "https://x.example", "lne_abc", downloads.slice(0, 1))).toBeNull();
    expect(installCommands("linux", "https://x.example", "lne_abc", downloads.slice(1))).toBeNull();
  });
});
