// A real PostgreSQL for tests, behind one small interface, so the learner's code and the
// tests run unchanged on the embedded PGlite (the default: nothing to install) and on a
// server reached through the `pg` driver (when DATABASE_URL is set).
//
// Usage, one database per test file:
//   let db: TestDb;
//   beforeAll(async () => { db = await openTestDb(); });
//   beforeEach(async () => { await db.reset(); });      // an empty public schema
//   afterAll(async () => { await db?.close(); });       // ALWAYS: PGlite keeps the process alive
//
// The interface (a superset of the one the exercises name, so a `Db` is also a `Queryable`):
// - query(text, params): ONE statement with $1, $2, ... parameters; `rowCount` is the number
//   of rows returned (SELECT) or changed (INSERT/UPDATE/DELETE), never null.
// - exec(script): several `;`-separated statements without parameters (a migration). Needed
//   because PGlite's query() uses the extended protocol, which takes one statement only.
// - transaction(fn): BEGIN, fn(tx), COMMIT; ROLLBACK and rethrow when fn throws. `tx` is a
//   Db bound to the transaction; tx.transaction(...) nests as a SAVEPOINT.
//   Calling the OUTER db inside fn throws at once (on PGlite it would wait forever for the
//   transaction's lock; on a server it would run outside the transaction).
// - close(): PGlite is closed; on a server the file's schema is dropped and the pool ended.
// - TestDb adds reset() (drop and recreate the schema the tests work in) and `kind`.
//
// Types coming back are the same on both: int4/int8/count(*) as number (int8 beyond 2^53
// would lose precision: keep ids int4 or return them as text), numeric as string,
// timestamptz and date as Date, json/jsonb parsed, text as string. Errors carry the
// SQLSTATE in `code` on both (23505 unique violation, 23503 foreign key, 23514 check,
// 23502 not null) and the constraint's name in `constraint`.
//
// Costs measured here (2 cores, Node 20, PGlite 0.5.16, one sample each):
// - a fresh PGlite instance: 3.6 to 4.3 s and about 1 GB resident. So the first openTestDb()
//   on a machine saves the empty database as a snapshot in node_modules/.cache/katas/
//   (0.3 s, 40 MB), and every later one loads it: 0.7 to 0.9 s. Files that start at the same
//   time wait for the first one's snapshot (a lock folder) instead of each paying 4 s; with
//   three at once on a cold cache the last was ready after 8.5 s.
//   Loading costs about 1.2 s of CPU even so: on a 2-core machine vitest runs one file at a
//   time, so every extra test file with a database adds a second to the suite. (The runner
//   compiles WebAssembly with V8's baseline compiler only, see runner/bin.mjs: without that,
//   V8's background optimising of PGlite's hot functions added about 1.3 s of CPU per file.)
// - reset(): 10 ms on an empty database; reset() plus creating four tables with their
//   constraints: 60 to 250 ms (measured under load). Between tests, DELETE the rows of a
//   schema made once (a few ms) rather than reset() and create it again. Queries take
//   about a millisecond on an idle machine.
// - In the self-check's shared test threads a PGlite a file closes is emptied and kept for
//   the next file of the thread (kept-pglite.ts): about 20 ms instead of the load.
// - On a server (DATABASE_URL): each openTestDb() creates its own schema `katas_<pid>_<hex>`
//   and a pool whose connections have search_path set to it, so test files running in
//   parallel never see each other's tables; about 15 ms to open, the schema dropped at close.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type Results } from '@electric-sql/pglite';
import pg from 'pg';
import { asKeepable, closeOrKeep, takeKept } from './kept-pglite.js';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** What a repository function needs: one parameterised statement at a time. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  /** Runs a script of statements separated by `;`, without parameters (a migration). */
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface TestDb extends Db {
  readonly kind: 'pglite' | 'postgres';
  /** Drops every table, type and sequence the tests made: an empty schema again. */
  reset(): Promise<void>;
}

