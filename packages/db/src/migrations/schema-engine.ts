// Drives Prisma's official WebAssembly schema engine through the pg driver adapter. Prisma's CLI would
// download a native engine for this, which is impossible offline; the wasm build needs three workarounds,
// each marked below.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

/** PostgreSQL's internal one-byte "char" type, used in the catalogs the engine introspects. */
const INTERNAL_CHAR_OID = 18;
const TEXT_OID = 25;

// Node has WebAssembly, but this project's TypeScript lib (ES2023, no DOM) does not declare it.
const { WebAssembly: webAssembly } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  };
};

let bindingsReady = false;

function loadEngineBindings(): typeof engineBindings {
  if (bindingsReady) return engineBindings;
  // (3) Without a panic registry, an engine panic surfaces only as "reading 'set_message'".
  const registry = {
    message: "",
    set_message(message: string) {
      registry.message = `RuntimeError: ${message}`;
    },
  };
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= registry;
  // (1) The package entry imports the .wasm file as an ES module, which Node rejects; instantiate it here.
  const bindingsFile = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const module = new webAssembly.Module(readFileSync(join(dirname(bindingsFile), "schema_engine_bg.wasm")));
  const instance = new webAssembly.Instance(module, { "./schema_engine_bg.js": engineBindings });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  bindingsReady = true;
  return engineBindings;
}

// (2) @prisma/adapter-pg refuses PostgreSQL's internal "char" type, which the engine reads from the catalogs
// and expects as a Character value. The pg client hands such columns to the adapter as text and marks them on
// the row array (which the adapter passes through); the adapter's results then get their column type back.
const INTERNAL_CHAR_COLUMNS = Symbol("internal char columns");

function markInternalCharColumns<T>(result: T): T {
  const { fields, rows } = (result ?? {}) as { fields?: Array<{ dataTypeID: number }>; rows?: unknown[] };
  if (!fields || !rows) return result;
  const charColumns = fields.flatMap((field, index) =>
    field.dataTypeID === INTERNAL_CHAR_OID ? [index] : [],
  );
  for (const index of charColumns) fields[index]!.dataTypeID = TEXT_OID;
  if (charColumns.length > 0) Object.defineProperty(rows, INTERNAL_CHAR_COLUMNS, { value: charColumns });
  return result;
}

class IntrospectionClient extends pg.Client {
  // pg.Client.query has many overloads (callback or promise); forward every shape unchanged.
  // biome-ignore lint/suspicious/noExplicitAny: overload-agnostic passthrough
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (error: Error | null, result: unknown) => void;
      args[last] = (error: Error | null, result: unknown) => callback(error, markInternalCharColumns(result));
      // biome-ignore lint/suspicious/noExplicitAny: see above
      return (super.query as any)(...args);
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const outcome = (super.query as any)(...args);
    return outcome instanceof Promise ? outcome.then(markInternalCharColumns) : outcome;
  }
}

function restoreCharColumnTypes<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    const charColumns = (result.rows as { [INTERNAL_CHAR_COLUMNS]?: number[] })[INTERNAL_CHAR_COLUMNS] ?? [];
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

function introspectionAdapter(url: string): { factory: PrismaPg; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, Client: IntrospectionClient, max: 2 });
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = restoreCharColumnTypes(await connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) =>
      restoreCharColumnTypes(await startTransaction(isolationLevel));
    return adapter;
  };
  return { factory, pool };
}

const SCHEMA_FILE_NAME = "schema.prisma";
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface SchemaDiff {
  /** True when the database already matches the schema. */
  empty: boolean;
  /** The SQL that turns the database into the schema (Prisma's migration.sql format). */
  sql: string;
}

/** The SQL migration from the live database at `url` to the Prisma schema text `schema`. */
export async function diffDatabaseToSchema(url: string, schema: string): Promise<SchemaDiff> {
  const bindings = loadEngineBindings();
  const { factory, pool } = introspectionAdapter(url);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const files = [{ path: SCHEMA_FILE_NAME, content: schema }];
  try {
    const engine = await bindings.SchemaEngine.new(
      { datamodels: [[SCHEMA_FILE_NAME, schema]] },
      () => {},
      adapter,
    );
    try {
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: process.cwd() },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      });
      return { empty: result.exitCode === 0, sql: result.stdout ?? "" };
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}
