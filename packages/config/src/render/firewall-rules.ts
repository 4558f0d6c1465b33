// Rules the router needs beyond the model's own (inbound tinc, the seed's samba-on-WAN rules):
// derived in @labnet/model so that sim judges the same list that config renders.
import { effectiveFirewallRules as deriveRules, type FirewallRule } from "@labnet/model";
import type { RouterContext } from "../context";

/** The model's rules plus the derived ones it does not already cover, in a stable order. */
export function effectiveFirewallRules(context: RouterContext): FirewallRule[] {
  const published = context.sites.filter(({ site }) => site.publicAddress !== null);
  return deriveRules(
    context.router,
    published.map(({ intranet }) => ({ netname: intranet.netname, port: intranet.port })),
  );
}
