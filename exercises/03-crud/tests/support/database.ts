// The tests' own database setup: one real PostgreSQL for the test file (PGlite, or the
// server in DATABASE_URL), its tables emptied before every test. Tasks 2 to 5 run on the
// schema below, the one task 1 asks for, so each task can be checked on its own.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openTestDb, type TestDb } from '../../../../runner/kit/db.js';

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
  });
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
    return `it threw ${name}${code ? ` (SQLSTATE ${code})` : ''}: ${error.message}`;
  }
  return `it threw ${String(error)}`;
}
