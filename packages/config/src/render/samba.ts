// samba4 passthrough (seed article, section 5): /etc/config/samba4 declares the shares,
// /etc/samba/smb.conf.template carries the global settings. OpenWrt's samba4 init script
// expands the template into /var/etc/smb.conf; expandSmbTemplate does the same for previews
// and for `testparm`.
import type { SambaShare } from "@labnet/model";
import { hashComment, headerLines } from "../bundle";
import type { RouterContext } from "../context";
import { smbValue } from "../quote/smbconf";
import { renderUci, type UciSectionSpec } from "../uci/write";

export const SMB_TEMPLATE_PATH = "/etc/samba/smb.conf.template";

/** The logical networks samba listens on: every share's, in first-seen order. */
export function sambaInterfaces(shares: SambaShare[]): string[] {
  const seen: string[] = [];
  for (const share of shares)
    for (const name of share.servedInterfaces) if (!seen.includes(name)) seen.push(name);
  return seen;
}

/**
 * OpenWrt's samba4 init pastes these values into smb.conf unquoted (and the description through
 * `sed s#…#…#`), so each passes the smb.conf rules as well as UCI's; the description is fixed text.
 */
export function renderSamba4Uci(context: RouterContext, revision: number | string): string {
  const shares = context.router.shares;
  return renderUci(
    hashComment(revision, `samba4 shares of ${context.machine.name}`),
    [
      {
        type: "samba",
        options: [
          ["workgroup", "WORKGROUP"],
          ["charset", "UTF-8"],
          ["description", "labnet passthrough"],
          ["interface", sambaInterfaces(shares).join(" ")],
        ],
      },
      ...[...shares].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(shareSection),
    ],
    "/etc/config/samba4",
  );
}

function shareSection(share: SambaShare): UciSectionSpec {
  const field = (name: string) => `share ${share.id} ${name}`;
  return {
    type: "sambashare",
    options: [
      ["name", smbValue(share.name, field("name"), "section")],
      ["path", smbValue(share.mountPoint, field("mountPoint"))],
      ["read_only", share.readOnly ? "yes" : "no"],
      ["guest_ok", share.guestOk ? "yes" : "no"],
      ["create_mask", "0666"],
      ["dir_mask", "0777"],
      ["force_root", true],
      ["inherit_owner", "yes"],
      [
        "users",
        share.users.length > 0 ? share.users.map((user) => smbValue(user, field("users"))).join(" ") : null,
      ],
    ],
  };
}

/**
 * The seed article's template settings on top of OpenWrt's own, checked with testparm 4.17:
 * the article's "guest = Never" is not a samba parameter (testparm: Unknown parameter); the
 * setting is `map to guest = Never`. "client ntlmv2 auth" is left out: deprecated, and yes is
 * its default.
 */
export function renderSmbTemplate(context: RouterContext, revision: number | string): string {
  const shares = context.router.shares;
  // Socket buffers are global; the smallest share setting wins (the seed: small buffers for slow links).
  const rcvbuf = Math.min(...shares.map((share) => share.soRcvbuf));
  const lines = [
    ...headerLines(revision, `samba template of ${context.machine.name}`).map((line) => `# ${line}`),
    "[global]",
    "\tnetbios name = |NAME|",
    "\tinterfaces = |INTERFACES|",
    "\tserver string = |DESCRIPTION|",
    "\tunix charset = |CHARSET|",
    "\tworkgroup = |WORKGROUP|",
    "\tbind interfaces only = yes",
    "\tclient ipc min protocol = SMB2",
    "\tdeadtime = 15",
    "\tenable core files = no",
    "\tsecurity = user",
    "\tinvalid users = root",
    "\tpassdb backend = smbpasswd",
    "\tload printers = no",
    "\tprintcap name = /dev/null",
    "\tdisable spoolss = yes",
    "\tprinting = bsd",
    "\t# no unauthorised access: password-protected users only",
    "\tmap to guest = Never",
    "\t# allow users from Windows domains",
    "\tntlm auth = yes",
    "\t# faster responses",
    "\tgetwd cache = yes",
    "\tea support = no",
    "\tstore dos attributes = no",
    "\tmap archive = no",
    "\tmap hidden = no",
    "\tmap readonly = no",
    "\tmap system = no",
    "\t# small synchronous buffers: clients get their acknowledgement before their timeouts",
    `\tsocket options = TCP_NODELAY SO_KEEPALIVE SO_RCVBUF=${rcvbuf} SO_SNDBUF=${rcvbuf}`,
    "\taio read size = 0",
    "\taio write size = 0",
  ];
  return `${lines.join("\n")}\n`;
}

export interface SmbTemplateValues {
  name: string;
  /** Kernel devices samba binds to, e.g. ["lo", "eth1"] */
  devices: string[];
  description: string;
  workgroup: string;
  charset: string;
}

/** What OpenWrt's samba4 init writes to /var/etc/smb.conf from the template and the UCI shares. */
export function expandSmbTemplate(template: string, values: SmbTemplateValues, shares: SambaShare[]): string {
  const global = template
    .replaceAll("|NAME|", smbValue(values.name, "netbios name"))
    .replaceAll("|INTERFACES|", smbValue(values.devices.join(" "), "interfaces"))
    .replaceAll("|DESCRIPTION|", smbValue(values.description, "server string"))
    .replaceAll("|WORKGROUP|", smbValue(values.workgroup, "workgroup"))
    .replaceAll("|CHARSET|", smbValue(values.charset, "unix charset"));
  const sections = shares.map((share) =>
    [
      `[${smbValue(share.name, `share ${share.id} name`, "section")}]`,
      `\tpath = ${smbValue(share.mountPoint, `share ${share.id} mountPoint`)}`,
      ...(share.users.length > 0
        ? [
            `\tvalid users = ${share.users.map((user) => smbValue(user, `share ${share.id} users`)).join(" ")}`,
          ]
        : []),
      "\tcreate mask = 0666",
      "\tdirectory mask = 0777",
      `\tread only = ${share.readOnly ? "yes" : "no"}`,
      `\tguest ok = ${share.guestOk ? "yes" : "no"}`,
      "\tinherit owner = yes",
      "\tforce user = root",
      "\tforce group = root",
    ].join("\n"),
  );
  return `${global}\n${sections.join("\n\n")}\n`;
}
