// The authorisation policy, written out: who may call each procedure, and whether a successful
// call must leave an audit event. The matrix test holds the router to it, so a new procedure that
// is not listed here fails the suite. docs/roles.md is generated from the same table.
import type { Access, Role } from "./trpc";

export interface PolicyEntry {
  access: Access;
  /** For mutations: true, or why the call writes no audit event. */
  audited?: true | string;
  /** What the procedure is for, as the roles doc shows it. */
  summary: string;
}

export const policy: Record<string, PolicyEntry> = {
  "agent.list": { access: "viewer", summary: "list machines with their agents' state" },
  "agent.reports": { access: "viewer", summary: "read a machine's apply reports" },
  "agent.drift": { access: "viewer", summary: "compare a machine's observations with the inventory" },
  "agent.createEnrollment": {
    access: "admin",
    audited: true,
    summary: "create a one-time enrollment token for a machine (shown once)",
  },
  "agent.revoke": { access: "admin", audited: true, summary: "revoke an agent's token" },
  "agent.rotate": { access: "admin", audited: true, summary: "ask an agent to rotate its token" },
  "audit.list": { access: "viewer", summary: "read the audit log" },
  "importer.preview": {
    access: "editor",
    audited: "a preview writes nothing",
    summary: "preview importing a router's files (UCI, dnsmasq, tinc, leases) into a site",
  },
  "importer.commit": {
    access: "editor",
    audited: true,
    summary: "import a router's files into a site, all or nothing",
  },
  "insight.mesh": { access: "viewer", summary: "see the intranet map (sites, ConnectTo, weak spots)" },
  "insight.lab": { access: "viewer", summary: "see a lab's map with its findings" },
  "insight.matrix": { access: "viewer", summary: "see the reachability matrix" },
  "insight.path": { access: "viewer", summary: "explain the path between two endpoints hop by hop" },
  "insight.findings": { access: "viewer", summary: "list the simulation's findings" },
  "lab.list": { access: "viewer", summary: "list labs" },
  "lab.get": {
    access: "viewer",
    summary: "show a lab with its machines, NICs, vSwitches, router and leases",
  },
  "lab.create": { access: "editor", audited: true, summary: "add a lab" },
  "lab.update": { access: "editor", audited: true, summary: "edit a lab" },
  "lab.dependents": { access: "viewer", summary: "list what deleting a lab removes" },
  "lab.delete": { access: "editor", audited: true, summary: "delete a lab with its machines and sites" },
  "model.export": {
    access: "viewer",
    summary: "download the team's whole network model (JSON for the CLIs)",
  },
  "model.check": {
    access: "admin",
    audited: "a check writes nothing",
    summary: "check a network model file for field errors and collisions before importing it",
  },
  "model.import": {
    access: "admin",
    audited: true,
    summary: "add a whole network model file to the team, all or nothing",
  },
  "machine.list": { access: "viewer", summary: "list machines (e.g. routers for a site)" },
  "machine.create": { access: "editor", audited: true, summary: "add a machine to a lab" },
  "machine.update": { access: "editor", audited: true, summary: "edit a machine" },
  "machine.dependents": { access: "viewer", summary: "list what deleting a machine removes" },
  "machine.delete": { access: "editor", audited: true, summary: "delete a machine with its NICs and sites" },
  "vswitch.create": { access: "editor", audited: true, summary: "add a vSwitch to a lab" },
  "vswitch.update": { access: "editor", audited: true, summary: "edit a vSwitch" },
  "vswitch.dependents": { access: "viewer", summary: "list the NICs a vSwitch deletion disconnects" },
  "vswitch.delete": { access: "editor", audited: true, summary: "delete a vSwitch" },
  "nic.create": { access: "editor", audited: true, summary: "add a NIC to a machine" },
  "nic.update": { access: "editor", audited: true, summary: "edit a NIC" },
  "nic.dependents": { access: "viewer", summary: "list the leases a NIC deletion unlinks" },
  "nic.delete": { access: "editor", audited: true, summary: "delete a NIC" },
  "router.updateSettings": {
    access: "editor",
    audited: true,
    summary: "edit a router's OpenWrt, WAN, firewall and SQM settings",
  },
  "router.saveUplink": { access: "editor", audited: true, summary: "save a router's uplink hop chain" },
  "router.saveShares": {
    access: "editor",
    audited: true,
    summary: "save a router's samba passthrough shares",
  },
  "intranet.list": { access: "viewer", summary: "list intranets" },
  "intranet.get": { access: "viewer", summary: "show an intranet with its sites and segment map" },
  "intranet.create": { access: "editor", audited: true, summary: "add an intranet" },
  "intranet.update": { access: "editor", audited: true, summary: "edit an intranet" },
  "intranet.dependents": { access: "viewer", summary: "list what deleting an intranet removes" },
  "intranet.delete": { access: "editor", audited: true, summary: "delete an intranet with its sites" },
  "site.list": { access: "viewer", summary: "list sites" },
  "site.nextFreeSegment": { access: "viewer", summary: "propose the next free /24 of an intranet" },
  "site.create": { access: "editor", audited: true, summary: "add a site to an intranet" },
  "site.update": { access: "editor", audited: true, summary: "edit a site" },
  "site.dependents": { access: "viewer", summary: "list what deleting a site removes" },
  "site.delete": { access: "editor", audited: true, summary: "delete a site with its leases" },
  "lease.list": { access: "viewer", summary: "list static leases" },
  "lease.nextFreeIp": { access: "viewer", summary: "propose a site's next free address outside the pool" },
  "lease.exportCsv": { access: "viewer", summary: "export static leases as CSV" },
  "lease.create": { access: "editor", audited: true, summary: "add a static lease" },
  "lease.update": { access: "editor", audited: true, summary: "edit a static lease" },
  "lease.delete": { access: "editor", audited: true, summary: "delete a static lease" },
  "lease.bulkPreview": {
    access: "editor",
    audited: "a preview writes nothing",
    summary: "check pasted MAC IP hostname lines",
  },
  "lease.bulkApply": { access: "editor", audited: true, summary: "add pasted leases, all or nothing" },
  "plan.list": { access: "viewer", summary: "list plans with who drafted, approved and published them" },
  "plan.get": { access: "viewer", summary: "show a plan's file diffs, simulated impact and history" },
  "plan.previewCurrent": {
    access: "viewer",
    summary: "preview what publishing the current inventory would change",
  },
  "plan.rollout": { access: "viewer", summary: "follow a published plan's rollout per machine" },
  "plan.machineRevisions": { access: "viewer", summary: "list a machine's published revisions" },
  "plan.revisionDiff": { access: "viewer", summary: "diff two revisions of a machine" },
  "plan.create": { access: "editor", audited: true, summary: "draft a plan from the current inventory" },
  "plan.update": { access: "editor", audited: true, summary: "edit a plan's title, description and rollout" },
  "plan.replan": {
    access: "editor",
    audited: true,
    summary: "preview a plan again against what is published now",
  },
  "plan.discard": { access: "editor", audited: true, summary: "discard a plan" },
  "plan.approve": { access: "admin", audited: true, summary: "approve a plan" },
  "plan.publish": {
    access: "admin",
    audited: true,
    summary: "publish an approved plan as revisions for the agents",
  },
  "plan.rollback": {
    access: "admin",
    audited: true,
    summary: "draft a plan that publishes an earlier plan's network again",
  },
  "team.mine": { access: "authenticated", summary: "list my teams" },
  "team.switch": {
    access: "authenticated",
    audited: "a session preference, not team data",
    summary: "switch the active team",
  },
  "team.create": { access: "authenticated", audited: true, summary: "create a team" },
  "team.rename": { access: "owner", audited: true, summary: "rename the team" },
  "team.delete": {
    access: "owner",
    audited: "the team's audit log is deleted with it; logged to the server log",
    summary: "delete the team",
  },
  "team.members": { access: "viewer", summary: "list members" },
  "team.setRole": {
    access: "admin",
    audited: true,
    summary: "change a member's role (admin and owner roles: owners only)",
  },
  "team.removeMember": {
    access: "admin",
    audited: true,
    summary: "remove a member (admins and owners: owners only)",
  },
  "team.leave": { access: "viewer", audited: true, summary: "leave the team" },
  "team.invites": { access: "admin", summary: "list invite links" },
  "team.createInvite": {
    access: "admin",
    audited: true,
    summary: "create an invite link (admins invite editors and viewers; admins: owners only)",
  },
  "team.revokeInvite": { access: "admin", audited: true, summary: "revoke an invite link" },
  "team.describeInvite": { access: "public", summary: "show which team an invite link is for" },
  "team.acceptInvite": { access: "authenticated", audited: true, summary: "join a team with an invite link" },
  "token.list": { access: "admin", summary: "list API tokens" },
  "token.create": { access: "admin", audited: true, summary: "create an API token (shown once)" },
  "token.revoke": { access: "admin", audited: true, summary: "revoke an API token" },
};

/**
 * Whose role a member may manage: the roles they may give (by changing a member's role or by an
 * invite link) and the members they may change or remove. Only owners grant or take away admin
 * and owner; admins manage editors and viewers.
 */
export const manageableRoles: Record<Role, readonly Role[]> = {
  viewer: [],
  editor: [],
  admin: ["viewer", "editor"],
  owner: ["viewer", "editor", "admin", "owner"],
};

/** An invite link never makes an owner: a forwarded link must not be able to hand over the team. */
export const invitableRoles = ["viewer", "editor", "admin"] as const satisfies readonly Role[];

export function mayManage(role: Role, target: Role): boolean {
  return manageableRoles[role].includes(target);
}

/** Why `role` may not invite `invited`, or null when it may. */
export function inviteRefusal(role: Role, invited: Role): string | null {
  if (!(invitableRoles as readonly Role[]).includes(invited)) return "an invite link never makes an owner";
  if (mayManage(role, invited)) return null;
  const least = (Object.keys(manageableRoles) as Role[]).find((candidate) => mayManage(candidate, invited));
  return `only ${least === "owner" ? "an owner" : `an ${least} or owner`} can invite ${invited}s`;
}
