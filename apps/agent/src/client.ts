// The agent protocol. Agents speak only this versioned API, never the database.
import { type HttpResponse, header, send } from "./http";

export interface BundleFile {
  path: string;
  content: string;
  mode: number;
  sha256: string;
}

export interface DesiredConfig {
  revision: number;
  sha256: string;
  machine: { id: string; name: string; kind: string };
  files: BundleFile[];
  reloadCommands: string[];
}

export type PollResult =
  | { kind: "changed"; config: DesiredConfig; pollAfterSeconds: number; rotate: boolean }
  | { kind: "unchanged" | "nothing-published"; pollAfterSeconds: number; rotate: boolean };

export class ProtocolError extends Error {
  constructor(
    /** The HTTP status labnet answered; 0 when it could not be reached. */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}

const timeoutMs = 30_000;

export class AgentClient {
  constructor(
    readonly server: string,
    private token: string,
    private readonly userAgent: string,
  ) {}

  setToken(token: string) {
    this.token = token;
  }

  async poll(currentSha: string | null, waitSeconds = 0): Promise<PollResult> {
    const query = waitSeconds > 0 ? `?wait=${waitSeconds}` : "";
    const response = await this.request(
      "GET",
      `/config${query}`,
      undefined,
      currentSha ? { "if-none-match": `"${currentSha}"` } : {},
      timeoutMs + waitSeconds * 1000,
    );
    const pollAfterSeconds = Number(header(response, "labnet-poll-after") ?? 30);
    const rotate = header(response, "labnet-rotate-token") === "1";
    if (response.status === 304) return { kind: "unchanged", pollAfterSeconds, rotate };
    if (response.status === 204) return { kind: "nothing-published", pollAfterSeconds, rotate };
    return { kind: "changed", config: JSON.parse(response.body) as DesiredConfig, pollAfterSeconds, rotate };
  }

  async ping(): Promise<void> {
    await this.request("GET", "/ping");
  }

  async rotateToken(): Promise<string> {
    const response = await this.request("POST", "/token/rotate");
    return (JSON.parse(response.body) as { agentToken: string }).agentToken;
  }

  async send(
    method: string,
    path: string,
    body: string,
    contentType = "application/json",
  ): Promise<HttpResponse> {
    return this.request(method, path, body, { "content-type": contentType });
  }

  private async request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
    limit = timeoutMs,
  ): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await send(`${this.server}/api/agent/v1${path}`, {
        method,
        body,
        headers: { authorization: `Bearer ${this.token}`, "user-agent": this.userAgent, ...headers },
        timeoutMs: limit,
      });
    } catch (error) {
      const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ProtocolError(0, `labnet at ${this.server} is unreachable (${cause})`);
    }
    if ((response.status >= 200 && response.status < 300) || response.status === 304) return response;
    let message = response.body.slice(0, 500);
    try {
      message = (JSON.parse(response.body) as { error: { message: string } }).error.message;
    } catch {}
    throw new ProtocolError(response.status, `${method} ${path}: ${response.status} ${message}`);
  }
}

export async function enroll(
  server: string,
  enrollmentToken: string,
  facts: { hostname: string; platform: string; agentVersion: string; macs: string[] },
) {
  let response: HttpResponse;
  try {
    response = await send(`${server}/api/agent/v1/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ enrollmentToken, facts }),
      timeoutMs,
    });
  } catch (error) {
    throw new ProtocolError(0, `labnet at ${server} is unreachable (${(error as Error).message})`);
  }
  let body: {
    agentId?: string;
    agentToken?: string;
    machine?: { id: string; name: string; kind: string };
    error?: { message: string };
  } = {};
  try {
    body = JSON.parse(response.body);
  } catch {}
  if (response.status !== 201 || !body.agentToken) {
    throw new ProtocolError(
      response.status,
      `enrollment refused: ${body.error?.message ?? `HTTP ${response.status}`}`,
    );
  }
  return body as { agentId: string; agentToken: string; machine: { id: string; name: string; kind: string } };
}
