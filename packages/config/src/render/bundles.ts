// One bundle per machine: OpenWrt routers, Hyper-V hosts, and Linux machines serving DHCP.
import { cidrContains, type Machine, type NetworkModel, type SambaShare } from "@labnet/model";
import { type Bundle, type BundleFile, bundleFile, makeBundle, type RenderOptions } from "../bundle";
import { ModelIndex, type RouterContext, type SiteContext } from "../context";
import { assertRenderable } from "./check";
import { dnsmasqConfPath, dnsmasqHostsPath, renderDnsmasqConf, renderDnsmasqHosts } from "./dnsmasq";
import { renderHypervScript } from "./hyperv";
import { renderDhcp } from "./openwrt-dhcp";
import { renderFirewall } from "./openwrt-firewall";
import { renderNetwork } from "./openwrt-network";
import { renderSqm } from "./openwrt-sqm";
import { renderSamba4Uci, renderSmbTemplate, SMB_TEMPLATE_PATH } from "./samba";
import { tincFiles, tincReloadCommand } from "./tinc";

export const HYPERV_SCRIPT_PATH = "C:\\ProgramData\\labnet\\labnet-hyperv.ps1";

/** Each share is mounted by the tinc-up of the intranet its remote host lives in. */
function sharesBySite(context: RouterContext): Map<string, SambaShare[]> {
  const result = new Map<string, SambaShare[]>();
  for (const share of context.router.shares) {
    const host = share.remoteUnc.slice(2).split("/")[0]!;
    const owner =
      context.sites.find(
        (site) => /^\d+\.\d+\.\d+\.\d+$/.test(host) && cidrContains(site.intranetCidr, host),
      ) ?? context.primary;
    if (!owner) {
      context.warnings.push(
        `${context.machine.name}: share ${share.name} is never mounted: the router is in no intranet`,
      );
      continue;
    }
    result.set(owner.site.id, [...(result.get(owner.site.id) ?? []), share]);
  }
  return result;
}

function routerBundle(index: ModelIndex, machine: Machine, revision: number | string): Bundle {
  const context = index.routerContext(machine);
  const warnings = context.warnings;
  const { router } = context;
  const files: BundleFile[] = [
    bundleFile("/etc/config/network", renderNetwork(context, revision, warnings)),
    bundleFile("/etc/config/dhcp", renderDhcp(context, revision)),
    bundleFile("/etc/config/firewall", renderFirewall(context, revision)),
  ];
  const reloadCommands = [
    "/etc/init.d/network reload",
    "/etc/init.d/dnsmasq reload",
    "/etc/init.d/firewall reload",
  ];
  const sqm = renderSqm(context, revision);
  if (sqm) {
    files.push(bundleFile("/etc/config/sqm", sqm));
    reloadCommands.push("/etc/init.d/sqm reload");
  }
  if (router.shares.length > 0) {
    files.push(
      bundleFile("/etc/config/samba4", renderSamba4Uci(context, revision)),
      bundleFile(SMB_TEMPLATE_PATH, renderSmbTemplate(context, revision)),
    );
    reloadCommands.push("/etc/init.d/samba4 reload");
  }
  const shares = sharesBySite(context);
  for (const site of context.sites) {
    files.push(...tincFiles(index, site, router.tincVersion, shares.get(site.site.id) ?? [], revision));
    reloadCommands.push(tincReloadCommand(site.intranet.netname, router.tincVersion));
    warnings.push(...tincWarnings(site));
  }
  return makeBundle({
    machineId: machine.id,
    machineName: machine.name,
    kind: "openwrt-router",
    files,
    reloadCommands,
    warnings,
  });
}

function tincWarnings({ site, members }: SiteContext): string[] {
  const byId = new Map(members.map((member) => [member.id, member]));
  return site.connectTo
    .map((id) => byId.get(id))
    .filter((peer) => peer !== undefined && peer.publicAddress === null)
    .map((peer) => `${site.tincName}: ConnectTo ${peer!.tincName}, which has no public address`);
}

function hypervBundle(index: ModelIndex, machine: Machine, revision: number | string): Bundle {
  const script = renderHypervScript(index, machine, revision);
  return makeBundle({
    machineId: machine.id,
    machineName: machine.name,
    kind: "hyperv-host",
    files: [bundleFile(HYPERV_SCRIPT_PATH, script.content)],
    reloadCommands: [`powershell.exe -NoProfile -ExecutionPolicy Bypass -File "${HYPERV_SCRIPT_PATH}"`],
    warnings: script.warnings,
  });
}

function linuxDhcpBundle(index: ModelIndex, machine: Machine, revision: number | string): Bundle {
  const files: BundleFile[] = [];
  for (const site of index.sitesByDhcpServer.get(machine.id) ?? []) {
    const context = index.siteContext(site);
    const hostsPath = dnsmasqHostsPath(context);
    files.push(
      bundleFile(dnsmasqConfPath(context), renderDnsmasqConf(context, revision, hostsPath)),
      bundleFile(hostsPath, renderDnsmasqHosts(context, revision)),
    );
  }
  return makeBundle({
    machineId: machine.id,
    machineName: machine.name,
    kind: "linux-dhcp",
    files,
    reloadCommands: ["dnsmasq --test", "systemctl restart dnsmasq"],
    warnings: [],
  });
}

function bundleFor(index: ModelIndex, machine: Machine, revision: number | string): Bundle | null {
  if (machine.kind === "router") return routerBundle(index, machine, revision);
  if (machine.kind === "hyperv-host") return hypervBundle(index, machine, revision);
  if (index.sitesByDhcpServer.has(machine.id)) return linuxDhcpBundle(index, machine, revision);
  return null;
}

/**
 * Every machine's bundle, sorted by machine name. Pure: same model and revision, same bytes.
 * Throws RenderRefusedError (naming object and field) when a value cannot be rendered safely.
 */
export function renderBundles(model: NetworkModel, options: RenderOptions): Bundle[] {
  assertRenderable(model);
  return renderEveryBundle(model, options);
}

/**
 * renderBundles without the model check: only the quoting functions stand between a value and a
 * file. The proofs call it to show that this layer alone never emits an injected statement.
 */
export function renderEveryBundle(model: NetworkModel, options: RenderOptions): Bundle[] {
  const index = new ModelIndex(model);
  return [...model.machines]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((machine) => bundleFor(index, machine, options.revision))
    .filter((bundle): bundle is Bundle => bundle !== null);
}

/** One machine's bundle, by id or name; throws when the machine gets no files. */
export function renderMachineBundle(
  model: NetworkModel,
  machineIdOrName: string,
  options: RenderOptions,
): Bundle {
  const machine =
    model.machines.find((candidate) => candidate.id === machineIdOrName) ??
    model.machines.find((candidate) => candidate.name === machineIdOrName);
  if (!machine) throw new Error(`no machine "${machineIdOrName}" in the model`);
  assertRenderable(model);
  const bundle = bundleFor(new ModelIndex(model), machine, options.revision);
  if (!bundle) {
    throw new Error(
      `${machine.name} is a ${machine.kind} without a DHCP role: labnet renders no files for it`,
    );
  }
  return bundle;
}
