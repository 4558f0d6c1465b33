// The renderers' own check of every model value that reaches a generated file. The API already
// refuses bad text (packages/model/src/text.ts), but rows written before a rule existed load
// relaxed, and the CLI reads any JSON: so rendering checks again and refuses, naming the object
// and the field, instead of emitting a file. The quoting functions in ../quote are the last line:
// they refuse what their language cannot carry even if a value got past this check.
import {
  firewallRuleSchema,
  intranetSchema,
  leaseTimeSchema,
  type NetworkModel,
  netnameSchema,
  parseCidr,
  parseIPv4,
  parseMac,
  routerSettingsSchema,
  sambaShareSchema,
  type TextKind,
  textProblem,
  tincNameSchema,
} from "@labnet/model";
import type { z } from "zod";

export interface RenderIssue {
  /** The model object, e.g. `vSwitch "LAN" (id vs-1)` */
  object: string;
  field: string;
  message: string;
}

export class RenderRefusedError extends Error {
  constructor(readonly issues: RenderIssue[]) {
    const shown = issues.slice(0, 5).map((issue) => `${issue.object} ${issue.field} ${issue.message}`);
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    super(`refusing to render: ${shown.join("; ")}${more}`);
    this.name = "RenderRefusedError";
  }
}

/** Identifiers that reach paths and unquoted config words: the model's own field rules, untrimmed. */
const identifiers = {
  tincName: tincNameSchema,
  netname: netnameSchema,
  leaseTime: leaseTimeSchema,
  cipher: intranetSchema.shape.cipher.unwrap(),
  openwrtVersion: routerSettingsSchema.shape.openwrtVersion,
  shareName: sambaShareSchema.shape.name,
  destPort: firewallRuleSchema.shape.destPort.unwrap().unwrap(),
} satisfies Record<string, z.ZodType<string, string>>;

function label(kind: string, name: string, id: string): string {
  return `${kind} ${JSON.stringify(name)} (id ${JSON.stringify(id)})`;
}

/** Every problem of the values the renderers write; empty when the model can be rendered. */
export function renderIssues(model: NetworkModel): RenderIssue[] {
  const issues: RenderIssue[] = [];
  const text = (object: string, field: string, value: string | null, kind: TextKind) => {
    if (value === null) return;
    const message = textProblem(value, kind);
    if (message !== null) issues.push({ object, field, message });
  };
  const identifier = (
    object: string,
    field: string,
    value: string | null,
    rule: keyof typeof identifiers,
  ) => {
    if (value === null) return;
    const parsed = identifiers[rule].safeParse(value);
    if (!parsed.success) issues.push({ object, field, message: parsed.error.issues[0]!.message });
    else if (parsed.data !== value)
      issues.push({ object, field, message: "must not start or end with spaces" });
  };

  const address = (object: string, field: string, value: string | null, kind: "ipv4" | "mac" | "cidr") => {
    if (value === null) return;
    const parsed = kind === "ipv4" ? parseIPv4(value) : kind === "mac" ? parseMac(value) : parseCidr(value);
    if (!parsed.ok) issues.push({ object, field, message: parsed.error });
  };

  for (const machine of model.machines) {
    const object = label("machine", machine.name, machine.id);
    text(object, "name", machine.name, "name");
    const router = machine.router;
    if (!router) continue;
    identifier(object, "router.openwrtVersion", router.openwrtVersion, "openwrtVersion");
    address(object, "router.wanIp", router.wanIp, "ipv4");
    for (const [index, rule] of router.rules.entries()) {
      text(object, `router.rules[${index}].name`, rule.name, "name");
      identifier(object, `router.rules[${index}].destPort`, rule.destPort, "destPort");
    }
    for (const share of router.shares) {
      const shareObject = `${object} share ${JSON.stringify(share.name)}`;
      identifier(shareObject, "name", share.name, "shareName");
      text(shareObject, "remoteUnc", share.remoteUnc, "unc");
      text(shareObject, "mountPoint", share.mountPoint, "path");
      text(shareObject, "credentialsFile", share.credentialsFile, "path");
      text(shareObject, "mountOptions", share.mountOptions, "mountOptions");
      for (const [index, user] of share.users.entries())
        text(shareObject, `users[${index}]`, user, "unixUser");
    }
  }
  for (const vswitch of model.vswitches) {
    const object = label("vSwitch", vswitch.name, vswitch.id);
    text(object, "name", vswitch.name, "name");
    text(object, "adapterName", vswitch.adapterName, "label");
  }
  for (const nic of model.nics) {
    const object = label("NIC", nic.name, nic.id);
    text(object, "name", nic.name, "label");
    address(object, "mac", nic.mac, "mac");
    address(object, "staticIp", nic.staticIp, "ipv4");
  }
  for (const intranet of model.intranets) {
    const object = label("intranet", intranet.name, intranet.id);
    identifier(object, "netname", intranet.netname, "netname");
    identifier(object, "cipher", intranet.cipher, "cipher");
    address(object, "cidr", intranet.cidr, "cidr");
  }
  for (const site of model.sites) {
    const object = label("site", site.tincName, site.id);
    identifier(object, "tincName", site.tincName, "tincName");
    identifier(object, "leaseTime", site.leaseTime, "leaseTime");
    address(object, "lanIp", site.lanIp, "ipv4");
    text(object, "publicAddress", site.publicAddress, "dnsName");
    text(object, "publicKey", site.publicKey, "pem");
  }
  for (const lease of model.leases) {
    const object = label("lease", lease.hostname, lease.id);
    text(object, "hostname", lease.hostname, "hostname");
    identifier(object, "leaseTime", lease.leaseTime, "leaseTime");
    address(object, "mac", lease.mac, "mac");
    address(object, "ip", lease.ip, "ipv4");
    for (const [index, tag] of lease.tags.entries()) text(object, `tags[${index}]`, tag, "tag");
  }
  return issues;
}

/** Throws RenderRefusedError listing what cannot be rendered. */
export function assertRenderable(model: NetworkModel): void {
  const issues = renderIssues(model);
  if (issues.length > 0) throw new RenderRefusedError(issues);
}
