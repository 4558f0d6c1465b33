// importFiles: recognises each file (by path, then by content), runs its importer and merges the
// fragments of one router's files into one.

import { importDnsmasq } from "./dnsmasq";
import { importDhcpLeases } from "./leases";
import {
  importOpenwrtDhcp,
  importOpenwrtFirewall,
  importOpenwrtNetwork,
  importOpenwrtSamba4,
  importOpenwrtSqm,
} from "./openwrt";
import { importTincFolder } from "./tinc";
import {
  emptyFragment,
  type ImportResult,
  LOCAL_SITE_ID,
  type ModelFragment,
  type ShareFragment,
  type SourceFile,
} from "./types";

const UCI_IMPORTERS: Record<string, (text: string, file: string) => ImportResult> = {
  dhcp: importOpenwrtDhcp,
  network: importOpenwrtNetwork,
  firewall: importOpenwrtFirewall,
  sqm: importOpenwrtSqm,
  samba4: importOpenwrtSamba4,
};

function basename(path: string): string {
  return path.split("/").filter(Boolean).pop() ?? path;
}

/** The tinc folder a file belongs to, or null when it is not a tinc file. */
function tincFolder(path: string): string | null {
  const hosts = /^(.*)\/hosts\/[^/]+$/.exec(path);
  if (hosts) return hosts[1]!;
  const top = /^(.*)\/(tinc\.conf|tinc-up|tinc-down)$/.exec(path);
  return top ? top[1]! : null;
}

function uciPackage(file: SourceFile): string | null {
  const name = basename(file.path);
  if (name in UCI_IMPORTERS) return name;
  const declared = /^\s*package\s+'?([\w-]+)'?/m.exec(file.content)?.[1];
  return declared && declared in UCI_IMPORTERS ? declared : null;
}

export function importFiles(files: SourceFile[]): ImportResult {
  const results: ImportResult[] = [];
  const tincGroups = new Map<string, SourceFile[]>();
  for (const file of files) {
    const folder = tincFolder(file.path);
    const uci = uciPackage(file);
    if (folder !== null) tincGroups.set(folder, [...(tincGroups.get(folder) ?? []), file]);
    else if (uci) results.push(UCI_IMPORTERS[uci]!(file.content, file.path));
    else if (/^smb\.conf(\.template)?$/.test(basename(file.path))) {
      results.push({
        fragment: emptyFragment(),
        errors: [],
        warnings: [
          {
            file: file.path,
            line: 0,
            message: "samba's global settings come from labnet's template: not imported",
          },
        ],
      });
    } else if (basename(file.path).endsWith(".leases"))
      results.push(importDhcpLeases(file.content, file.path));
    else if (/dnsmasq|hosts|ethers/i.test(file.path) || /^\s*dhcp-host=/m.test(file.content)) {
      results.push(importDnsmasq(file.content, file.path));
    } else {
      results.push({
        fragment: emptyFragment(),
        errors: [
          {
            file: file.path,
            line: 0,
            message:
              "unknown file: expected an OpenWrt /etc/config file (dhcp, network, firewall, sqm, samba4), a dnsmasq conf or hosts file, a tinc folder or dhcp.leases",
          },
        ],
        warnings: [],
      });
    }
  }
  for (const group of tincGroups.values()) results.push(importTincFolder(group));
  return mergeResults(results);
}

export function mergeResults(results: ImportResult[]): ImportResult {
  const merged = emptyFragment();
  const errors = results.flatMap((result) => result.errors);
  const warnings = results.flatMap((result) => result.warnings);
  for (const { fragment } of results) {
    merged.nics.push(...fragment.nics);
    mergeIntranets(merged, fragment);
    mergeSites(merged, fragment);
    merged.leases.push(...fragment.leases);
    if (fragment.router) merged.router = mergeRouter(merged.router, fragment.router);
  }
  // Once a tinc.conf names this router's node, the imported LAN and leases belong to that site.
  const self = merged.sites.find((site) => site.id !== LOCAL_SITE_ID && site.connectTo !== undefined);
  const local = merged.sites.find((site) => site.id === LOCAL_SITE_ID);
  if (self && local) {
    const { id: _ignored, ...rest } = local;
    Object.assign(self, { ...rest, ...self });
    merged.sites = merged.sites.filter((site) => site !== local);
    for (const lease of merged.leases) if (lease.siteId === LOCAL_SITE_ID) lease.siteId = self.id;
  }
  if (merged.intranets.length === 1 && merged.intranets[0]!.id) {
    for (const site of merged.sites) site.intranetId ??= merged.intranets[0]!.id;
  }
  const seen = new Set<string>();
  merged.leases = merged.leases.filter((lease) => {
    const key = lease.mac ?? "";
    if (seen.has(key)) {
      warnings.push({
        file: "(merge)",
        line: 0,
        message: `${lease.mac} appears in several files: the first one is kept`,
      });
      return false;
    }
    seen.add(key);
    return true;
  });
  return { fragment: merged, errors, warnings };
}

function mergeIntranets(merged: ModelFragment, fragment: ModelFragment): void {
  for (const intranet of fragment.intranets) {
    // The network file knows the prefix, the tinc folder the netname: one router, one intranet.
    const target = merged.intranets.find(
      (candidate) => !candidate.netname || !intranet.netname || candidate.netname === intranet.netname,
    );
    if (target) Object.assign(target, stripUndefined(intranet));
    else merged.intranets.push({ ...intranet });
  }
}

function mergeSites(merged: ModelFragment, fragment: ModelFragment): void {
  for (const site of fragment.sites) {
    const target = merged.sites.find((candidate) => candidate.id === site.id);
    if (target) Object.assign(target, stripUndefined(site));
    else merged.sites.push({ ...site });
  }
}

function mergeRouter(current: ModelFragment["router"], next: NonNullable<ModelFragment["router"]>) {
  const result = { ...(current ?? {}), ...stripUndefined(next) };
  if (current?.shares && next.shares) result.shares = mergeShares(current.shares, next.shares);
  return result;
}

/** samba4 knows a share's name and path, tinc-up its remote and credentials: join them on the path. */
function mergeShares(a: ShareFragment[], b: ShareFragment[]): ShareFragment[] {
  const result = a.map((share) => ({ ...share }));
  for (const share of b) {
    const target = result.find((candidate) => candidate.mountPoint === share.mountPoint);
    if (target) Object.assign(target, stripUndefined(share));
    else result.push({ ...share });
  }
  return result;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
