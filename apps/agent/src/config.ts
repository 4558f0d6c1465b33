// Settings come from, in rising priority: the config file, LABNET_* environment variables, flags.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface AgentSettings {
  /** labnet's base URL, e.g. https://labnet.example.net */
  server: string | null;
  /** Credentials, journal, backups and the report spool. */
  stateDir: string;
  /** Apply under this directory instead of / (tests, containers). */
  root: string | null;
  /** Print what would change, write nothing. */
  dryRun: boolean;
  /** One poll (and apply) then exit, instead of running as a service. */
  once: boolean;
  /** Run the bundle's reload commands (default: yes, but not under --root unless --run-reload). */
  runReload: boolean;
  /** Extra health check after applying: a shell command that must exit 0. */
  healthCheck: string | null;
  /** How long labnet may stay unreachable after an apply before it is rolled back (seconds). */
  healthTimeoutSeconds: number;
  /** Long poll: let labnet hold each poll up to this many seconds (0 = plain polling). */
  waitSeconds: number;
  /** How often observations are sent (seconds). */
  observeEverySeconds: number;
  /** The dnsmasq lease file to report (default /tmp/dhcp.leases, then /var/lib/misc/dnsmasq.leases). */
  leaseFile: string | null;
  hostname: string | null;
  /** Path-MTU probe targets besides the tinc peers' Addresses (comma-separated in flags/env). */
  probeTargets: string[];
  /** How often path-MTU probes run (seconds; 0 = never). */
  probeEverySeconds: number;
  /** At most this many targets are probed per run. */
  maxProbeTargets: number;
}

export const defaultConfigFile =
  process.platform === "win32"
    ? join(process.env.ProgramData ?? "C:\\ProgramData", "labnet", "agent.json")
    : "/etc/labnet/agent.json";

const defaultStateDir =
  process.platform === "win32"
    ? join(process.env.ProgramData ?? "C:\\ProgramData", "labnet", "agent")
    : "/var/lib/labnet-agent";

export class UsageError extends Error {
  override name = "UsageError";
}

type Raw = Partial<Record<keyof AgentSettings, unknown>>;

const flagNames: Record<string, keyof AgentSettings> = {
  "--server": "server",
  "--state-dir": "stateDir",
  "--root": "root",
  "--health-check": "healthCheck",
  "--health-timeout": "healthTimeoutSeconds",
  "--wait": "waitSeconds",
  "--observe-every": "observeEverySeconds",
  "--lease-file": "leaseFile",
  "--hostname": "hostname",
  "--probe-targets": "probeTargets",
  "--probe-every": "probeEverySeconds",
  "--max-probe-targets": "maxProbeTargets",
};
const switches: Record<string, keyof AgentSettings> = {
  "--dry-run": "dryRun",
  "--once": "once",
  "--run-reload": "runReload",
};
const envNames: Record<string, keyof AgentSettings> = {
  LABNET_SERVER: "server",
  LABNET_STATE_DIR: "stateDir",
  LABNET_ROOT: "root",
  LABNET_HEALTH_CHECK: "healthCheck",
  LABNET_WAIT: "waitSeconds",
  LABNET_PROBE_TARGETS: "probeTargets",
};

export function parseArgs(argv: string[]): {
  command: string;
  settings: Raw;
  configFile: string;
  rest: Record<string, string>;
} {
  const settings: Raw = {};
  const rest: Record<string, string> = {};
  let command = "run";
  let configFile = process.env.LABNET_AGENT_CONFIG ?? defaultConfigFile;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    if (name === "--config") configFile = value();
    else if (name === "--token") rest.token = value();
    else if (flagNames[name]) settings[flagNames[name]] = value();
    else if (switches[name]) settings[switches[name]] = true;
    else if (!name.startsWith("-") && i === 0) command = name;
    else throw new UsageError(`unknown option ${arg} (see labnet-agent --help)`);
  }
  return { command, settings, configFile, rest };
}

export function resolveSettings(flags: Raw, configFile: string, env = process.env): AgentSettings {
  let file: Raw = {};
  try {
    file = JSON.parse(readFileSync(configFile, "utf8")) as Raw;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new UsageError(`cannot read ${configFile}: ${(error as Error).message}`);
  }
  const fromEnv: Raw = {};
  for (const [name, key] of Object.entries(envNames)) if (env[name]) fromEnv[key] = env[name];
  const merged: Raw = { ...file, ...fromEnv, ...flags };
  const root = text(merged.root);
  return {
    server: text(merged.server)?.replace(/\/+$/, "") ?? null,
    stateDir: text(merged.stateDir) ?? defaultStateDir,
    root,
    dryRun: merged.dryRun === true,
    once: merged.once === true,
    runReload: merged.runReload === true || (!root && merged.runReload !== false),
    healthCheck: text(merged.healthCheck),
    healthTimeoutSeconds: seconds(merged.healthTimeoutSeconds, 30, "health-timeout"),
    waitSeconds: seconds(merged.waitSeconds, 0, "wait", 60),
    observeEverySeconds: seconds(merged.observeEverySeconds, 300, "observe-every"),
    leaseFile: text(merged.leaseFile),
    hostname: text(merged.hostname),
    probeTargets: list(merged.probeTargets),
    probeEverySeconds: seconds(merged.probeEverySeconds, 900, "probe-every"),
    maxProbeTargets: seconds(merged.maxProbeTargets, 8, "max-probe-targets", 64),
  };
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** A JSON array in the config file, or "a,b c" from a flag or the environment. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : [];
}

function seconds(value: unknown, fallback: number, name: string, max = 86_400): number {
  if (value === undefined || value === null || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > max) {
    throw new UsageError(`--${name} takes whole seconds from 0 to ${max}, not "${value}"`);
  }
  return number;
}
