// A tinc config folder: tinc.conf (this node), hosts/* (every node), tinc-up (share mounts).
import { cidrContains, netnameSchema, parseCidr, portSchema, segmentOf, tincNameSchema } from "@labnet/model";
import {
  emptyFragment,
  type ImportResult,
  type ModelFragment,
  Problems,
  type ShareFragment,
  type SourceFile,
  siteIdFor,
} from "./types";

interface TincLine {
  key: string;
  value: string;
  line: number;
}

/** `Variable = Value` lines (the `=` is optional, names are case-insensitive) and the PEM key. */
function parseTincFile(problems: Problems, text: string): { lines: TincLine[]; publicKey: string | null } {
  const lines: TincLine[] = [];
  const rows = text.split("\n");
  let publicKey: string | null = null;
  for (let index = 0; index < rows.length; index++) {
    const raw = rows[index]!.trim();
    if (raw.startsWith("-----BEGIN")) {
      const end = rows.findIndex((row, at) => at > index && row.trim().startsWith("-----END"));
      if (end < 0) {
        problems.error(index + 1, "public key block has no -----END line");
        break;
      }
      if (raw.includes("RSA PUBLIC KEY") || raw.includes("PUBLIC KEY")) {
        publicKey = rows
          .slice(index, end + 1)
          .map((row) => row.trim())
          .join("\n");
      }
      index = end;
      continue;
    }
    if (raw === "" || raw.startsWith("#")) continue;
    const match = /^([A-Za-z0-9]+)\s*(?:=\s*|\s+)(.*)$/.exec(raw);
    if (!match || match[2]!.trim() === "") {
      problems.error(index + 1, `expected "Variable = Value", got "${raw}"`);
      continue;
    }
    lines.push({ key: match[1]!.toLowerCase(), value: match[2]!.trim(), line: index + 1 });
  }
  return { lines, publicKey };
}

function yesNo(problems: Problems, entry: TincLine): boolean | undefined {
  const value = entry.value.toLowerCase();
  if (value === "yes") return true;
  if (value === "no") return false;
  problems.error(entry.line, `${entry.key} must be yes or no, not "${entry.value}"`);
  return undefined;
}

function basename(path: string): string {
  return path.split("/").filter(Boolean).pop() ?? path;
}

/** Imports one tinc folder; `files` are the folder's files with paths ending in tinc.conf, hosts/NAME, … */
export function importTincFolder(files: SourceFile[]): ImportResult {
  const fragment = emptyFragment();
  const errors: ImportResult["errors"] = [];
  const warnings: ImportResult["warnings"] = [];
  const collect = (problems: Problems) => {
    errors.push(...problems.errors);
    warnings.push(...problems.warnings);
  };
  const conf = files.find((file) => basename(file.path) === "tinc.conf");
  const netname = conf ? basename(conf.path.slice(0, -"/tinc.conf".length)) : "";
  const intranet: ModelFragment["intranets"][number] = {};
  if (netnameSchema.safeParse(netname).success) {
    intranet.netname = netname;
    intranet.id = `intranet-${netname}`;
  }
  let selfName: string | null = null;
  const connectTo: string[] = [];
  if (conf) {
    const problems = new Problems(conf.path);
    for (const entry of parseTincFile(problems, conf.content).lines) {
      if (entry.key === "name") {
        if (tincNameSchema.safeParse(entry.value).success) selfName = entry.value;
        else
          problems.error(
            entry.line,
            `Name "${entry.value}": tinc names may contain only letters, digits and '_'`,
          );
      } else if (entry.key === "mode") {
        const mode = entry.value.toLowerCase();
        if (mode === "switch" || mode === "router") intranet.mode = mode;
        else
          problems.error(entry.line, `Mode "${entry.value}" is not switch or router (hub is not modelled)`);
      } else if (entry.key === "connectto") {
        connectTo.push(entry.value);
      }
    }
    if (selfName === null) problems.error(0, "tinc.conf has no Name");
    collect(problems);
  } else {
    warnings.push({
      file: files[0]?.path ?? "tinc",
      line: 0,
      message: "no tinc.conf: only the hosts are imported",
    });
  }

  const sites = new Map<string, ModelFragment["sites"][number]>();
  for (const file of files.filter((candidate) => /(^|\/)hosts\/[^/]+$/.test(candidate.path))) {
    const name = basename(file.path);
    const problems = new Problems(file.path);
    if (name.endsWith("-up") || name.endsWith("-down")) continue;
    if (!tincNameSchema.safeParse(name).success) {
      problems.error(0, `host file name "${name}" is not a tinc name`);
      collect(problems);
      continue;
    }
    const site = importHost(problems, file.content, name, intranet);
    if (intranet.id) site.intranetId = intranet.id;
    sites.set(name, site);
    collect(problems);
  }
  if (selfName !== null) {
    const self = sites.get(selfName) ?? { id: siteIdFor(selfName), tincName: selfName };
    self.connectTo = connectTo.map(siteIdFor);
    sites.set(selfName, self);
    for (const peer of connectTo) {
      if (!sites.has(peer))
        errors.push({ file: conf!.path, line: 0, message: `ConnectTo ${peer}: there is no hosts/${peer}` });
    }
  }
  fragment.sites = [...sites.values()];
  if (Object.keys(intranet).length > 0) fragment.intranets.push(intranet);

  const up = files.find((file) => basename(file.path) === "tinc-up");
  if (up) {
    const problems = new Problems(up.path);
    const shares = importMounts(problems, up.content);
    if (shares.length > 0) fragment.router = { shares };
    collect(problems);
  }
  return { fragment, errors, warnings };
}

