// The agent step: where each router's files come from. By default the harness renders them itself;
// with `labnetAgents()` the scenario's model goes into a labnet database, a revision is published,
// and the real Node agent inside each router namespace enrolls, fetches its bundle over the agent
// API and applies it under a per-router root — those files are what the routers then run.
//
// Network safety: the agent API listens on a unix socket in the run's temp folder (filesystem
// sockets cross network namespaces); inside each router namespace a relay on that namespace's own
// loopback (127.0.0.1:8080) forwards to it. The root namespace gets no lab address, route or port.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createAgentTestbed, serveFetchHandlerOnSocket } from "@labnet/api/agent/testing";
import { type BundleFile, renderBundles } from "@labnet/config";
import { run, until } from "@labnet/config/proof";
import { createTestDatabase, type TestDatabase } from "@labnet/db/testing";
import type { NetworkModel } from "@labnet/model";
import type { Netns } from "./netns";
import type { EmulationPlan } from "./plan";

export interface AgentContext {
  lab: Netns;
  plan: EmulationPlan;
  /** The model with the run's tinc public keys; private halves in `<root>/keys/<site id>`. */
  model: NetworkModel;
  root: string;
}

export interface RouterFiles {
  /** Model machine id → the files that router installs. */
  files: Map<string, BundleFile[]>;
  /** One line for the report: where the files came from. */
  note: string;
}

export interface AgentHook {
  routerFiles(context: AgentContext): Promise<RouterFiles>;
  /** Releases what the hook holds across runs (its database). */
  close(): Promise<void>;
}

export const renderedFiles: AgentHook = {
  async routerFiles({ model }) {
    const files = new Map(renderBundles(model, { revision: "emulated" }).map((b) => [b.machineId, b.files]));
    return { files, note: "rendered files installed directly (no agent step)" };
  },
  async close() {},
};

const agentApp = fileURLToPath(new URL("../../apps/agent", import.meta.url));
const agentScript = join(agentApp, "dist", "labnet-agent.mjs");
const RELAY_PORT = 8080;

/** Forwards each TCP connection on the namespace's loopback to the agent API's unix socket. */
const relayScript = (socketPath: string) => `
const net = require("node:net");
net.createServer((client) => {
  const upstream = net.connect(${JSON.stringify(socketPath)});
  client.pipe(upstream).pipe(client);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.on("error", close); upstream.on("error", close);
}).listen(${RELAY_PORT}, "127.0.0.1");`;

/** Builds the agent from its current source (esbuild, well under a second): a stale dist/ would test old code. */
async function buildAgent(): Promise<void> {
  const built = await run("npm", ["run", "build", "-w", "@labnet/agent"], 120_000);
  if (built.code !== 0 || !existsSync(agentScript))
    throw new Error(
      `could not build the agent (npm run build -w @labnet/agent): ${built.stderr.slice(-2000)}`,
    );
}

/** Every file the agent wrote under its root, as bundle files (its own private key left out). */
export async function filesUnder(root: string): Promise<BundleFile[]> {
  const files: BundleFile[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === "rsa_key.priv") continue;
    const full = join(entry.parentPath, entry.name);
    const content = await readFile(full, "utf8");
    files.push({
      path: `/${relative(root, full).split("\\").join("/")}`,
      content,
      mode: (await stat(full)).mode & 0o777,
      sha256: createHash("sha256").update(content).digest("hex"),
    });
  }
  return files;
}

/** The header names the revision: labnet's number against the harness's "emulated". */
const withoutRevision = (content: string | undefined) =>
  content?.replace(/model revision [^:\s]+:/g, "model revision:");

/** `<router>:<path>` for each file the agent installed that the model's rendering does not match. */
export function differingFromRendered(model: NetworkModel, applied: Map<string, BundleFile[]>): string[] {
  const differing: string[] = [];
  for (const bundle of renderBundles(model, { revision: "emulated" })) {
    const files = applied.get(bundle.machineId);
    if (!files) continue;
    const paths = new Set([...bundle.files, ...files].map((file) => file.path));
    for (const path of paths) {
      const rendered = bundle.files.find((file) => file.path === path);
      const installed = files.find((file) => file.path === path);
      if (withoutRevision(rendered?.content) !== withoutRevision(installed?.content))
        differing.push(`${bundle.machineId}:${path}`);
    }
  }
  return differing;
}

