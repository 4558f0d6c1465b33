// The copy-paste commands of the enrolment panel: fetch the agent from labnet, check its sha256,
// enroll with the one-time token, run it as a service — per platform. Every value that comes from
// outside (the server address typed in the panel, the token, the hashes) is quoted for the shell
// that runs it, by @labnet/config's one quoting function per language.
import { psQuote as psQuoteField } from "@labnet/config/quote/powershell";
import { shQuote as shQuoteField } from "@labnet/config/quote/sh";
import { z } from "zod";

export type AgentPlatform = "openwrt" | "linux" | "windows";

export const platformLabels: Record<AgentPlatform, string> = {
  openwrt: "OpenWrt router (shell agent)",
  linux: "Linux host (Node agent, systemd)",
  windows: "Windows host (Node agent, service)",
};

/** The platform a machine of this kind most likely runs: the panel's first choice. */
export function platformForKind(kind: string): AgentPlatform {
  if (kind === "router") return "openwrt";
  if (kind === "hyperv-host") return "windows";
  return "linux";
}

export interface DownloadEntry {
  path: string;
  url: string;
  sha256: string;
  size: number;
}

const serverAddress = z
  .string()
  .trim()
  .min(1, "enter the address agents use to reach labnet")
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }))
  .transform((value) => new URL(value))
  .refine((url) => !url.username && !url.password, "must not hold a user name or password")
  .refine((url) => !url.search && !url.hash, "must not hold a query (?…) or fragment (#…)")
  // Agents append /api/agent/v1/…: a trailing slash would double it.
  .transform((url) => `${url.origin}${url.pathname.replace(/\/+$/, "")}`);

/** The address as agents will use it, or the rule it breaks. */
export function parseServerAddress(value: string): { server: string } | { error: string } {
  const parsed = serverAddress.safeParse(value);
  return parsed.success ? { server: parsed.data } : { error: parsed.error.issues[0]!.message };
}

/**
 * Why an address will not reach labnet from another machine (it names the machine itself), or null.
 * 127.0.0.0/8, ::1 and localhost are loopback: on a router they are the router.
 */
export function loopbackWarning(server: string): string | null {
  const host = new URL(server).hostname.toLowerCase();
  const loopback =
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return loopback
    ? `${host} is a loopback address: on the router or host it names that machine itself, not labnet. Use an address it can reach (set LABNET_URL to make it the default).`
    : null;
}

// Every value here is a URL, a token or a hash; the field name only shows up if one held a NUL.
const shQuote = (value: string) => shQuoteField(value, "install command");
const psQuote = (value: string) => psQuoteField(value, "install command");

const systemdUnit = `[Unit]
Description=labnet agent
After=network-online.target
Wants=network-online.target
[Service]
ExecStart=/usr/bin/env node /usr/local/lib/labnet-agent.mjs run
Restart=always
RestartSec=10
[Install]
WantedBy=multi-user.target`;

/** The install commands for a platform, or null when a download the platform needs is missing. */
export function installCommands(
  platform: AgentPlatform,
  server: string,
  token: string,
  downloads: DownloadEntry[],
): string | null {
  const file = (path: string) => downloads.find((download) => download.path === path);
  // The manifest's url is a path on labnet: the server address may carry a prefix of its own.
  const url = (download: DownloadEntry) => `${server}${download.url}`;
  if (platform === "openwrt") {
    const script = file("openwrt/labnet-agent.sh");
    const init = file("openwrt/labnet-agent.init");
    if (!script || !init) return null;
    // Lines end in &&: the first failure (a download, a hash) stops the rest.
    return [
      `wget -O /usr/sbin/labnet-agent.sh ${shQuote(url(script))} &&`,
      `wget -O /etc/init.d/labnet-agent ${shQuote(url(init))} &&`,
      `echo ${shQuote(`${script.sha256}  /usr/sbin/labnet-agent.sh`)} | sha256sum -c &&`,
      `echo ${shQuote(`${init.sha256}  /etc/init.d/labnet-agent`)} | sha256sum -c &&`,
      "chmod 755 /usr/sbin/labnet-agent.sh /etc/init.d/labnet-agent &&",
      `/usr/sbin/labnet-agent.sh enroll ${shQuote(server)} ${shQuote(token)} &&`,
      "/etc/init.d/labnet-agent enable &&",
      "/etc/init.d/labnet-agent start",
    ].join("\n");
  }
  const agent = file("labnet-agent.mjs");
  if (!agent) return null;
  if (platform === "linux") {
    return [
      `sudo curl -fsSLo /usr/local/lib/labnet-agent.mjs ${shQuote(url(agent))} &&`,
      `echo ${shQuote(`${agent.sha256}  /usr/local/lib/labnet-agent.mjs`)} | sha256sum -c &&`,
      `sudo node /usr/local/lib/labnet-agent.mjs enroll --server ${shQuote(server)} --token ${shQuote(token)} &&`,
      "sudo tee /etc/systemd/system/labnet-agent.service >/dev/null <<'UNIT' &&",
      systemdUnit,
      "UNIT",
      "sudo systemctl daemon-reload && sudo systemctl enable --now labnet-agent",
    ].join("\n");
  }
  // An elevated PowerShell; the service runs as LocalSystem (it may run the Hyper-V script) through
  // nssm, and finds the credentials enroll wrote to %ProgramData%\labnet\agent.
  return [
    "$ErrorActionPreference = 'Stop'",
    "New-Item -ItemType Directory -Force C:\\labnet | Out-Null",
    `Invoke-WebRequest -UseBasicParsing -Uri ${psQuote(url(agent))} -OutFile C:\\labnet\\labnet-agent.mjs`,
    `if ((Get-FileHash C:\\labnet\\labnet-agent.mjs -Algorithm SHA256).Hash -ne ${psQuote(agent.sha256)}) { throw 'labnet-agent.mjs: sha256 mismatch' }`,
    `node C:\\labnet\\labnet-agent.mjs enroll --server ${psQuote(server)} --token ${psQuote(token)}`,
    "if ($LASTEXITCODE) { throw 'enroll failed' }",
    "nssm install labnet-agent (Get-Command node).Source C:\\labnet\\labnet-agent.mjs run",
    "nssm start labnet-agent",
  ].join("\n");
}
