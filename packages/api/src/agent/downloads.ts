// GET /api/agent/v1/download[/…]: the agents themselves, served by the labnet they will talk to, so a
// router or host needs nothing but this server. Unauthenticated on purpose: the code is no secret
// (it is the same for every team), and a machine has no token before it is enrolled. Each answer
// carries the file's sha256 (ETag and the manifest), which the Agents page shows for checking.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/** The files labnet serves, by their path under /download/, and where they are in apps/agent. */
export const agentDownloadFiles = [
  {
    path: "labnet-agent.mjs",
    source: "dist/labnet-agent.mjs",
    description: "Node agent for Linux and Windows hosts: one file, needs Node.js 20 or newer",
  },
  {
    path: "openwrt/labnet-agent.sh",
    source: "openwrt/labnet-agent.sh",
    description: "OpenWrt shell agent (busybox sh): install as /usr/sbin/labnet-agent.sh",
  },
  {
    path: "openwrt/labnet-agent.init",
    source: "openwrt/labnet-agent.init",
    description: "procd init script of the shell agent: install as /etc/init.d/labnet-agent",
  },
] as const;

export type AgentDownloadPath = (typeof agentDownloadFiles)[number]["path"];

export interface AgentDownload {
  name: string;
  path: AgentDownloadPath;
  /** Absolute path on this server: /api/agent/v1/download/<path>. */
  url: string;
  description: string;
  /** apps/agent's package version; the sha256 tells builds of one version apart. */
  version: string;
  size: number;
  sha256: string;
}

interface Loaded {
  mtimeMs: number;
  size: number;
  content: Buffer;
  sha256: string;
}

const downloadBase = "/api/agent/v1/download";

/**
 * Reads the agent files from `agentDir` (apps/agent). The content and its hash are cached while the
 * file's mtime and size stay the same, so a rebuild of the agent is served at once.
 */
export class AgentDownloads {
  private readonly cache = new Map<string, Loaded>();

  constructor(readonly agentDir: string | undefined) {}

  async version(): Promise<string> {
    const manifest = JSON.parse(await readFile(this.resolve("package.json"), "utf8")) as { version: string };
    return manifest.version;
  }

  async list(): Promise<{ version: string; files: AgentDownload[] }> {
    const version = await this.version();
    const files = await Promise.all(
      agentDownloadFiles.map(async (file) => {
        const loaded = await this.load(file.source);
        return {
          name: file.path.split("/").pop()!,
          path: file.path,
          url: `${downloadBase}/${file.path}`,
          description: file.description,
          version,
          size: loaded.size,
          sha256: loaded.sha256,
        };
      }),
    );
    return { version, files };
  }

  async file(path: AgentDownloadPath): Promise<Loaded> {
    const file = agentDownloadFiles.find((candidate) => candidate.path === path)!;
    return this.load(file.source);
  }

  private resolve(source: string): string {
    if (!this.agentDir) throw new AgentFilesMissing("this server was started without the agent files");
    return join(this.agentDir, source);
  }

  private async load(source: string): Promise<Loaded> {
    const file = this.resolve(source);
    const info = await stat(file).catch(() => {
      throw new AgentFilesMissing(`${source} is missing on this server`);
    });
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const content = await readFile(file);
    const loaded = {
      mtimeMs: info.mtimeMs,
      size: content.length,
      content,
      sha256: createHash("sha256").update(content).digest("hex"),
    };
    this.cache.set(file, loaded);
    return loaded;
  }
}

export class AgentFilesMissing extends Error {
  override name = "AgentFilesMissing";
}

function missing(error: unknown): Response {
  if (!(error instanceof AgentFilesMissing)) throw error;
  return Response.json(
    {
      error: {
        code: "agent_files_missing",
        message: `${error.message}: build them with \`npm run build -w @labnet/agent\` (npm start and the Docker image do).`,
      },
    },
    { status: 503 },
  );
}

/** The download routes, keyed "GET /download/…" like the agent API's other routes. */
export function agentDownloadRoutes(
  agentDir: string | undefined,
): Record<string, (request: Request) => Promise<Response>> {
  const downloads = new AgentDownloads(agentDir);
  const routes: Record<string, (request: Request) => Promise<Response>> = {
    "GET /download": async () => {
      try {
        return Response.json(await downloads.list(), { headers: { "cache-control": "no-cache" } });
      } catch (error) {
        return missing(error);
      }
    },
  };
  for (const { path } of agentDownloadFiles) {
    routes[`GET /download/${path}`] = async (request) => {
      try {
        const [file, version] = await Promise.all([downloads.file(path), downloads.version()]);
        const headers = {
          etag: `"${file.sha256}"`,
          "cache-control": "no-cache",
          "labnet-agent-version": version,
          "content-disposition": `attachment; filename="${path.split("/").pop()}"`,
        };
        if (request.headers.get("if-none-match")?.includes(file.sha256)) {
          return new Response(null, { status: 304, headers });
        }
        return new Response(new Uint8Array(file.content), {
          status: 200,
          headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
        });
      } catch (error) {
        return missing(error);
      }
    };
  }
  return routes;
}
