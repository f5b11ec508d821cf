/**
 * Prisma's own schema engine (the one `prisma migrate` runs), compiled to WebAssembly, driven through
 * `@prisma/adapter-pg`. Our machines cannot download the native engine, so migrations are created and
 * applied with this instead; the files and the `_prisma_migrations` table are the standard ones.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

export type { SchemaEngine };

const require = createRequire(import.meta.url);

const PG_CHAR_OID = 18; // PostgreSQL's one-byte "char" (pg_constraint.contype and friends)
const PG_TEXT_OID = 25;

type PgResult = { fields: { dataTypeID: number }[]; rows: unknown[] };
type RawResult = { columnTypes: number[]; rows: unknown[] };
type PatchableQueryable = {
  performIO(query: unknown): Promise<PgResult>;
  queryRaw(query: unknown): Promise<RawResult>;
  startTransaction?(isolationLevel?: string): Promise<PatchableQueryable>;
  executeScript?(script: string): Promise<void>;
  underlyingDriver?(): pg.Pool;
  onError(error: unknown): never;
};

/**
 * Works around three defects of @prisma/adapter-pg 7.10 on the migration path (see
 * ../shared/notes/offline-toolchain.md): the "char" type is rejected, migration scripts are split on every
 * `;` (breaking PL/pgSQL bodies), and the shadow database is created on top of the main one.
 */
function patchAdapter<T>(adapter: T): T {
  const queryable = adapter as unknown as PatchableQueryable;
  // "char" columns pass the adapter's type mapping as text, then are reported as Character, which the
  // engine reads them as. The result's `rows` array is handed through unchanged, so it links the two steps.
  const charColumns = new WeakMap<unknown[], number[]>();
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const columns: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID !== PG_CHAR_OID) return;
      field.dataTypeID = PG_TEXT_OID;
      columns.push(index);
    });
    if (columns.length) charColumns.set(result.rows, columns);
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (isolationLevel) => patchAdapter(await startTransaction(isolationLevel));
  }
  if (queryable.executeScript && queryable.underlyingDriver) {
    const pool = queryable.underlyingDriver();
    // One simple-protocol query: PostgreSQL runs the whole file, dollar-quoted bodies included.
    queryable.executeScript = async (script) => {
      try {
        await pool.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
  }
  return adapter;
}

class MigrationPgAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  private readonly config: pg.PoolConfig;
  /** The engine never disposes its main connection; we do, so no session lingers on the database. */
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(databaseUrl: string) {
    // Discrete fields, not a connection string: pg lets a connectionString override `database`.
    this.config = { ...(parseIntoClientConfig(databaseUrl) as pg.PoolConfig), max: 4 };
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = patchAdapter(await new PrismaPg(this.config).connect());
    this.open.add(adapter);
    return adapter;
  }

  async disposeAll(): Promise<void> {
    await Promise.all([...this.open].map((adapter) => adapter.dispose()));
    this.open.clear();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const database = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    const admin = new pg.Pool({ ...this.config, max: 1 });
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadow = patchAdapter(await new PrismaPg({ ...this.config, database }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose(); // close the shadow pool before dropping its database
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    };
    return shadow;
  }
}

let started: Promise<void> | undefined;

/**
 * Instantiates the engine once per process: the glue module caches views of the instance's memory, so a
 * second instance behind the same glue would read garbage.
 */
function startWasm(): Promise<void> {
  started ??= (async () => {
    // The engine of the installed Prisma CLI, so generated SQL matches what `prisma migrate dev` writes.
    const file = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(file), {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return started;
}

export async function openSchemaEngine(options: {
  databaseUrl: string;
  schemaPath: string;
  log?: (line: string) => void;
}): Promise<{ engine: SchemaEngine; schema: { path: string; content: string }; close(): Promise<void> }> {
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string; set_message(m: string): void } };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(message: string) {
      this.message = message;
    },
  };
  await startWasm();

  const schema = { path: options.schemaPath, content: await readFile(options.schemaPath, "utf8") };
  const factory = new MigrationPgAdapterFactory(options.databaseUrl);
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (line: string) => options.log?.(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  const close = async () => {
    engine.free();
    await factory.disposeAll();
  };
  return { engine, schema, close };
}

export function enginePanicMessage(): string | undefined {
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string } };
  return registry.PRISMA_WASM_PANIC_REGISTRY?.message || undefined;
}