const OUTER_DB_IN_TRANSACTION =
  'a query was sent on the database itself from inside its transaction callback: use the `tx` argument the callback receives, or the query runs outside the transaction (and on PGlite waits forever for it)';
const TX_CLOSE = 'close() was called on a transaction: close the database itself, after the transaction has finished';

export async function openTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  return url ? openServerDb(url) : openPgliteDb();
}

// ---------------------------------------------------------------- shared pieces

/** Which databases have a transaction callback running in the current async context. */
const openTransactions = new AsyncLocalStorage<ReadonlySet<symbol>>();

function guardOuter(id: symbol): void {
  if (openTransactions.getStore()?.has(id)) throw new Error(OUTER_DB_IN_TRANSACTION);
}

function insideTransactionOf<T>(id: symbol, fn: () => Promise<T>): Promise<T> {
  const open = new Set(openTransactions.getStore() ?? []);
  open.add(id);
  return openTransactions.run(open, fn);
}

type RawQuery = <R>(text: string, params?: unknown[]) => Promise<QueryResult<R>>;

/**
 * Runs a script; an error PostgreSQL placed in it (a syntax error: `position`, a 1-based
 * character offset, on both PGlite and pg) says the line too, with its text. A migration
 * is one long string, and "syntax error at or near ")"" alone leaves the learner counting.
 */
export async function atScriptPosition(script: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const position = error instanceof Error && 'position' in error ? Number(error.position) : Number.NaN;
    if (error instanceof Error && Number.isInteger(position) && position > 0 && position <= script.length + 1) {
      const before = script.slice(0, position - 1).split('\n');
      const line = before.length;
      const text = script.split('\n')[line - 1]?.trim() ?? '';
      error.message = `${error.message} (line ${line} of the script, column ${(before.at(-1)?.length ?? 0) + 1}: ${text})`;
    }
    throw error;
  }
}

/** A Db bound to an open transaction; nested transactions become savepoints. */
function transactionDb(run: RawQuery, exec: (script: string) => Promise<void>, depth = 0): Db {
  const tx: Db = {
    query: (text, params) => run(text, params),
    exec,
    transaction: async (fn) => {
      const name = `katas_sp_${depth + 1}`;
      await run(`SAVEPOINT ${name}`);
      try {
        const result = await fn(transactionDb(run, exec, depth + 1));
        await run(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await run(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
    close: () => Promise.reject(new Error(TX_CLOSE)),
  };
  return tx;
}

// ---------------------------------------------------------------- PGlite

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'katas');
const SNAPSHOT_WAIT_MS = 20_000;
const STALE_LOCK_MS = 60_000;

async function openPgliteDb(): Promise<TestDb> {
  return pgliteDb(takeKept() ?? (await asKeepable(await startPglite())), closeOrKeep);
}

/**
 * A PGlite kept in a folder (`npm run try`'s database): made there on first use, found
 * again by every later one. One process at a time may open a folder.
 */
export async function openKeptDb(dataDir: string): Promise<Db> {
  return pgliteDb(await PGlite.create({ dataDir }));
}

/**
 * `end` closes the PGlite, or in the self-check may keep it for the next file
 * (kept-pglite.ts): then this Db refuses every call after close(), as a closed PGlite
 * does, so that code still running after its file cannot reach the next file's data.
 */
function pgliteDb(lite: PGlite, end: (lite: PGlite) => Promise<void> = (closing) => closing.close()): TestDb {
  const id = Symbol('pglite');
  let closed = false;
  const whenOpen = async <T>(call: () => Promise<T>): Promise<T> => {
    if (closed) throw new Error('PGlite is closed');
    return call();
  };
  const run: RawQuery = <R>(text: string, params?: unknown[]) => whenOpen(async () => toResult(await lite.query<R>(text, params)));
  return {
    kind: 'pglite',
    query: (text, params) => (guardOuter(id), run(text, params)),
    exec: async (script) => {
      guardOuter(id);
      await whenOpen(() => atScriptPosition(script, () => lite.exec(script)));
    },
    transaction: (fn) => {
      guardOuter(id);
      return whenOpen(() =>
        lite.transaction((raw) =>
          insideTransactionOf(id, () => {
            const txRun: RawQuery = async <R>(text: string, params?: unknown[]) => toResult(await raw.query<R>(text, params));
            return fn(transactionDb(txRun, (script) => atScriptPosition(script, () => raw.exec(script))));
          }),
        ),
      );
    },
    reset: () =>
      whenOpen(async () => {
        if (lite.isInTransaction()) await lite.exec('ROLLBACK');
        await lite.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await end(lite);
    },
  };
}

function toResult<R>(result: Results<R>): QueryResult<R> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
}

/** A PGlite from the saved empty snapshot, making the snapshot first if there is none. */
async function startPglite(): Promise<PGlite> {
  const snapshot = path.join(cacheDir, `pglite-${pgliteVersion()}-empty.tar`);
  const lock = `${snapshot}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + SNAPSHOT_WAIT_MS;
  while (!existsSync(snapshot) && Date.now() < deadline) {
    if (takeLock(lock)) {
      try {
        return await createAndSave(snapshot);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!existsSync(snapshot)) return PGlite.create(); // someone else's snapshot never came
  try {
    return await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]) });
  } catch {
    rmSync(snapshot, { force: true }); // a damaged snapshot: make it again next time
    return PGlite.create();
  }
}

async function createAndSave(snapshot: string): Promise<PGlite> {
  const lite = await PGlite.create();
  const dump = await lite.dumpDataDir('none');
  const partial = `${snapshot}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, snapshot); // atomic: a reader never sees half a file
  return lite;
}

/** Takes a lock folder; one older than staleMs was left by a process that died, and is removed. */
export function takeLock(lock: string, staleMs = STALE_LOCK_MS): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A lock left by a process that died while making the snapshot.
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > staleMs) {
      rmSync(lock, { recursive: true, force: true });
    }
    return false;
  }
}

