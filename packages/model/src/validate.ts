// Whole-model checks that a single field schema cannot make: references between objects.
// Network-level judgement (conflicts, MTU, reachability) belongs to packages/sim, not here.
import type { z } from "zod";
import { type NetworkModel, networkModelSchema } from "./schema";
import { parseStored } from "./text";

export interface ModelIssue {
  /** JSON path of the offending field, e.g. ["sites", 2, "connectTo", 0] */
  path: (string | number)[];
  message: string;
}

export type ParseModelResult = { ok: true; model: NetworkModel } | { ok: false; issues: ModelIssue[] };

/** Parses untrusted JSON into a NetworkModel: field rules first, then references between objects. */
export function parseNetworkModel(input: unknown): ParseModelResult {
  const parsed = networkModelSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const issues = checkReferences(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, model: parsed.data };
}

/**
 * A model read back from the database or a stored snapshot: rows written before a text-policy rule
 * existed still load (see parseStored); anything structurally wrong still throws.
 */
export function parseStoredModel(input: unknown): NetworkModel {
  return parseStored(() => networkModelSchema.parse(input));
}

export function zodIssues(error: z.ZodError): ModelIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === "symbol" ? String(key) : key)),
    message: issue.message,
  }));
}

export function formatIssue(issue: ModelIssue): string {
  return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}

export function checkReferences(model: NetworkModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const duplicateIds = (collection: keyof NetworkModel, items: { id: string }[]) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id))
        issues.push({ path: [collection, index, "id"], message: `duplicate id "${item.id}"` });
      seen.add(item.id);
    });
  };
  duplicateIds("labs", model.labs);
  duplicateIds("machines", model.machines);
  duplicateIds("vswitches", model.vswitches);
  duplicateIds("nics", model.nics);
  duplicateIds("intranets", model.intranets);
  duplicateIds("sites", model.sites);
  duplicateIds("leases", model.leases);

  const labs = new Set(model.labs.map((lab) => lab.id));
  const machines = new Map(model.machines.map((machine) => [machine.id, machine]));
  const vswitches = new Map(model.vswitches.map((vswitch) => [vswitch.id, vswitch]));
  const intranets = new Set(model.intranets.map((intranet) => intranet.id));
  const sites = new Map(model.sites.map((site) => [site.id, site]));
  const nics = new Set(model.nics.map((nic) => nic.id));

  model.machines.forEach((machine, index) => {
    if (!labs.has(machine.labId)) {
      issues.push({ path: ["machines", index, "labId"], message: `unknown lab "${machine.labId}"` });
    }
    if (machine.kind === "router" && machine.router === null) {
      issues.push({ path: ["machines", index, "router"], message: "a router needs its router settings" });
    }
    if (machine.kind !== "router" && machine.router !== null) {
      issues.push({ path: ["machines", index, "router"], message: `router settings on a ${machine.kind}` });
    }
  });
  model.vswitches.forEach((vswitch, index) => {
    if (!labs.has(vswitch.labId)) {
      issues.push({ path: ["vswitches", index, "labId"], message: `unknown lab "${vswitch.labId}"` });
    }
    if (vswitch.type === "external" && vswitch.adapterMedium === null) {
      issues.push({
        path: ["vswitches", index, "adapterMedium"],
        message: "an external switch is bound to an adapter: say whether it is ethernet or wifi",
      });
    }
  });
  model.nics.forEach((nic, index) => {
    const machine = machines.get(nic.machineId);
    if (!machine) {
      issues.push({ path: ["nics", index, "machineId"], message: `unknown machine "${nic.machineId}"` });
    }
    if (nic.vswitchId !== null) {
      const vswitch = vswitches.get(nic.vswitchId);
      if (!vswitch) {
        issues.push({ path: ["nics", index, "vswitchId"], message: `unknown vSwitch "${nic.vswitchId}"` });
      } else if (machine && vswitch.labId !== machine.labId) {
        issues.push({
          path: ["nics", index, "vswitchId"],
          message: `vSwitch "${vswitch.name}" belongs to another lab than machine "${machine.name}"`,
        });
      }
    }
    if (nic.addressing === "static-ip" && nic.staticIp === null) {
      issues.push({ path: ["nics", index, "staticIp"], message: "static-ip addressing needs an address" });
    }
  });
  model.sites.forEach((site, index) => {
    if (!intranets.has(site.intranetId)) {
      issues.push({ path: ["sites", index, "intranetId"], message: `unknown intranet "${site.intranetId}"` });
    }
    const router = machines.get(site.routerId);
    if (router?.kind !== "router") {
      issues.push({
        path: ["sites", index, "routerId"],
        message: `"${site.routerId}" is not a router machine`,
      });
    }
    if (site.dhcpServerId !== null) {
      const server = machines.get(site.dhcpServerId);
      if (!server) {
        issues.push({
          path: ["sites", index, "dhcpServerId"],
          message: `unknown machine "${site.dhcpServerId}"`,
        });
      } else if (server.kind === "hyperv-host" || server.kind === "router") {
        issues.push({
          path: ["sites", index, "dhcpServerId"],
          message: `a ${server.kind} cannot be the site's Linux DHCP server: pick a utility VM or physical machine`,
        });
      }
    }
    site.connectTo.forEach((peerId, peerIndex) => {
      const peer = sites.get(peerId);
      if (!peer) {
        issues.push({ path: ["sites", index, "connectTo", peerIndex], message: `unknown site "${peerId}"` });
      } else if (peer.intranetId !== site.intranetId) {
        issues.push({
          path: ["sites", index, "connectTo", peerIndex],
          message: `ConnectTo ${peer.tincName}: that site is in another intranet`,
        });
      } else if (peer.id === site.id) {
        issues.push({
          path: ["sites", index, "connectTo", peerIndex],
          message: "a site cannot ConnectTo itself",
        });
      }
    });
  });
  model.leases.forEach((lease, index) => {
    if (!sites.has(lease.siteId)) {
      issues.push({ path: ["leases", index, "siteId"], message: `unknown site "${lease.siteId}"` });
    }
    if (lease.nicId !== null && !nics.has(lease.nicId)) {
      issues.push({ path: ["leases", index, "nicId"], message: `unknown NIC "${lease.nicId}"` });
    }
  });
  return issues;
}
