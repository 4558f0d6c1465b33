// The router's tinc key pair is made on the router (`tincd -K`); only the public key comes here.
// It is stored on every site the router serves, and the next publish puts it in every site's
// hosts file.
import { auditedTransaction } from "../audit";
import type { Database } from "../db";
import { agentCaller } from "./agents";
import type { AgentIdentity } from "./reports";

export async function storeTincPublicKey(
  db: Database,
  requestId: string,
  agent: AgentIdentity,
  publicKey: string,
): Promise<{ sites: string[]; changed: string[] }> {
  const ctx = { db, requestId, teamId: agent.organizationId, caller: agentCaller(agent) };
  return auditedTransaction(ctx, async (tx, record) => {
    const sites = await tx.site.findMany({
      where: { routerId: agent.machineId, organizationId: agent.organizationId },
      select: { id: true, tincName: true, publicKey: true },
    });
    const changed = sites.filter((site) => site.publicKey?.trim() !== publicKey);
    for (const site of changed) {
      await tx.site.update({
        where: { id: site.id },
        data: { publicKey, version: { increment: 1 } },
      });
      record({
        action: "site.publicKey.upload",
        entityType: "site",
        entityId: site.id,
        before: { publicKey: site.publicKey ? "(a different key)" : null },
        after: { tincName: site.tincName, publicKey },
      });
    }
    return { sites: sites.map((site) => site.tincName), changed: changed.map((site) => site.tincName) };
  });
}
