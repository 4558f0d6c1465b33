import { appRouter, type Caller, createContext } from "@labnet/api";
import { BodyTooLargeError, bodyLimits, sameOriginRefusal, withBodyLimit } from "@labnet/api/edge";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

/** Procedures that take whole files (model import, router-file import) get the larger limit. */
const importProcedures = /^(model|importer)\./;

function bodyLimit(request: Request): number {
  const procedures = new URL(request.url).pathname.replace(/^\/api\/trpc\//, "").split(",");
  return procedures.some((path) => importProcedures.test(path)) ? bodyLimits.trpcImport : bodyLimits.trpc;
}

/**
 * Why a POST is refused before anything runs, or null. A mutation changes data with the caller's
 * cookies, so it must come from labnet's own page (CSRF) and be JSON: tRPC would also take
 * multipart/form-data, which any site can make a browser send without asking first. A bearer API
 * token is sent by a script, never attached by a browser on its own, so it needs no origin.
 */
function refusal(request: Request): TRPCError | null {
  if (request.method !== "POST") return null;
  const bearer = request.headers.get("authorization")?.toLowerCase().startsWith("bearer ") ?? false;
  const foreign = bearer ? null : sameOriginRefusal(runtime().origins, request.headers);
  if (foreign) return new TRPCError({ code: "FORBIDDEN", message: foreign });
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return new TRPCError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: `labnet's API takes JSON: send Content-Type: application/json (got ${type ?? "none"}).`,
    });
  }
  return null;
}

async function handler(incoming: Request) {
  const { db, resolveCaller } = runtime();
  // A refused request's body is never read: tRPC answers every call in it with the refusal.
  const bodiless = () =>
    new Request(incoming.url, { method: "POST", headers: { "content-type": "application/json" } });
  let refused = refusal(incoming);
  let request = incoming;
  // Resolved before the body when the body may be file-sized; the context then reuses it.
  let caller: Caller | null = null;
  if (refused) {
    request = bodiless();
  } else {
    const limit = bodyLimit(incoming);
    try {
      // Only a signed-in caller may make the server hold a file-sized body in memory.
      if (limit > bodyLimits.trpc && incoming.method === "POST") {
        caller = await resolveCaller(incoming.headers);
        if (!caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
      }
      request = await withBodyLimit(incoming, limit);
    } catch (error) {
      if (error instanceof TRPCError) refused = error;
      else if (error instanceof BodyTooLargeError)
        refused = new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: error.message });
      else throw error;
      request = bodiless();
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => {
      if (refused) throw refused;
      return createContext({
        db,
        headers: request.headers,
        resolveCaller: caller ? async () => caller : resolveCaller,
      });
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