/** The real agent per router, against a labnet agent API with the model in a test database. */
export function labnetAgents(): AgentHook {
  let database: TestDatabase | null = null;
  return {
    async routerFiles({ lab, plan, model, root }) {
      if (!database) {
        await buildAgent();
        database = await createTestDatabase();
      }
      const testbed = await createAgentTestbed(database.prisma, { model });
      const socketPath = join(root, "agent-api.sock");
      const server = await serveFetchHandlerOnSocket(testbed.handler, socketPath);
      try {
        const published = await testbed.publish();
        const files = new Map<string, BundleFile[]>();
        const serverUrl = `http://127.0.0.1:${RELAY_PORT}`;
        for (const router of plan.routers) {
          const machineId = testbed.ids.get(router.machineId);
          if (!machineId) throw new Error(`${router.name} is not in the agent database`);
          lab.start(router.ns, `agent api relay ${router.name}`, [
            process.execPath,
            "-e",
            relayScript(socketPath),
          ]);
          await until(
            `${router.name}: the agent API relay listens`,
            async () => {
              const probe = await lab.exec(router.ns, [
                process.execPath,
                "-e",
                `require("node:net").connect(${RELAY_PORT}, "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))`,
              ]);
              return probe.code === 0 ? true : null;
            },
            10_000,
          );
          const agentRoot = join(root, "agent-roots", router.machineId);
          const stateDir = join(root, "agent-state", router.machineId);
          await mkdir(stateDir, { recursive: true });
          // The run's keys stand for keys already on the router: the agent must not make new ones.
          for (const site of model.sites.filter((candidate) => candidate.routerId === router.machineId)) {
            const netname = model.intranets.find((intranet) => intranet.id === site.intranetId)?.netname;
            if (!netname) continue;
            const folder = join(agentRoot, "etc", "tinc", netname);
            await mkdir(folder, { recursive: true });
            await copyFile(join(root, "keys", site.id, "rsa_key.priv"), join(folder, "rsa_key.priv"));
          }
          const agent = async (args: string[]) => {
            const result = await lab.exec(
              router.ns,
              [process.execPath, agentScript, ...args, "--server", serverUrl, "--state-dir", stateDir],
              60_000,
            );
            if (result.code !== 0)
              throw new Error(
                `${router.name}: labnet-agent ${args[0]} failed (${result.code}):\n${result.stdout}${result.stderr}`.trim(),
              );
          };
          await agent(["enroll", "--token", await testbed.enrollmentToken(router.machineId)]);
          // No path-MTU probes: the hosts files still carry the model's Addresses (the harness points
          // them at the emulated public addresses afterwards), and the harness measures path MTU itself.
          await agent(["run", "--once", "--root", agentRoot, "--probe-every", "0"]);
          const written = await filesUnder(agentRoot);
          if (written.length === 0)
            throw new Error(`${router.name}: the agent applied no files under ${agentRoot}`);
          files.set(router.machineId, written);
        }
        const count = [...files.values()].reduce((sum, list) => sum + list.length, 0);
        // The comparison is with sim's view of `model`: files that differ would measure another network.
        const differing = differingFromRendered(model, files);
        if (differing.length > 0)
          throw new Error(
            `the agent installed files that differ from this model's rendering (the database round trip changed the network): ${differing.join(", ")}`,
          );
        return {
          files,
          note: `labnet-agent fetched ${files.size} router bundle(s) over the agent API (${published.published.length} revision(s) published) and applied ${count} files under per-router roots, identical to the model's rendering; those files were installed`,
        };
      } finally {
        await server.close();
        await testbed.close();
      }
    },
    async close() {
      await database?.drop();
      database = null;
    },
  };
}
