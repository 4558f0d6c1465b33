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

/** How a field is checked: a text-policy kind, an identifier rule, or an address parser. */
type Rule = TextKind | keyof typeof identifiers | "ipv4" | "mac" | "cidr";

/** What is wrong with `value` under `rule`, or null. Values are checked as given, untrimmed. */
function problem(value: string, rule: Rule): string | null {
  if (rule === "ipv4" || rule === "mac" || rule === "cidr") {
    const parsed = rule === "ipv4" ? parseIPv4(value) : rule === "mac" ? parseMac(value) : parseCidr(value);
    return parsed.ok ? null : parsed.error;
  }
  if (rule in identifiers) {
    const parsed = identifiers[rule as keyof typeof identifiers].safeParse(value);
    if (!parsed.success) return parsed.error.issues[0]!.message;
    return parsed.data === value ? null : "must not start or end with spaces";
  }
  return textProblem(value, rule as TextKind);
}

type Field = [field: string, value: string | null, rule: Rule];

/** Every problem of the values the renderers write; empty when the model can be rendered. */
function renderIssues(model: NetworkModel): RenderIssue[] {
  const issues: RenderIssue[] = [];
  const check = (object: string, fields: Field[]) => {
    for (const [field, value, rule] of fields) {
      const message = value === null ? null : problem(value, rule);
      if (message !== null) issues.push({ object, field, message });
    }
  };

  for (const machine of model.machines) {
    const object = label("machine", machine.name, machine.id);
    check(object, [["name", machine.name, "name"]]);
    const router = machine.router;
    if (!router) continue;
    check(object, [
      ["router.openwrtVersion", router.openwrtVersion, "openwrtVersion"],
      ["router.wanIp", router.wanIp, "ipv4"],
      ...router.rules.flatMap((rule, index): Field[] => [
        [`router.rules[${index}].name`, rule.name, "name"],
        [`router.rules[${index}].destPort`, rule.destPort, "destPort"],
      ]),
    ]);
    for (const share of router.shares) {
      check(`${object} share ${JSON.stringify(share.name)}`, [
        ["name", share.name, "shareName"],
        ["remoteUnc", share.remoteUnc, "unc"],
        ["mountPoint", share.mountPoint, "path"],
        ["credentialsFile", share.credentialsFile, "path"],
        ["mountOptions", share.mountOptions, "mountOptions"],
        ...share.users.map((user, index): Field => [`users[${index}]`, user, "unixUser"]),
      ]);
    }
  }
  for (const vswitch of model.vswitches) {
    check(label("vSwitch", vswitch.name, vswitch.id), [
      ["name", vswitch.name, "name"],
      ["adapterName", vswitch.adapterName, "label"],
    ]);
  }
  for (const nic of model.nics) {
    check(label("NIC", nic.name, nic.id), [
      ["name", nic.name, "label"],
      ["mac", nic.mac, "mac"],
      ["staticIp", nic.staticIp, "ipv4"],
    ]);
  }
  for (const intranet of model.intranets) {
    check(label("intranet", intranet.name, intranet.id), [
      ["netname", intranet.netname, "netname"],
      ["cipher", intranet.cipher, "cipher"],
      ["cidr", intranet.cidr, "cidr"],
    ]);
  }
  for (const site of model.sites) {
    check(label("site", site.tincName, site.id), [
      ["tincName", site.tincName, "tincName"],
      ["leaseTime", site.leaseTime, "leaseTime"],
      ["lanIp", site.lanIp, "ipv4"],
      ["publicAddress", site.publicAddress, "dnsName"],
      ["publicKey", site.publicKey, "pem"],
    ]);
  }
  for (const lease of model.leases) {
    check(label("lease", lease.hostname, lease.id), [
      ["hostname", lease.hostname, "hostname"],
      ["leaseTime", lease.leaseTime, "leaseTime"],
      ["mac", lease.mac, "mac"],
      ["ip", lease.ip, "ipv4"],
      ...lease.tags.map((tag, index): Field => [`tags[${index}]`, tag, "tag"]),
    ]);
  }
  return issues;
}

/** Throws RenderRefusedError listing what cannot be rendered. */
export function assertRenderable(model: NetworkModel): void {
  const issues = renderIssues(model);
  if (issues.length > 0) throw new RenderRefusedError(issues);
}
