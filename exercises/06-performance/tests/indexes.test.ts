import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../runner/kit/db.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { migration } from '../src/indexes.js';
import { explainQuery, indexesUsed, planProblems, renderPlan, type Explained } from './support/plans.js';
import { ACTIVE, CHURNED, CUSTOMER_COUNT, analyzeShop, createShop, fingerprintOf, indexDefinitions, indexNames } from './support/shop.js';

// The three queries the shop runs all day. Task 3 is to make each one use an index.
const LATEST_ORDERS = 'SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10';
const OLDEST_PENDING = "SELECT id, customer_id, created_at FROM orders WHERE status = 'pending' ORDER BY created_at LIMIT 20";
const CUSTOMER_BY_EMAIL = 'SELECT id, name FROM customers WHERE lower(email) = lower($1)';

// Pages (8 kB each) a query may touch once an index does the work: the way down the
// index, plus about one table page per row returned. A wrong index needs hundreds.
const MAX_PAGES = { latestOrders: 25, oldestPending: 45, customerByEmail: 8 };

const EMPTY_MIGRATION = 'TODO: task 3 — src/indexes.ts has no CREATE INDEX statement yet: write the indexes that make the three queries fast';

const CONCURRENTLY_IN_SCRIPT =
  '. The migration runs as one script, which PostgreSQL treats as one transaction, and CREATE INDEX CONCURRENTLY cannot run inside one: leave CONCURRENTLY out here (README, section 3)';

let db: TestDb;
let before = '';
let indexesBefore: string[] = [];
let migrationError: string | undefined;

beforeAll(async () => {
  db = await openTestDb();
  await createShop(db);
  before = await fingerprintOf(db);
  indexesBefore = await indexNames(db);
  migrationError = await applyMigration(db, migration);
  // A migration could turn the planner's choices off (SET enable_seqscan = off) to fake
  // an index scan; RESET ALL puts the settings back. Statistics come after the migration,
  // since an expression index such as one on lower(email) has statistics of its own.
  await db.exec('RESET ALL');
  await analyzeShop(db);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

async function applyMigration(target: TestDb, sql: string): Promise<string | undefined> {
  const withoutComments = sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim();
  if (withoutComments === '') return EMPTY_MIGRATION;
  try {
    await target.exec(sql);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const why = /CONCURRENTLY/i.test(message) ? CONCURRENTLY_IN_SCRIPT : '';
    return `the migration in src/indexes.ts failed on PostgreSQL: ${message}${why}`;
  }
}

function requireMigration(): void {
  if (migrationError) throw new Error(migrationError);
}

function expectIndexDoesTheWork(explained: Explained, maxPages: number, goal: string, tag: (message: string) => string = (message) => message): void {
  const problems = planProblems(explained, maxPages);
  expect(problems, tag(`${goal}, but ${problems[0]}.\n${renderPlan(explained)}\n `)).toEqual([]);
}

describe('task 3: An index the planner uses', () => {
  it('runs the migration and only adds indexes: every row and column stays as it was', async () => {
    requireMigration();
    expect(await fingerprintOf(db), 'a migration that adds indexes must not change, add or delete rows or columns').toBe(before);
    const added = (await indexNames(db)).filter((name) => !indexesBefore.includes(name));
    expect(added.length, 'the migration should create at least one index').toBeGreaterThan(0);
  });

  it("reads an active customer's latest orders through an index, already in date order", async () => {
    requireMigration();
    const rng = seededRandom();
    const customer = rng.int(ACTIVE.first, ACTIVE.last);
    const explained = await explainQuery(db, LATEST_ORDERS, [customer]);
    expectIndexDoesTheWork(explained, MAX_PAGES.latestOrders, `the latest 10 orders of customer ${customer} should come straight from an index`, rng.tag);
  });

  it('stays fast for a customer whose last order is more than a year old', async () => {
    requireMigration();
    const rng = seededRandom();
    const customer = rng.int(CHURNED.first, CHURNED.last);
    const explained = await explainQuery(db, LATEST_ORDERS, [customer]);
    expectIndexDoesTheWork(
      explained,
      MAX_PAGES.latestOrders,
      `customer ${customer} stopped ordering long ago; their latest 10 orders should still take a few pages to find, as for any customer`,
      rng.tag,
    );
  });

  it('finds the oldest pending orders through an index, without sorting', async () => {
    requireMigration();
    const explained = await explainQuery(db, OLDEST_PENDING);
    expectIndexDoesTheWork(explained, MAX_PAGES.oldestPending, 'the 20 oldest of the few hundred pending orders (among 50,000) should come straight from an index');
  });

  it('finds a customer by email through an index, whatever the case the email is typed in', async () => {
    requireMigration();
    const rng = seededRandom();
    const id = rng.int(1, CUSTOMER_COUNT);
    const typed = `customer${id}@example.com`.replace(/[a-z]/g, (letter) => (rng.next() < 0.5 ? letter.toUpperCase() : letter));
    const { rows } = await db.query<{ id: number }>(CUSTOMER_BY_EMAIL, [typed]);
    expect(rows.map((row) => row.id), rng.tag(`looking up '${typed}' should find customer ${id}, whatever the case`)).toEqual([id]);
    const explained = await explainQuery(db, CUSTOMER_BY_EMAIL, [typed]);
    expectIndexDoesTheWork(explained, MAX_PAGES.customerByEmail, `looking up '${typed}' should go through an index, not read all ${CUSTOMER_COUNT} customers`, rng.tag);
  });

  it('adds no index that none of the queries uses', async () => {
    requireMigration();
    const plans = await Promise.all([
      explainQuery(db, LATEST_ORDERS, [ACTIVE.first]),
      explainQuery(db, LATEST_ORDERS, [CHURNED.first]),
      explainQuery(db, OLDEST_PENDING),
      explainQuery(db, CUSTOMER_BY_EMAIL, ['customer1@example.com']),
    ]);
    const used = new Set(plans.flatMap((explained) => indexesUsed(explained.plan)));
    const unused = (await indexNames(db)).filter((name) => !indexesBefore.includes(name) && !used.has(name));
    const definitions = await indexDefinitions(db, unused);
    expect(
      definitions,
      `no plan of the three queries uses ${definitions.join('; ')}. Every index slows down each INSERT and UPDATE and takes disk and memory: create only the ones a query needs`,
    ).toEqual([]);
  });
});
