import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/schema.js';
import { CLEAR, codeOf, countRows, db, describeError, insertCategory, rejectionOf } from '../support/database.js';


// [table, column, data type as information_schema names it, nullable]
const EXPECTED_COLUMNS: ReadonlyArray<readonly [string, string, string, 'YES' | 'NO']> = [
  ['categories', 'id', 'integer', 'NO'],
  ['categories', 'name', 'text', 'NO'],
  ['order_lines', 'order_id', 'integer', 'NO'],
  ['order_lines', 'price_cents', 'integer', 'NO'],
  ['order_lines', 'product_id', 'integer', 'NO'],
  ['order_lines', 'quantity', 'integer', 'NO'],
  ['orders', 'created_at', 'timestamp with time zone', 'NO'],
  ['orders', 'customer_email', 'text', 'NO'],
  ['orders', 'id', 'integer', 'NO'],
  ['orders', 'total_cents', 'integer', 'NO'],
  ['products', 'category_id', 'integer', 'NO'],
  ['products', 'created_at', 'timestamp with time zone', 'NO'],
  ['products', 'id', 'integer', 'NO'],
  ['products', 'name', 'text', 'NO'],
  ['products', 'price_cents', 'integer', 'NO'],
  ['products', 'sku', 'text', 'NO'],
  ['products', 'stock', 'integer', 'NO'],
  ['products', 'updated_at', 'timestamp with time zone', 'NO'],
  ['products', 'version', 'integer', 'NO'],
];

const SQLSTATE = {
  notNull: '23502',
  foreignKey: '23503',
  unique: '23505',
  check: '23514',
} as const;

/** Runs a statement the schema must refuse, and checks it was refused for the right reason. */
async function expectRefused(text: string, params: unknown[], sqlState: string, why: string): Promise<void> {
  const error = await rejectionOf(db().query(text, params));
  expect(error, `${why}, but the database accepted:\n  ${text.trim()}\n  with ${JSON.stringify(params)}`).toBeDefined();
  expect(codeOf(error), `${why} (SQLSTATE ${sqlState}); instead ${describeError(error)}`).toBe(sqlState);
}

async function newCategory(): Promise<number> {
  return insertCategory(db(), 'tools');
}

const INSERT_PRODUCT = 'INSERT INTO products (sku, name, price_cents, stock, category_id) VALUES ($1, $2, $3, $4, $5)';

