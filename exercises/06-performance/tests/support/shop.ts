// The shop database task 3 works on: 5,000 customers and 50,000 orders, made by
// generate_series so every run has the same rows. The data is shaped as a real shop's:
// orders arrive every 15 minutes over about 17 months; customers 1 to 50 stopped
// ordering after the first 100 days (their latest orders are old); only the most recent
// orders are still pending.
import type { Db } from '../../../../runner/kit/db.js';

export const ORDER_COUNT = 50_000;
export const CUSTOMER_COUNT = 5_000;
/** Customers whose orders all date from the first 100 days. */
export const CHURNED = { first: 1, last: 50 } as const;
/** Customers who order throughout. */
export const ACTIVE = { first: 51, last: 500 } as const;

const SCHEMA = `
CREATE TABLE customers (
  id int PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL
);
CREATE TABLE orders (
  id int PRIMARY KEY,
  customer_id int NOT NULL,
  status text NOT NULL,
  total_cents int NOT NULL,
  created_at timestamptz NOT NULL
);
`;

const DATA = `
INSERT INTO customers (id, email, name)
SELECT g,
       CASE WHEN g % 3 = 0 THEN 'Customer' || g || '@Example.COM' ELSE 'customer' || g || '@example.com' END,
       'Customer ' || g
FROM generate_series(1, ${CUSTOMER_COUNT}) AS g;

INSERT INTO orders (id, customer_id, status, total_cents, created_at)
SELECT g,
       CASE WHEN g <= 10000 THEN ${CHURNED.first} + (g * 7919) % ${ACTIVE.last}
            ELSE ${ACTIVE.first} + (g * 7919) % ${ACTIVE.last - ACTIVE.first + 1} END,
       CASE WHEN g > ${ORDER_COUNT - 500} AND g % 3 <> 0 THEN 'pending'
            WHEN g % 50 = 0 THEN 'cancelled'
            ELSE 'shipped' END,
       100 + (g * 31) % 50000,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '15 minutes'
FROM generate_series(1, ${ORDER_COUNT}) AS g;
`;

// A statistics target of 200 samples up to 60,000 rows: every row here, so the planner's
// statistics, and with them its plans, are the same on every run.
const STATISTICS = `
SET default_statistics_target = 200;
ANALYZE customers;
ANALYZE orders;
RESET default_statistics_target;
`;

export async function createShop(db: Db): Promise<void> {
  await db.exec(SCHEMA + DATA);
}

/** Gathers the planner's statistics, as autovacuum does soon after a migration. */
export async function analyzeShop(db: Db): Promise<void> {
  await db.exec(STATISTICS);
}

/** What must not change when indexes are added: the rows and the columns of both tables. */
export async function fingerprintOf(db: Db): Promise<string> {
  const { rows } = await db.query<{ fingerprint: string }>(`
    SELECT concat_ws(' | ',
      (SELECT count(*) || ' orders, total ' || sum(total_cents) || ', ' || count(*) FILTER (WHERE status = 'pending') || ' pending' FROM orders),
      (SELECT count(*) || ' customers, ' || sum(length(email)) || ' email characters' FROM customers),
      -- Every value of every row, so a change that keeps counts and lengths (lower-casing
      -- the emails) is seen too.
      (SELECT 'orders md5 ' || md5(string_agg(o::text, ';' ORDER BY id)) FROM orders AS o),
      (SELECT 'customers md5 ' || md5(string_agg(c::text, ';' ORDER BY id)) FROM customers AS c),
      (SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ', ' ORDER BY table_name, column_name)
         FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name IN ('orders', 'customers'))
    ) AS fingerprint`);
  return rows[0]?.fingerprint ?? '';
}

/** Index names of the shop's tables, primary keys included. */
export async function indexNames(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('orders', 'customers') ORDER BY indexname`,
  );
  return rows.map((row) => row.name);
}

/** The definitions of the given indexes, as PostgreSQL shows them. */
export async function indexDefinitions(db: Db, names: string[]): Promise<string[]> {
  const { rows } = await db.query<{ definition: string }>(
    `SELECT indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY($1::text[]) ORDER BY indexname`,
    [names],
  );
  return rows.map((row) => row.definition);
}