function importHost(
  problems: Problems,
  text: string,
  name: string,
  intranet: ModelFragment["intranets"][number],
): ModelFragment["sites"][number] {
  const site: ModelFragment["sites"][number] = { id: siteIdFor(name), tincName: name };
  const parsed = parseTincFile(problems, text);
  for (const entry of parsed.lines) {
    switch (entry.key) {
      case "address": {
        const [host, port] = entry.value.split(/\s+/);
        if (site.publicAddress !== undefined) {
          problems.warn(entry.line, "several Address lines: only the first is imported");
          break;
        }
        site.publicAddress = host!;
        if (port !== undefined) site.publicPort = portOf(problems, entry, port) ?? undefined;
        break;
      }
      case "port": {
        const port = portOf(problems, entry, entry.value);
        if (port !== null) intranet.port = port;
        break;
      }
      case "cipher":
        intranet.cipher = entry.value.toLowerCase();
        break;
      case "pmtudiscovery":
        intranet.pmtuDiscovery = yesNo(problems, entry);
        break;
      case "clampmss":
        intranet.clampMss = yesNo(problems, entry);
        break;
      case "subnet": {
        const cidr = parseCidr(entry.value.split("#")[0]!);
        if (!cidr.ok) {
          problems.warn(entry.line, `Subnet ${entry.value} is not an IPv4 network: not imported`);
        } else if (cidr.value.prefix === 24) {
          site.segment = Number(cidr.value.network.split(".")[2]);
          const intranetCidr = intranet.cidr ? parseCidr(intranet.cidr) : null;
          if (intranetCidr?.ok && cidrContains(intranetCidr.value, cidr.value.network)) {
            site.segment = segmentOf(intranetCidr.value, cidr.value.network) ?? site.segment;
          }
        }
        break;
      }
      default:
        problems.warn(entry.line, `${entry.key} is not modelled: not imported`);
    }
  }
  if (parsed.publicKey) site.publicKey = parsed.publicKey;
  return site;
}

function portOf(problems: Problems, entry: TincLine, text: string): number | null {
  const parsed = portSchema.safeParse(Number(text));
  if (/^\d+$/.test(text) && parsed.success) return parsed.data;
  problems.error(entry.line, `port "${text}" must be 1-65535`);
  return null;
}

/** Options labnet models itself, and secrets that must not travel into the model. */
const MODELLED_MOUNT_OPTIONS = new Set([
  "vers",
  "credentials",
  "wsize",
  "password",
  "pass",
  "username",
  "user",
]);
const SMB_VERSIONS = ["1.0", "2.0", "2.1", "3.0", "3.02", "3.1.1"];

/** `mount -t cifs //host/share /mnt/x -o opts` lines (quoted or not) become share fragments. */
function importMounts(problems: Problems, text: string): ShareFragment[] {
  const shares: ShareFragment[] = [];
  text.split("\n").forEach((raw, index) => {
    const match = /mount\s+-t\s+cifs\s+'?(\/\/[^\s']+)'?\s+'?([^\s']+)'?\s+-o\s+'?([^\s';]+)'?/.exec(raw);
    if (!match) return;
    const [, unc, mountPoint, optionText] = match as unknown as [string, string, string, string];
    const options = new Map(
      optionText.split(",").map((pair) => {
        const [key, ...value] = pair.split("=");
        return [key!, value.join("=")] as const;
      }),
    );
    const share: ShareFragment = { remoteUnc: unc, mountPoint };
    if (options.has("password")) {
      problems.warn(
        index + 1,
        "password on the command line: labnet mounts with a credentials file instead; the password was not imported",
      );
    }
    const credentials = options.get("credentials");
    if (credentials) share.credentialsFile = credentials;
    else problems.warn(index + 1, `${unc}: no credentials file; set one in labnet`);
    const version = options.get("vers");
    if (version && SMB_VERSIONS.includes(version)) share.smbVersion = version as ShareFragment["smbVersion"];
    const wsize = options.get("wsize");
    if (wsize && /^\d+$/.test(wsize)) share.wsize = Number(wsize);
    const extra = optionText.split(",").filter((pair) => !MODELLED_MOUNT_OPTIONS.has(pair.split("=")[0]!));
    if (extra.length > 0) share.mountOptions = extra.join(",");
    shares.push(share);
  });
  return shares;
}
