// Request bodies are read as a stream and counted: a request over its route's limit is refused
// with 413 as soon as the limit is passed (or at once, from Content-Length), instead of after the
// whole upload sat in memory. Every route that reads a body goes through `readBody`.

/** The largest body each route accepts, in bytes. docs/security.md and the README list them. */
export const bodyLimits = {
  /** better-auth: sign-in, sign-up, sign-out, password change — a few short fields. */
  auth: 64 * 1024,
  /** tRPC calls (one or a batch), except the file imports below. */
  trpc: 4 * 1024 * 1024,
  /** tRPC model import/check and router-file import: up to 20 MB of model or 60 files of 1 MB as JSON text. */
  trpcImport: 64 * 1024 * 1024,
  /** The agent API: reports, observations, lease files, tinc keys. */
  agent: 2 * 1024 * 1024,
} as const;

export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`The request body is larger than this route accepts (${formatBytes(limit)}).`);
    this.name = "BodyTooLargeError";
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * The whole body, at most `limit` bytes. Throws BodyTooLargeError when Content-Length announces more,
 * or as soon as the streamed bytes pass the limit (the stream is cancelled, so the rest is not read).
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function readTextBody(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBody(request, limit));
}

/**
 * The same request with its body read (within `limit`) into memory, for handlers that read the
 * body themselves (tRPC, better-auth). GET and HEAD pass through unchanged.
 */
export async function withBodyLimit(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readBody(request, limit);
  // duplex is required by Node for a body on a copied request; RequestInit lacks it in the types.
  return new Request(request, { body, duplex: "half" } as RequestInit);
}

/** The 413 answer of the routes that have no error format of their own (better-auth's). */
export function tooLargeResponse(error: BodyTooLargeError): Response {
  return Response.json({ code: "PAYLOAD_TOO_LARGE", message: error.message }, { status: 413 });
}
