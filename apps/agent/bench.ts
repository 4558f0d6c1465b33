// `npm run bench -- agents`: the conditional poll a fleet sends every ~30 s, and the agents' idle
// memory. The 304 path runs the same `(Request) => Response` handler the web app mounts, served by
// node:http in this process, side by side with a bare node:http server that only answers 304.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createAgentTestbed, serveFetchHandler } from "@labnet/api/agent/testing";
import { createTestDatabase } from "@labnet/db/testing";
import autocannon from "autocannon";
import type { Benchmark, BenchmarkResult } from "../../bench/types";

const run = promisify(execFile);
const connections = 100;
const seconds = 4;
/** Rounds alternate labnet and bare, so a busy neighbour on the machine slows both alike. */
const rounds = 3;

async function load(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const answered = result["3xx"] ?? 0;
  if (result.errors > 0 || answered === 0) {
    throw new Error(
      `load run against ${url}: ${result.errors} errors, ${answered} 304s, ${result["2xx"]} 2xx`,
    );
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function bareServer() {
  const server = createServer((_request, response) => {
    response.writeHead(304, { etag: '"x"' });
    response.end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

/** A labnet agent API on a fresh test database, with one enrolled agent and a published revision. */
async function labnet() {
  const database = await createTestDatabase();
  const bed = await createAgentTestbed(database.prisma, { pollIntervalSeconds: 3600 });
  await bed.publish();
  const server = await serveFetchHandler(bed.handler);
  const close = async () => {
    await server.close();
    await bed.close();
    await database.drop();
  };
  return { bed, server, close };
}

export const benchmarks: Benchmark[] = [
  {
    area: "agents",
    name: `conditional poll (304), ${connections} connections, vs bare node:http 304`,
    goal: "≥ 50 % of bare",
    async run(): Promise<BenchmarkResult[]> {
      const { bed, server, close } = await labnet();
      const bare = await bareServer();
      try {
        const { agentToken } = await bed.enroll("berlin-router");
        const first = await bed.call("/config", { token: agentToken });
        const etag = first.headers.get("etag")!;
        const headers = { authorization: `Bearer ${agentToken}`, "if-none-match": etag };
        await load(`${server.url}/api/agent/v1/config`, headers); // warm-up
        const labnetRuns: { rps: number; p99: number }[] = [];
        const bareRuns: { rps: number; p99: number }[] = [];
        for (let round = 0; round < rounds; round++) {
          labnetRuns.push(await load(`${server.url}/api/agent/v1/config`, headers));
          bareRuns.push(await load(bare.url, {}));
        }
        const best = (runs: { rps: number; p99: number }[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
        const labnetRun = best(labnetRuns);
        const bareRun = best(bareRuns);
        const ratio = labnetRun.rps / bareRun.rps;
        return [
          {
            value: labnetRun.rps,
            unit: "req/s",
            ok: ratio >= 0.5,
            note: `labnet p99 ${labnetRun.p99} ms; ${Math.round(ratio * 100)} % of bare (${Math.round(bareRun.rps)} req/s, p99 ${bareRun.p99} ms); best of ${rounds} alternating ${seconds} s rounds; database ${process.env.TEST_DATABASE_URL ? "postgres" : "embedded"}`,
          },
        ];
      } finally {
        await bare.close();
        await close();
      }
    },
  },
  {
    area: "agents",
    name: "idle RSS: Node agent (dist/labnet-agent.mjs) and shell agent (busybox sh)",
    goal: "Node < 40 MB",
    async run(): Promise<BenchmarkResult[]> {
      await run("npm", ["run", "build"], { cwd: import.meta.dirname });
      const { bed, server, close } = await labnet();
      const work = await mkdtemp(join(tmpdir(), "labnet-agent-bench-"));
      const children: ReturnType<typeof spawn>[] = [];
      try {
        const stateDir = join(work, "node");
        const agentFile = join(import.meta.dirname, "dist", "labnet-agent.mjs");
        const token = await bed.enrollmentToken("berlin-router");
        await run(process.execPath, [
          agentFile,
          "enroll",
          "--server",
          server.url,
          "--token",
          token,
          "--state-dir",
          stateDir,
        ]);
        const node = spawn(process.execPath, [
          agentFile,
          "run",
          "--state-dir",
          stateDir,
          "--root",
          join(work, "root"),
        ]);
        children.push(node);
        const results: BenchmarkResult[] = [];
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        const nodeKb = await rssKb(node.pid!);
        results.push({
          value: nodeKb / 1024,
          unit: "MB",
          ok: nodeKb / 1024 < 40,
          note: "after enrolling, applying one revision and idling in its poll sleep; a bare `node -e setTimeout` idles at ~40 MB here",
        });

        const busybox = await run("sh", ["-c", "command -v busybox"]).then(
          (r) => r.stdout.trim(),
          () => "",
        );
        if (busybox) {
          const shellState = join(work, "shell");
          const script = join(import.meta.dirname, "openwrt", "labnet-agent.sh");
          const env = { ...process.env, LABNET_STATE_DIR: shellState, LABNET_ROOT: join(work, "shell-root") };
          await run(
            busybox,
            ["sh", script, "enroll", server.url, await bed.enrollmentToken("munich-router")],
            { env },
          );
          const shell = spawn(busybox, ["sh", script, "run"], { env, stdio: "ignore" });
          children.push(shell);
          await new Promise((resolve) => setTimeout(resolve, 5_000));
          const shellKb = await rssKb(shell.pid!);
          results.push({
            value: shellKb / 1024,
            unit: "MB",
            ok: true,
            note: "shell agent: the busybox sh process while it sleeps between polls (plus a `sleep` process while idle)",
          });
        }
        return results;
      } finally {
        await Promise.all(
          children.map(async (child) => {
            child.kill("SIGTERM");
            if (child.exitCode === null) await once(child, "exit");
          }),
        );
        await close();
        await rm(work, { recursive: true, force: true });
      }
    },
  },
];
