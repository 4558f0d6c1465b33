// labnet-agent: `enroll`, `run` (the service), `status`. See docs/agents.md.
import { Agent } from "./agent";
import { parseArgs, resolveSettings, UsageError } from "./config";
import { agentVersion } from "./version";

const help = `labnet-agent ${agentVersion}: applies this machine's config from labnet, safely.

  labnet-agent enroll --server URL --token lne_…   trade a one-time enrollment token for an agent token
  labnet-agent run [--once] [--dry-run]            poll, apply, report (as a service without --once)
  labnet-agent status                              applied revision, last poll, last error, spool

Options (also LABNET_* environment variables or the JSON config file, --config FILE):
  --server URL          labnet's address                       (LABNET_SERVER)
  --state-dir DIR       credentials, journal, backups, spool   (LABNET_STATE_DIR)
  --root DIR            apply under DIR instead of /; reload commands are skipped unless --run-reload
  --health-check CMD    must exit 0 after a reload, or the apply is rolled back
  --health-timeout S    how long labnet may be unreachable after a reload (default 30)
  --wait S              long poll: let labnet hold each poll up to S seconds (max 60)
  --observe-every S     send interfaces, leases and tinc peers every S seconds (default 300)
  --probe-every S       measure path MTUs every S seconds (default 900; 0 = never)
  --probe-targets A,B   path-MTU targets besides the tinc hosts' Addresses (LABNET_PROBE_TARGETS)
  --max-probe-targets N probe at most N targets per run (default 8)
  --lease-file FILE     dnsmasq lease file to report (default /tmp/dhcp.leases)
  --hostname NAME       name to enroll under (default: the host name)`;

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(help);
    return 0;
  }
  if (argv.includes("--version")) {
    console.log(agentVersion);
    return 0;
  }
  try {
    const { command, settings: flags, configFile, rest } = parseArgs(argv);
    const settings = resolveSettings(flags, configFile);
    const agent = new Agent(settings);
    if (command === "enroll") {
      if (!rest.token)
        throw new UsageError("enroll needs --token lne_… (create one on labnet's Agents page)");
      await agent.enroll(rest.token);
      return 0;
    }
    if (command === "status") {
      console.log(JSON.stringify(await agent.status(), null, 2));
      return 0;
    }
    if (command !== "run") throw new UsageError(`unknown command ${command} (enroll, run, status)`);
    if (settings.once) {
      await agent.recover();
      const { outcome } = await agent.cycle();
      return outcome && (outcome.status === "failed" || outcome.status === "rolled_back") ? 1 : 0;
    }
    process.once("SIGTERM", () => agent.stop());
    process.once("SIGINT", () => agent.stop());
    await agent.run();
    return 0;
  } catch (error) {
    console.error(`labnet-agent: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
