// labnet's web server: Next.js behind a plain node:http server, so that every request's forwarded
// headers are rewritten from the socket before any route sees them (`next start` keeps whatever
// X-Forwarded-For a client sends, which let anyone pick the address the sign-in limit counts).
// `npm start` runs it from apps/web with NODE_ENV=production after the build.
import { createServer } from "node:http";
import { parseTrustedProxies, rewriteForwardedHeaders } from "@labnet/api/edge";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
let proxies: ReturnType<typeof parseTrustedProxies>;
try {
  proxies = parseTrustedProxies(process.env.LABNET_TRUSTED_PROXIES);
} catch (error) {
  console.error(`[labnet] ${(error as Error).message}`);
  process.exit(1);
}

const app = next({ dev: false, dir: import.meta.dirname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  rewriteForwardedHeaders(request.headers, request.socket.remoteAddress, proxies);
  void handle(request, response);
});
server.listen(port);

function stop() {
  server.close(() => process.exit(0));
  // Long polls and keep-alive connections would hold close() open; they are retried by clients.
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
