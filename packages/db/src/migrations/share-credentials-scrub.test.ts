// The data migration that takes credentials out of shares' mountOptions: rows written before the
// text policy, and their copies in the audit log, model snapshots and plan previews, lose every
// credential option and keep everything else.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ScratchDatabase } from "../scratch-database";
import { describeTitle, testTargets } from "../test-targets";
import { defaultMigrationsDir, readMigrations } from "./files";
import { applyMigrations } from "./runner";

const scrub = "20261203182500_share_credentials_scrub";
const secret = "Hunter2-planted";
const options = `iocharset=utf8, username=anna,password=${secret},PASS=${secret},credentials=/root/c,vers=3.0`;
const share = { name: "data", mountOptions: options, credentialsFile: "/etc/samba/data.cred" };

describe.each(await testTargets())("share credentials scrub on $kind", (target) => {
  describe.skipIf(Boolean(target.skipReason))(describeTitle(target), () => {
    let database: ScratchDatabase;
    let before: string;
    beforeEach(async () => {
      database = await target.create();
      // Every migration before the scrub, so the rows below are written as an older labnet did.
      before = await mkdtemp(join(tmpdir(), "labnet-scrub-"));
      for (const migration of await readMigrations(defaultMigrationsDir())) {
        if (migration.name >= scrub) continue;
        await cp(join(defaultMigrationsDir(), migration.name), join(before, migration.name), {
          recursive: true,
        });
      }
    });
    afterEach(async () => {
      await database.drop();
      await rm(before, { recursive: true, force: true });
    });

    it("keeps the harmless options and drops every credential, wherever a share was copied", async () => {
      await applyMigrations(database.url, { migrationsDir: before });
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(`
          INSERT INTO organization (id, name, slug, "createdAt") VALUES ('t1', 'T', 't', now());
          INSERT INTO lab (id, "organizationId", name, "updatedAt") VALUES ('l1', 't1', 'lab', now());
          INSERT INTO machine (id, "organizationId", "labId", name, kind, "updatedAt")
            VALUES ('m1', 't1', 'l1', 'router', 'router', now());
          INSERT INTO router_settings ("machineId", "openwrtVersion", "updatedAt") VALUES ('m1', '23.05.3', now());`);
        await client.query(
          `INSERT INTO samba_share (id, "routerId", name, "remoteUnc", "mountPoint", "credentialsFile", "mountOptions")
           VALUES ('s1', 'm1', 'data', '//10.0.0.5/data', '/mnt/data', '/etc/samba/data.cred', $1),
                  ('s2', 'm1', 'clean', '//10.0.0.5/clean', '/mnt/clean', '/etc/samba/c.cred', 'vers=2.0')`,
          [options],
        );
        const nested = { shares: [share], notes: "password=in-notes-stays" };
        await client.query(
          `INSERT INTO audit_event (id, "organizationId", "actorType", "actorLabel", action, "entityType", "entityId", before, after)
           VALUES ('a1', 't1', 'user', 'u', 'router.saveShares', 'router', 'm1', $1, $2)`,
          [JSON.stringify(nested), JSON.stringify({ shares: [] })],
        );
        const model = { machines: [{ router: { shares: [share] } }] };
        await client.query(
          `INSERT INTO model_snapshot (id, "organizationId", model, sha256) VALUES ('ms1', 't1', $1, 'abc')`,
          [JSON.stringify(model)],
        );

        const result = await applyMigrations(database.url, { migrationsDir: defaultMigrationsDir() });
        expect(result.applied).toContain(scrub);

        const shares = await client.query(`SELECT id, "mountOptions" FROM samba_share ORDER BY id`);
        expect(shares.rows).toEqual([
          { id: "s1", mountOptions: "iocharset=utf8,vers=3.0" },
          { id: "s2", mountOptions: "vers=2.0" },
        ]);
        const audit = await client.query(`SELECT before, after FROM audit_event WHERE id = 'a1'`);
        expect(audit.rows[0]).toEqual({
          before: { shares: [{ ...share, mountOptions: "iocharset=utf8,vers=3.0" }], notes: nested.notes },
          after: { shares: [] },
        });
        const snapshot = await client.query(`SELECT model FROM model_snapshot WHERE id = 'ms1'`);
        expect(JSON.stringify(snapshot.rows[0].model)).not.toContain(secret);
        expect(snapshot.rows[0].model.machines[0].router.shares[0].mountOptions).toBe(
          "iocharset=utf8,vers=3.0",
        );
      } finally {
        await client.end();
      }
    }, 120_000);
  });
});
