// The agent's life: enroll once; then recover any interrupted apply, and poll → apply → report →
// observe, sleeping as long as labnet says between polls.
import { exec } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { networkInterfaces, hostname as osHostname } from "node:os";
import { join } from "node:path";
import { type ApplyOutcome, applyConfig, recoverInterruptedApply, writeAtomically } from "./apply";
import { AgentClient, type DesiredConfig, enroll, ProtocolError } from "./client";
import type { AgentSettings } from "./config";
import { observe } from "./observe";
import { defaultTargets, probeTargets } from "./pmtu";
import { Spool } from "./spool";
import { ensureTincKey, tincNetworks } from "./tinc-key";
import { observeTincPeers } from "./tinc-peers";
import { agentVersion } from "./version";

interface Credentials {
  server: string;
  agentId: string;
  agentToken: string;
  machine: { id: string; name: string; kind: string };
}

interface RevisionRecord {
  revision: number;
  sha256: string;
  at: number;
}

/** What `labnet-agent status` shows besides the revision records: kept in status.json. */
interface RunRecord {
  lastPollAt: string | null;
  lastError: { at: string; message: string } | null;
}

const retryFailedAfterMs = 10 * 60_000;

async function readJsonFile<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return null;
  }
}

const readRecord = (file: string) => readJsonFile<RevisionRecord>(file);

const revisionView = (record: RevisionRecord | null) =>
  record && { revision: record.revision, sha256: record.sha256, at: new Date(record.at).toISOString() };

