import { appRouter, createContext } from "@labnet/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

function handler(request: Request) {
  const { db, resolveCaller } = runtime();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContext({ db, headers: request.headers, resolveCaller }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
