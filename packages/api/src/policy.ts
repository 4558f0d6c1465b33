// The authorisation policy, written out: who may call each procedure, and whether a successful
// call must leave an audit event. The matrix test holds the router to it, so a new procedure that
// is not listed here fails the suite. docs/roles.md is generated from the same table.
import type { Access } from "./trpc";

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
  "agent.publish": {
    access: "admin",
    audited: true,
    summary: "publish the current inventory as new revisions for agents",
  },
  "audit.list": { access: "viewer", summary: "read the audit log" },
  "insight.mesh": { access: "viewer", summary: "see the intranet map (sites, ConnectTo, weak spots)" },
  "insight.lab": { access: "viewer", summary: "see a lab's map with its findings" },
  "insight.matrix": { access: "viewer", summary: "see the reachability matrix" },
  "insight.path": { access: "viewer", summary: "explain the path between two endpoints hop by hop" },
  "insight.findings": { access: "viewer", summary: "list the simulation's findings" },
  "lab.list": { access: "viewer", summary: "list labs" },
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
  "team.createInvite": { access: "admin", audited: true, summary: "create an invite link" },
  "team.revokeInvite": { access: "admin", audited: true, summary: "revoke an invite link" },
  "team.describeInvite": { access: "public", summary: "show which team an invite link is for" },
  "team.acceptInvite": { access: "authenticated", audited: true, summary: "join a team with an invite link" },
  "token.list": { access: "admin", summary: "list API tokens" },
  "token.create": { access: "admin", audited: true, summary: "create an API token (shown once)" },
  "token.revoke": { access: "admin", audited: true, summary: "revoke an API token" },
};
