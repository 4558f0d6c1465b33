-- Shares' mountOptions may no longer hold credentials (password=, pass=, credentials=, username=,
-- domain=, …): they belong in the file named by credentialsFile. Rows written before that rule are
-- cleaned here, and so are the copies of them in the audit log, model snapshots and plan previews,
-- so no secret outlives the rule. The key list matches withoutCredentialOptions in
-- packages/model/src/text.ts. Snapshot hashes are left as they were: they only find an identical
-- snapshot to reuse, and a scrubbed one simply is not reused.

CREATE FUNCTION pg_temp.labnet_without_credentials(options text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(string_agg(option, ',' ORDER BY position), '')
  FROM unnest(string_to_array(options, ',')) WITH ORDINALITY AS t(option, position)
  WHERE lower(split_part(trim(option), '=', 1)) NOT IN (
    'pass', 'password', 'password2', 'cred', 'credentials', 'user', 'username', 'domain', 'dom', 'workgroup'
  )
$$;

-- Every "mountOptions" string anywhere inside a JSON document, cleaned; everything else unchanged.
CREATE FUNCTION pg_temp.labnet_scrub(doc jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF jsonb_typeof(doc) = 'object' THEN
    RETURN (
      SELECT coalesce(jsonb_object_agg(
        key,
        CASE WHEN key = 'mountOptions' AND jsonb_typeof(value) = 'string'
          THEN to_jsonb(pg_temp.labnet_without_credentials(value #>> '{}'))
          ELSE pg_temp.labnet_scrub(value)
        END
      ), '{}'::jsonb)
      FROM jsonb_each(doc)
    );
  ELSIF jsonb_typeof(doc) = 'array' THEN
    RETURN (
      SELECT coalesce(jsonb_agg(pg_temp.labnet_scrub(value) ORDER BY position), '[]'::jsonb)
      FROM jsonb_array_elements(doc) WITH ORDINALITY AS t(value, position)
    );
  END IF;
  RETURN doc;
END
$$;

UPDATE "samba_share"
SET "mountOptions" = pg_temp.labnet_without_credentials("mountOptions")
WHERE "mountOptions" <> pg_temp.labnet_without_credentials("mountOptions");

UPDATE "audit_event"
SET "before" = pg_temp.labnet_scrub("before"), "after" = pg_temp.labnet_scrub("after")
WHERE "before"::text LIKE '%"mountOptions"%' OR "after"::text LIKE '%"mountOptions"%';

UPDATE "model_snapshot"
SET "model" = pg_temp.labnet_scrub("model")
WHERE "model"::text LIKE '%"mountOptions"%';

UPDATE "plan"
SET "preview" = pg_temp.labnet_scrub("preview")
WHERE "preview"::text LIKE '%"mountOptions"%';

DROP FUNCTION pg_temp.labnet_scrub(jsonb);
DROP FUNCTION pg_temp.labnet_without_credentials(text);