describe('task 1: create the schema', () => {
  // Migrate once, then only empty the tables between tests; start over from an empty
  // schema whenever the tables are not all there (the migration failed half-way).
  let migrated = false;
  beforeEach(async () => {
    if (migrated) {
      try {
        await db().exec(CLEAR);
        return;
      } catch {
        migrated = false;
      }
    }
    await db().reset();
    await migrate(db());
    migrated = true;
  });

  it('creates categories, products, orders and order_lines with the columns, types and NOT NULLs the other tasks use', async () => {
    const { rows } = await db().query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable
       FROM information_schema.columns
       WHERE table_schema = current_schema()
       ORDER BY table_name, column_name`,
    );
    const actual = rows.map((row) => `${row.table_name}.${row.column_name} ${row.data_type}${row.is_nullable === 'NO' ? ' NOT NULL' : ''}`);
    const expected = EXPECTED_COLUMNS.map(([table, column, type, nullable]) => `${table}.${column} ${type}${nullable === 'NO' ? ' NOT NULL' : ''}`);
    const missing = expected.filter((line) => !actual.includes(line));
    expect(
      missing,
      `after migrate(), these columns are missing or differ (type, NOT NULL): every column is required, money is integer cents, instants are timestamptz.\n  found: ${actual.join('\n         ') || 'no columns at all'}`,
    ).toEqual([]);
  });

  it('gives a new product stock 0, version 1, and created_at and updated_at of now', async () => {
    const categoryId = await newCategory();
    const { rows } = await db().query<{ stock: number; version: number; created_at: Date; updated_at: Date; now: Date }>(
      `INSERT INTO products (sku, name, price_cents, category_id) VALUES ('A-1', 'hammer', 1200, $1)
       RETURNING stock, version, created_at, updated_at, now() AS now`,
      [categoryId],
    );
    const row = rows[0]!;
    expect(row.stock, 'a product inserted without a stock starts with 0 in stock (DEFAULT 0)').toBe(0);
    expect(row.version, 'a product starts at version 1 (DEFAULT 1): task 5 counts up from there').toBe(1);
    expect(row.created_at, 'created_at defaults to the time of the insert (DEFAULT now())').toEqual(row.now);
    expect(row.updated_at, 'updated_at defaults to the time of the insert (DEFAULT now())').toEqual(row.now);
  });

  it('refuses a product without a name (NOT NULL)', async () => {
    const categoryId = await newCategory();
    await expectRefused(INSERT_PRODUCT, ['A-1', null, 100, 1, categoryId], SQLSTATE.notNull, 'a product without a name must be refused by NOT NULL');
  });

  it('refuses a product whose name is empty (CHECK)', async () => {
    const categoryId = await newCategory();
    await expectRefused(INSERT_PRODUCT, ['A-1', '', 100, 1, categoryId], SQLSTATE.check, "an empty name must be refused by a CHECK (name <> '')");
  });

  it('refuses a second product with the same SKU (UNIQUE)', async () => {
    const categoryId = await newCategory();
    await db().query(INSERT_PRODUCT, ['A-1', 'hammer', 100, 1, categoryId]);
    await expectRefused(INSERT_PRODUCT, ['A-1', 'other hammer', 200, 1, categoryId], SQLSTATE.unique, 'a SKU names one product: a second product with the same SKU must be refused by a UNIQUE constraint');
  });

  it('refuses a negative price (CHECK)', async () => {
    const categoryId = await newCategory();
    await expectRefused(INSERT_PRODUCT, ['A-1', 'hammer', -1, 1, categoryId], SQLSTATE.check, 'a negative price must be refused by CHECK (price_cents >= 0)');
  });

  it('refuses a negative stock (CHECK), which is what keeps task 4 from selling what is not there', async () => {
    const categoryId = await newCategory();
    await expectRefused(INSERT_PRODUCT, ['A-1', 'hammer', 100, -1, categoryId], SQLSTATE.check, 'a negative stock must be refused by CHECK (stock >= 0)');
  });

  it('accepts 0 wherever a CHECK says >= 0: a free product with no stock, an order totalling 0, a free order line', async () => {
    const categoryId = await newCategory();
    const product = await rejectionOf(db().query(INSERT_PRODUCT, ['FREE-1', 'free sample', 0, 0, categoryId]));
    expect(product, `a price of 0 and a stock of 0 are allowed: the CHECKs are price_cents >= 0 and stock >= 0, not > 0 (a free sample, a product sold out); ${describeError(product)}`).toBeUndefined();
    const order = await rejectionOf(db().query("INSERT INTO orders (customer_email, total_cents) VALUES ('a@example.com', 0)"));
    expect(order, `an order whose lines are all free totals 0: CHECK (total_cents >= 0), not > 0; ${describeError(order)}`).toBeUndefined();
    const productId = (await db().query<{ id: number }>('SELECT id FROM products')).rows[0]!.id;
    const orderId = (await db().query<{ id: number }>('SELECT id FROM orders')).rows[0]!.id;
    const line = await rejectionOf(db().query('INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, 1, 0)', [orderId, productId]));
    expect(line, `an order line for a free product keeps the price paid, 0: CHECK (price_cents >= 0), not > 0; ${describeError(line)}`).toBeUndefined();
  });

  it('generates every id itself and refuses one given by hand (GENERATED ALWAYS AS IDENTITY)', async () => {
    const categoryId = await newCategory();
    const attempts: Array<[string, string, unknown[]]> = [
      ['categories', 'INSERT INTO categories (id, name) VALUES ($1, $2)', [categoryId + 100, 'garden']],
      ['products', 'INSERT INTO products (id, sku, name, price_cents, category_id) VALUES ($1, $2, $3, $4, $5)', [4242, 'A-1', 'hammer', 100, categoryId]],
      ['orders', 'INSERT INTO orders (id, customer_email, total_cents) VALUES ($1, $2, $3)', [4242, 'a@example.com', 0]],
    ];
    for (const [table, text, params] of attempts) {
      await expectRefused(
        text,
        params,
        '428C9',
        `${table}.id is GENERATED ALWAYS AS IDENTITY: the database alone hands out ids, so an insert that names its own id must be refused (PostgreSQL docs, CREATE TABLE: GENERATED ALWAYS refuses a user value unless OVERRIDING SYSTEM VALUE is written); GENERATED BY DEFAULT accepts it, and the next generated id then collides with it`,
      );
    }
  });

  it('refuses a product in a category that does not exist (FOREIGN KEY)', async () => {
    await expectRefused(INSERT_PRODUCT, ['A-1', 'hammer', 100, 1, 4242], SQLSTATE.foreignKey, 'products.category_id must REFERENCES categories (id): a product in category 4242, which does not exist, must be refused');
  });

  it('refuses two categories with the same name (UNIQUE)', async () => {
    await newCategory();
    await expectRefused('INSERT INTO categories (name) VALUES ($1)', ['tools'], SQLSTATE.unique, 'category names must be UNIQUE');
  });

  it('refuses to delete a category that still has products (FOREIGN KEY)', async () => {
    const categoryId = await newCategory();
    await db().query(INSERT_PRODUCT, ['A-1', 'hammer', 100, 1, categoryId]);
    await expectRefused('DELETE FROM categories WHERE id = $1', [categoryId], SQLSTATE.foreignKey, 'deleting a category that products still reference must be refused, or those products would point at nothing: leave ON DELETE out (the default, NO ACTION, refuses with 23503; RESTRICT would refuse with 23001 instead, and CASCADE would delete the products)');
  });

  it('refuses an order line with a quantity of 0 (CHECK) or for an order that does not exist (FOREIGN KEY)', async () => {
    const categoryId = await newCategory();
    const { rows } = await db().query<{ id: number }>('INSERT INTO products (sku, name, price_cents, category_id) VALUES ($1, $2, $3, $4) RETURNING id', ['A-1', 'hammer', 100, categoryId]);
    const productId = rows[0]!.id;
    const order = await db().query<{ id: number }>("INSERT INTO orders (customer_email, total_cents) VALUES ('a@example.com', 0) RETURNING id");
    const orderId = order.rows[0]!.id;
    const insertLine = 'INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, $3, $4)';
    await expectRefused(insertLine, [orderId, productId, 0, 100], SQLSTATE.check, 'an order line must be for at least one item: CHECK (quantity > 0)');
    await expectRefused(insertLine, [orderId + 999, productId, 1, 100], SQLSTATE.foreignKey, 'order_lines.order_id must REFERENCES orders (id)');
    await expectRefused(insertLine, [orderId, productId + 999, 1, 100], SQLSTATE.foreignKey, 'order_lines.product_id must REFERENCES products (id)');
  });

  it('refuses to delete a product that an order line still references (FOREIGN KEY without ON DELETE)', async () => {
    const categoryId = await newCategory();
    const { rows } = await db().query<{ id: number }>('INSERT INTO products (sku, name, price_cents, category_id) VALUES ($1, $2, $3, $4) RETURNING id', ['A-1', 'hammer', 100, categoryId]);
    const order = await db().query<{ id: number }>("INSERT INTO orders (customer_email, total_cents) VALUES ('a@example.com', 100) RETURNING id");
    await db().query('INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, 1, 100)', [order.rows[0]!.id, rows[0]!.id]);
    await expectRefused(
      'DELETE FROM products WHERE id = $1',
      [rows[0]!.id],
      SQLSTATE.foreignKey,
      'order_lines.product_id REFERENCES products (id) with no ON DELETE clause, so deleting a product that past orders name must be refused (PostgreSQL docs 5.4.5: the default, NO ACTION, refuses); ON DELETE CASCADE there would silently erase it from those orders',
    );
  });

  it('refuses the same product twice in one order (PRIMARY KEY (order_id, product_id))', async () => {
    const categoryId = await newCategory();
    const { rows } = await db().query<{ id: number }>('INSERT INTO products (sku, name, price_cents, category_id) VALUES ($1, $2, $3, $4) RETURNING id', ['A-1', 'hammer', 100, categoryId]);
    const order = await db().query<{ id: number }>("INSERT INTO orders (customer_email, total_cents) VALUES ('a@example.com', 200) RETURNING id");
    const insertLine = 'INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, 1, 100)';
    await db().query(insertLine, [order.rows[0]!.id, rows[0]!.id]);
    await expectRefused(insertLine, [order.rows[0]!.id, rows[0]!.id], SQLSTATE.unique, 'an order has one line per product: order_lines needs PRIMARY KEY (order_id, product_id), and a second line for the same product must be refused (PostgreSQL docs 5.4.4 Primary Keys)');
  });

  it('refuses an order with a negative total (CHECK)', async () => {
    await expectRefused('INSERT INTO orders (customer_email, total_cents) VALUES ($1, $2)', ['a@example.com', -1], SQLSTATE.check, 'a negative order total must be refused by CHECK (total_cents >= 0)');
  });

  it('refuses an order line with a negative price (CHECK)', async () => {
    const categoryId = await newCategory();
    const { rows } = await db().query<{ id: number }>('INSERT INTO products (sku, name, price_cents, category_id) VALUES ($1, $2, $3, $4) RETURNING id', ['A-1', 'hammer', 100, categoryId]);
    const order = await db().query<{ id: number }>("INSERT INTO orders (customer_email, total_cents) VALUES ('a@example.com', 0) RETURNING id");
    await expectRefused(
      'INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, 1, $3)',
      [order.rows[0]!.id, rows[0]!.id, -1],
      SQLSTATE.check,
      'a negative unit price on an order line must be refused by CHECK (price_cents >= 0)',
    );
  });

  it("deletes an order's lines together with the order (ON DELETE CASCADE)", async () => {
    const categoryId = await newCategory();
    const { rows } = await db().query<{ id: number }>('INSERT INTO products (sku, name, price_cents, category_id) VALUES ($1, $2, $3, $4) RETURNING id', ['A-1', 'hammer', 100, categoryId]);
    const order = await db().query<{ id: number }>("INSERT INTO orders (customer_email, total_cents) VALUES ('a@example.com', 200) RETURNING id");
    await db().query('INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, 2, 100)', [order.rows[0]!.id, rows[0]!.id]);
    const error = await rejectionOf(db().query('DELETE FROM orders WHERE id = $1', [order.rows[0]!.id]));
    expect(error, `deleting an order must delete its lines with it (order_lines.order_id ... ON DELETE CASCADE); ${describeError(error)}`).toBeUndefined();
    expect(await countRows(db(), 'order_lines'), 'the lines of a deleted order must be gone too').toBe(0);
  });

  it('can run a second time without an error (IF NOT EXISTS), as it does at every start of the application', async () => {
    const error = await rejectionOf(migrate(db()));
    expect(error, `migrate() ran once before this; running it again must change nothing and not fail (CREATE TABLE IF NOT EXISTS); ${describeError(error)}`).toBeUndefined();
  });
});
