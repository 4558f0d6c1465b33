// GET /api/agent/v1/download[/…]: the agents themselves, served by the labnet they will talk to, so a
// router or host needs nothing but this server. Unauthenticated on purpose: the code is no secret
// (it is the same for every team), and a machine has no token before it is enrolled. Each answer
// carries the file's sha256 (ETag and the manifest), which the Agents page shows for checking.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
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
  /** A copy made once, in the type a Response body takes. */
  content: Uint8Array<ArrayBuffer>;
  sha256: string;
}

interface Served {
  version: string;
  files: Map<AgentDownloadPath, Loaded>;
  /** The answer of GET /download. */
  manifest: { version: string; files: AgentDownload[] };
}

const downloadBase = "/api/agent/v1/download";

/**
 * The agent files from `agentDir` (apps/agent) and their hashes, read once on the first request: the
 * routes need no sign-in, so a request must cost no disk I/O. A failed read is not kept, so building
 * the missing agent needs no restart; a rebuild while labnet runs is served after the next start.
 */
class AgentDownloads {
  private loading: Promise<Served> | null = null;

  constructor(private readonly agentDir: string | undefined) {}

  served(): Promise<Served> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<Served> {
    const { agentDir } = this;
    if (!agentDir) throw new AgentFilesMissing("this server was started without the agent files");
    const read = (source: string) =>
      readFile(join(agentDir, source)).catch(() => {
        throw new AgentFilesMissing(`${source} is missing on this server`);
      });
    const { version } = JSON.parse((await read("package.json")).toString("utf8")) as { version: string };
    const loaded = await Promise.all(
      agentDownloadFiles.map(async (file) => {
        const content = new Uint8Array(await read(file.source));
        return { file, content, sha256: createHash("sha256").update(content).digest("hex") };
      }),
    );
    return {
      version,
      files: new Map(loaded.map(({ file, content, sha256 }) => [file.path, { content, sha256 }])),
      manifest: {
        version,
        files: loaded.map(({ file, content, sha256 }) => ({
          name: file.path.split("/").pop()!,
          path: file.path,
          url: `${downloadBase}/${file.path}`,
          description: file.description,
          version,
          size: content.length,
          sha256,
        })),
      },
    };
  }
}

class AgentFilesMissing extends Error {
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
        return Response.json((await downloads.served()).manifest, {
          headers: { "cache-control": "no-cache" },
        });
      } catch (error) {
        return missing(error);
      }
    },
  };
  for (const { path } of agentDownloadFiles) {
    routes[`GET /download/${path}`] = async (request) => {
      try {
        const { files, version } = await downloads.served();
        const file = files.get(path)!;
        const headers = {
          etag: `"${file.sha256}"`,
          "cache-control": "no-cache",
          "labnet-agent-version": version,
          "content-disposition": `attachment; filename="${path.split("/").pop()}"`,
        };
        if (request.headers.get("if-none-match")?.includes(file.sha256)) {
          return new Response(null, { status: 304, headers });
        }
        return new Response(file.content, {
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