export class Agent {
  private readonly spool: Spool;
  private client: AgentClient | null = null;
  private credentials: Credentials | null = null;
  private lastObservedAt = 0;
  private lastProbedAt = 0;
  private probing: Promise<void> | null = null;
  /** Why tinc peers or probes are missing, logged once rather than every cycle. */
  private readonly reportedProblems = new Set<string>();
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly settings: AgentSettings,
    private readonly log: (line: string) => void = (line) => console.log(`[labnet-agent] ${line}`),
  ) {
    this.spool = new Spool(join(settings.stateDir, "spool"), this.log);
  }

  private get credentialsFile() {
    return join(this.settings.stateDir, "credentials.json");
  }

  private get appliedFile() {
    return join(this.settings.stateDir, "applied.json");
  }

  private get failedFile() {
    return join(this.settings.stateDir, "failed.json");
  }

  private get runFile() {
    return join(this.settings.stateDir, "status.json");
  }

  async enroll(enrollmentToken: string): Promise<Credentials> {
    if (!this.settings.server) throw new Error("--server is required to enroll (labnet's URL)");
    const facts = {
      hostname: this.settings.hostname ?? osHostname(),
      platform: `${process.platform}-${process.arch}`,
      agentVersion,
      macs: [
        ...new Set(
          Object.values(networkInterfaces())
            .flat()
            .map((address) => address?.mac)
            .filter((mac): mac is string => Boolean(mac) && mac !== "00:00:00:00:00:00"),
        ),
      ],
    };
    const enrolled = await enroll(this.settings.server, enrollmentToken, facts);
    const credentials = { server: this.settings.server, ...enrolled };
    await this.saveCredentials(credentials);
    this.log(`enrolled as agent ${enrolled.agentId} for ${enrolled.machine.name} (${enrolled.machine.kind})`);
    return credentials;
  }

  /** One cycle: the spool, a poll, an apply when changed, observations when due. */
  async cycle(): Promise<{ outcome: ApplyOutcome | null; pollAfterSeconds: number }> {
    try {
      return await this.cycleSteps();
    } catch (error) {
      await this.recordRun({ error: (error as Error).message });
      throw error;
    }
  }

  private async cycleSteps(): Promise<{ outcome: ApplyOutcome | null; pollAfterSeconds: number }> {
    const client = await this.connect();
    const before = await this.spool.flush(client);
    const poll = await client.poll(await this.knownSha(), this.settings.once ? 0 : this.settings.waitSeconds);
    await this.recordRun({ polled: true, error: before.error });
    if (poll.rotate) await this.rotateToken(client);
    let outcome: ApplyOutcome | null = null;
    if (poll.kind === "changed") {
      outcome = await this.apply(poll.config, client);
    } else if (poll.kind === "nothing-published") {
      this.log("nothing published for this machine yet");
    }
    if (
      !this.settings.dryRun &&
      Date.now() - this.lastObservedAt >= this.settings.observeEverySeconds * 1000
    ) {
      await this.sendObservations();
    }
    // One cycle and exit: the probes must be measured and sent before the process ends.
    if (this.settings.once) await this.probing;
    const after = await this.spool.flush(client, outcome !== null);
    const applyError =
      outcome?.status === "failed" || outcome?.status === "rolled_back" ? outcome.error : null;
    await this.recordRun({ error: applyError ?? after.error });
    return { outcome, pollAfterSeconds: poll.pollAfterSeconds };
  }

  /** Notes a poll (its time) and an error (kept until the next error replaces it). */
  private async recordRun(event: { polled?: boolean; error?: string | null }) {
    if (!event.polled && !event.error) return;
    const now = new Date().toISOString();
    const record: RunRecord = (await readJsonFile<RunRecord>(this.runFile)) ?? {
      lastPollAt: null,
      lastError: null,
    };
    if (event.polled) record.lastPollAt = now;
    if (event.error) record.lastError = { at: now, message: event.error };
    await mkdir(this.settings.stateDir, { recursive: true, mode: 0o700 });
    await writeAtomically(this.runFile, JSON.stringify(record), 0o600);
  }

  /** `labnet-agent status`: what is applied, when labnet was last polled, what went wrong last. */
  async status() {
    const [credentials, applied, failed, run, pending, parked] = await Promise.all([
      readJsonFile<Credentials>(this.credentialsFile),
      readRecord(this.appliedFile),
      readRecord(this.failedFile),
      readJsonFile<RunRecord>(this.runFile),
      this.spool.pending(),
      this.spool.parked(),
    ]);
    return {
      enrolled: credentials !== null,
      server: this.settings.server ?? credentials?.server ?? null,
      agentId: credentials?.agentId ?? null,
      machine: credentials?.machine ?? null,
      applied: revisionView(applied),
      // A failed apply matters only until a later apply succeeded.
      lastFailed: failed && failed.at > (applied?.at ?? 0) ? revisionView(failed) : null,
      lastPollAt: run?.lastPollAt ?? null,
      lastError: run?.lastError ?? null,
      pendingReports: pending.length,
      parkedReports: parked.length,
      parkedDir: this.spool.parkedDir,
    };
  }

  /** Runs as a service until stop(). */
  async run(): Promise<void> {
    await this.recover();
    let failures = 0;
    while (!this.stopping) {
      let pause: number;
      try {
        pause = (await this.cycle()).pollAfterSeconds;
        failures = 0;
      } catch (error) {
        failures++;
        if (error instanceof ProtocolError && error.status === 401) {
          pause = 300;
        } else {
          // 5 s, 10 s, 20 s … up to 5 minutes while labnet is away.
          pause = Math.min(300, 5 * 2 ** (failures - 1));
        }
        this.log(`${(error as Error).message}; next try in ${pause} s`);
      }
      await this.sleep(pause);
    }
  }

  stop() {
    this.stopping = true;
    this.wake?.();
  }

  /** An apply interrupted by a crash or power loss is rolled back and reported. */
  async recover(): Promise<void> {
    const recovered = await recoverInterruptedApply(this.settings.stateDir, this.log);
    if (recovered) await this.spoolReport(recovered.revision, recovered.sha256, recovered.outcome);
  }

  private async apply(config: DesiredConfig, client: AgentClient): Promise<ApplyOutcome> {
    this.log(`revision ${config.revision} (${config.files.length} files) is desired: applying`);
    const outcome = await applyConfig(config, {
      root: this.settings.root,
      stateDir: this.settings.stateDir,
      dryRun: this.settings.dryRun,
      runReload: this.settings.runReload,
      healthCheck: () => this.healthCheck(client),
      log: this.log,
    });
    if (outcome.status === "dry-run") return outcome;
    await this.spoolReport(config.revision, config.sha256, outcome);
    const record = { revision: config.revision, sha256: config.sha256, at: Date.now() };
    if (outcome.status !== "applied") await writeAtomically(this.failedFile, JSON.stringify(record), 0o600);
    if (outcome.status === "applied") {
      await writeAtomically(this.appliedFile, JSON.stringify(record), 0o600);
      await this.uploadTincKeys(config, client);
    } else {
      this.log(`revision ${config.revision} ${outcome.status}: ${outcome.error}`);
    }
    return outcome;
  }

  private async healthCheck(client: AgentClient): Promise<string | null> {
    const deadline = Date.now() + this.settings.healthTimeoutSeconds * 1000;
    let lastError = "";
    for (;;) {
      try {
        await client.ping();
        break;
      } catch (error) {
        lastError = (error as Error).message;
        if (Date.now() >= deadline) return `labnet unreachable after the reload: ${lastError}`;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    const command = this.settings.healthCheck;
    if (!command) return null;
    return new Promise((resolve) => {
      exec(command, { timeout: 60_000 }, (error, stdout, stderr) =>
        resolve(
          error
            ? `\`${command}\` exited ${error.code ?? error.signal}: ${`${stdout}${stderr}`.trim().slice(-300)}`
            : null,
        ),
      );
    });
  }

  private async spoolReport(revision: number, sha256: string, outcome: ApplyOutcome) {
    await this.spool.add({
      method: "POST",
      path: "/reports",
      label: `report ${outcome.status} for revision ${revision}`,
      body: JSON.stringify({
        reportId: randomUUID(),
        revision,
        sha256,
        status: outcome.status,
        startedAt: outcome.startedAt,
        finishedAt: outcome.finishedAt,
        log: outcome.log,
        error: outcome.error,
      }),
    });
  }

  private async sendObservations() {
    const observations = await observe(this.settings.root, this.settings.leaseFile);
    const tinc = await observeTincPeers(this.settings.root);
    for (const problem of tinc?.problems ?? []) this.logOnce(`tinc peers ${problem}`);
    await this.spool.add({
      method: "POST",
      path: "/observations",
      label: "observations",
      body: JSON.stringify({
        batchId: randomUUID(),
        observedAt: new Date().toISOString(),
        ...observations,
        ...(tinc && (tinc.peers.length > 0 || tinc.problems.length === 0) ? { tincPeers: tinc.peers } : {}),
      }),
    });
    this.lastObservedAt = Date.now();
    // Probes can take a minute (unanswering targets): they run beside the poll loop and are sent as
    // their own batch, so a publish is never applied late because of them.
    if (!this.probing) {
      this.probing = this.probeWhenDue()
        .then(async (pmtuProbes) => {
          if (!pmtuProbes) return;
          await this.spool.add({
            method: "POST",
            path: "/observations",
            label: "path-MTU probes",
            body: JSON.stringify({ batchId: randomUUID(), observedAt: new Date().toISOString(), pmtuProbes }),
          });
        })
        .catch((error) => this.log(`path-MTU probes failed: ${(error as Error).message}`))
        .finally(() => {
          this.probing = null;
        });
    }
  }

  /** Path-MTU probes every --probe-every seconds (a few observation rounds), not every poll. */
  private async probeWhenDue() {
    const every = this.settings.probeEverySeconds;
    if (every === 0 || Date.now() - this.lastProbedAt < every * 1000) return null;
    this.lastProbedAt = Date.now();
    const targets = await defaultTargets(
      this.settings.root,
      this.settings.probeTargets,
      this.settings.maxProbeTargets,
    );
    if (targets.length === 0) {
      this.logOnce("no path-MTU probe targets: no tinc hosts with an Address and no --probe-targets");
      return null;
    }
    const probes = await probeTargets(targets);
    this.log(
      `path MTU: ${probes.map((probe) => `${probe.target} ${probe.pathMtu ?? "no answer"}`).join(", ")}`,
    );
    return probes;
  }

  private logOnce(line: string) {
    if (this.reportedProblems.has(line)) return;
    this.reportedProblems.add(line);
    this.log(line);
  }

  private async uploadTincKeys(config: DesiredConfig, client: AgentClient) {
    for (const network of tincNetworks(config)) {
      const publicKey = await ensureTincKey(this.settings.root, network, this.log);
      if (!publicKey) continue;
      try {
        await client.send("PUT", "/tinc-key", JSON.stringify({ publicKey }));
        this.log(
          `uploaded the public tinc key of ${network.name}; the next publish puts it in every site's hosts file`,
        );
      } catch (error) {
        this.log(
          `could not upload the tinc public key: ${(error as Error).message} (retried after the next apply)`,
        );
      }
    }
  }

  private async rotateToken(client: AgentClient) {
    const credentials = this.credentials!;
    const agentToken = await client.rotateToken();
    // Saved before use: the old token stays valid until labnet sees the new one.
    await this.saveCredentials({ ...credentials, agentToken });
    client.setToken(agentToken);
    this.log("rotated the agent token as labnet asked");
  }

  private async connect(): Promise<AgentClient> {
    if (this.client) return this.client;
    try {
      this.credentials = JSON.parse(await readFile(this.credentialsFile, "utf8")) as Credentials;
    } catch {
      throw new Error(
        `not enrolled: no ${this.credentialsFile}. Run \`labnet-agent enroll --server <labnet URL> --token <enrollment token>\` first.`,
      );
    }
    const server = this.settings.server ?? this.credentials.server;
    this.client = new AgentClient(server, this.credentials.agentToken, `labnet-agent/${agentVersion}`);
    return this.client;
  }

  private async saveCredentials(credentials: Credentials) {
    await mkdir(this.settings.stateDir, { recursive: true, mode: 0o700 });
    await writeAtomically(this.credentialsFile, JSON.stringify(credentials, null, 2), 0o600);
    this.credentials = credentials;
  }

  /**
   * The hash sent as If-None-Match: the applied revision's, or for 10 minutes after a failed apply
   * that revision's, so a broken revision is retried every 10 minutes rather than on every poll.
   */
  private async knownSha(): Promise<string | null> {
    const [applied, failed] = await Promise.all([readRecord(this.appliedFile), readRecord(this.failedFile)]);
    if (
      failed &&
      Date.now() - failed.at < retryFailedAfterMs &&
      failed.revision >= (applied?.revision ?? 0)
    ) {
      return failed.sha256;
    }
    return applied?.sha256 ?? null;
  }

  private sleep(seconds: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, seconds * 1000);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