function pgliteVersion(): string {
  try {
    const manifest = path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------- a server through pg

// int8 (bigserial, count(*)) as number, as PGlite returns it, instead of pg's string.
const INT8_OID = 20;
const serverTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A TestDb on the server at `url`, whatever DATABASE_URL says (for tests that need a real
 * server, see pg-server.ts). Its connections carry the schema's name as application_name,
 * so a test can find them in pg_stat_activity.
 */
export function openServerTestDb(url: string): Promise<TestDb> {
  return openServerDb(url);
}

async function openServerDb(url: string): Promise<TestDb> {
  const schema = `katas_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Enough sessions for a race: two racers, a session holding each of two rows, and one that watches.
  const pool = new pg.Pool({ connectionString: url, max: 6, options: `-c search_path=${schema}`, application_name: schema, types: serverTypes });
  // An idle connection the server ended (a server stopped after close(), a backend
  // terminated) is an error event on the pool; the pool drops it and opens another on demand.
  pool.on('error', () => undefined);
  await pool.query(`CREATE SCHEMA ${schema}`);
  const id = Symbol('postgres');
  const runOn =
    (client: pg.Pool | pg.PoolClient): RawQuery =>
    async <R>(text: string, params?: unknown[]) => {
      // Always the extended protocol (one statement per call), as PGlite's query() does.
      // (`queryMode` is in pg 8.8+, not yet in @types/pg.)
      const config: pg.QueryConfig = Object.assign({ text, values: params ?? [] }, { queryMode: 'extended' });
      const result = await client.query(config);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    };
  const run = runOn(pool);
  return {
    kind: 'postgres',
    query: (text, params) => (guardOuter(id), run(text, params)),
    exec: async (script) => {
      guardOuter(id);
      await atScriptPosition(script, () => pool.query(script)); // no parameters: the simple protocol, several statements
    },
    transaction: async (fn) => {
      guardOuter(id);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await insideTransactionOf(id, () =>
          fn(transactionDb(runOn(client), (script) => atScriptPosition(script, () => client.query(script)))),
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    reset: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    },
    close: async () => {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
