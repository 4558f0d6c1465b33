// What the web server and the route handlers need at the edge of labnet: origin trust, client
// addresses behind proxies and body limits. Light on purpose: apps/web/server.ts loads it outside
// Next.js, before the routers and the database exist.
export {
  BodyTooLargeError,
  bodyLimits,
  readBody,
  readTextBody,
  tooLargeResponse,
  withBodyLimit,
} from "./body";
export { parseTrustedProxies, rewriteForwardedHeaders, type TrustedProxies } from "./client-address";
export {
  type OriginPolicy,
  originPolicyFromEnv,
  originRefusal,
  requestOwnOrigin,
  sameOriginRefusal,
  trustedOriginsFor,
} from "./origin";
