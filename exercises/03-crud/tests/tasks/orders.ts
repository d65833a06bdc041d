import { beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../runner/kit/random.js';
import { OutOfStockError } from '../../src/errors.js';
import { placeOrder, type Order } from '../../src/orders.js';
import {
  codeOf,
  countRows,
  db,
  describeError,
  insertCategory,
  insertProduct,
  productRows,
  raceBehindLock,
  raceDb,
  rejectionOf,
  useFixtureSchema,
  useRaceServer,
} from '../support/database.js';

const rng = seededRandom();

let categoryId: number;


async function stockOf(): Promise<Record<number, number>> {
  return Object.fromEntries((await productRows(db())).map((row) => [row.id, row.stock]));
}

interface Snapshot {
  orders: number;
  lines: number;
  stock: Record<number, number>;
}

async function snapshot(): Promise<Snapshot> {
  return { orders: await countRows(db(), 'orders'), lines: await countRows(db(), 'order_lines'), stock: await stockOf() };
}

/** After a refused order: no new order, no new line, and every stock as before. */
async function expectNothingWritten(before: Snapshot, what: string): Promise<void> {
  const partial = 'an order is all-or-nothing: run every statement of placeOrder inside db.transaction(async (tx) => ...) and send each one through tx, so one failure rolls back all the earlier writes';
  expect(await countRows(db(), 'orders'), `${what}, yet an orders row was left behind: ${partial}`).toBe(before.orders);
  expect(await countRows(db(), 'order_lines'), `${what}, yet order_lines rows were left behind: ${partial}`).toBe(before.lines);
  expect(await stockOf(), `${what}, yet stock was taken from a product: ${partial}`).toEqual(before.stock);
}

/** An order that must go through, so that a refusal later in the test means something. */
async function placeFirstOrder(productId: number): Promise<void> {
  const error = await rejectionOf(placeOrder(db(), { customerEmail: 'first@example.com', lines: [{ productId, quantity: 1 }] }));
  expect(error, `a valid order for 1 of product ${productId} must be placed; ${describeError(error)}`).toBeUndefined();
}

describe('task 4: place an order in one transaction', () => {
  useFixtureSchema();

  beforeEach(async () => {
    categoryId = await insertCategory(db(), 'tools');
  });

  it('places an order: an id, the lines with their unit prices, the total, and createdAt as a Date', async () => {
    const price1 = rng.int(100, 5000);
    const price2 = rng.int(100, 5000);
    const hammer = await insertProduct(db(), { priceCents: price1, stock: 10, categoryId });
    const saw = await insertProduct(db(), { priceCents: price2, stock: 10, categoryId });
    const order = await placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: saw, quantity: 3 }, { productId: hammer, quantity: 2 }] });
    expect(order, rng.tag(`placeOrder returned ${JSON.stringify(order)}`)).toEqual<Order>({
      id: expect.any(Number) as number,
      customerEmail: 'ada@example.com',
      totalCents: 3 * price2 + 2 * price1,
      createdAt: expect.any(Date) as Date,
      lines: [
        { productId: saw, quantity: 3, priceCents: price2 },
        { productId: hammer, quantity: 2, priceCents: price1 },
      ],
    });
  });

  it('stores the order and one order_lines row per line', async () => {
    const hammer = await insertProduct(db(), { priceCents: 1000, stock: 10, categoryId });
    const saw = await insertProduct(db(), { priceCents: 2500, stock: 10, categoryId });
    const order = await placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity: 1 }, { productId: saw, quantity: 2 }] });
    const { rows } = await db().query<{ order_id: number; product_id: number; quantity: number; price_cents: number }>(
      'SELECT order_id, product_id, quantity, price_cents FROM order_lines ORDER BY product_id',
    );
    expect(rows, 'order_lines must hold each line with the order id, quantity and the unit price at the time of the order').toEqual([
      { order_id: order.id, product_id: hammer, quantity: 1, price_cents: 1000 },
      { order_id: order.id, product_id: saw, quantity: 2, price_cents: 2500 },
    ]);
    const stored = await db().query<{ total_cents: number; customer_email: string }>('SELECT total_cents, customer_email FROM orders WHERE id = $1', [order.id]);
    expect(stored.rows, 'the orders row must hold the customer and the total').toEqual([{ total_cents: 6000, customer_email: 'ada@example.com' }]);
  });

  it('takes the ordered quantity from each product\'s stock', async () => {
    const stock = rng.int(5, 20);
    const hammer = await insertProduct(db(), { stock, categoryId });
    const saw = await insertProduct(db(), { stock, categoryId });
    const quantity = rng.int(1, 5);
    await placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity }] });
    expect(await stockOf(), rng.tag(`ordering ${quantity} of product ${hammer} must take ${quantity} from its stock and leave the other product alone`)).toEqual({ [hammer]: stock - quantity, [saw]: stock });
  });

  it('sells the last items: an order for exactly the stock left is placed and leaves 0', async () => {
    const stock = rng.int(1, 9);
    const lamp = await insertProduct(db(), { stock, categoryId });
    const error = await rejectionOf(placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: lamp, quantity: stock }] }));
    expect(error, rng.tag(`${stock} in stock and ${stock} ordered: the order must be placed (the condition is stock >= $2, not stock > $2); ${describeError(error)}`)).toBeUndefined();
    expect(await stockOf(), 'and the stock must end at 0').toEqual({ [lamp]: 0 });
  });

  it('refuses an order when a line asks for more than the stock, with an OutOfStockError naming the product, and writes nothing', async () => {
    const hammer = await insertProduct(db(), { stock: 10, categoryId });
    const saw = await insertProduct(db(), { stock: 2, categoryId });
    const before = await snapshot();
    const error = await rejectionOf(placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity: 1 }, { productId: saw, quantity: 3 }] }));
    expect(error instanceof OutOfStockError, `3 of product ${saw} were ordered with 2 in stock: placeOrder must reject with an OutOfStockError; ${describeError(error)}`).toBe(true);
    expect((error as OutOfStockError).productId, 'the OutOfStockError must name the product that is short').toBe(saw);
    await expectNothingWritten(before, `the second line of the order failed`);
  });

  it('refuses an order for a product that does not exist, and writes nothing', async () => {
    const hammer = await insertProduct(db(), { stock: 10, categoryId });
    await placeFirstOrder(hammer);
    const before = await snapshot();
    const error = await rejectionOf(placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity: 1 }, { productId: hammer + 99, quantity: 1 }] }));
    expect(error instanceof OutOfStockError, `product ${hammer + 99} does not exist, so there is none of it in stock: placeOrder must reject with an OutOfStockError; ${describeError(error)}`).toBe(true);
    await expectNothingWritten(before, `product ${hammer + 99} does not exist`);
  });

  it('rolls back everything when the last statement fails (a quantity of 0 breaks the order_lines CHECK)', async () => {
    const hammer = await insertProduct(db(), { stock: 10, categoryId });
    const saw = await insertProduct(db(), { stock: 10, categoryId });
    await placeFirstOrder(saw);
    const before = await snapshot();
    const error = await rejectionOf(placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity: 2 }, { productId: saw, quantity: 0 }] }));
    expect(error, 'a line with quantity 0 must make the order fail (the schema refuses it)').toBeDefined();
    await expectNothingWritten(before, 'an order line could not be stored');
  });

  it('keeps the unit price of the order when the product\'s price changes later', async () => {
    const hammer = await insertProduct(db(), { priceCents: 1000, stock: 10, categoryId });
    const order = await placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity: 1 }] });
    await db().query('UPDATE products SET price_cents = 9999 WHERE id = $1', [hammer]);
    const { rows } = await db().query<{ price_cents: number }>('SELECT price_cents FROM order_lines WHERE order_id = $1', [order.id]);
    expect(rows.map((row) => row.price_cents), 'an order line stores the price paid, copied when the order is placed, so a price change never rewrites past orders').toEqual([1000]);
  });

  it('sets updated_at of every product it takes stock from', async () => {
    const hammer = await insertProduct(db(), { stock: 10, categoryId, at: '2024-03-01T10:00:00.000Z' });
    await placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity: 1 }] });
    const [row] = await productRows(db());
    expect(row!.updated_at.getTime(), 'taking stock changes the product: set updated_at = now() in the same UPDATE (it was 2024-03-01)').toBeGreaterThan(Date.parse('2024-03-02'));
  });

  it('moves the version of every product it takes stock from, so an edit based on the old stock cannot write it back', async () => {
    const hammer = await insertProduct(db(), { stock: 10, categoryId });
    await placeOrder(db(), { customerEmail: 'ada@example.com', lines: [{ productId: hammer, quantity: 4 }] });
    const [row] = await productRows(db());
    expect(row!.version, 'taking stock changes the product: add 1 to its version in the same UPDATE (task 5 relies on it)').toBe(2);
  });

  describe('two orders at once, on a PostgreSQL server (two real sessions)', () => {
    useRaceServer();

    let raceCategory: number;
    beforeEach(async () => {
      raceCategory = await insertCategory(raceDb(), 'tools');
    });

    it('never sells more than is in stock when two orders race for the last item', async () => {
      const lamp = await insertProduct(raceDb(), { stock: 1, categoryId: raceCategory });
      const order = (customerEmail: string) => () => placeOrder(raceDb(), { customerEmail, lines: [{ productId: lamp, quantity: 1 }] });
      const results = await raceBehindLock([lamp], [order('ada@example.com'), order('grace@example.com')]);
      const reasons = results.map((result) => (result.status === 'rejected' ? describeError(result.reason) : 'placed'));
      const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      const why =
        'one lamp in stock, two orders on two sessions, both started before either wrote: exactly one may be placed, the other must get an OutOfStockError. ' +
        'A SELECT of the stock followed by an UPDATE lets both read 1 and both sell it; check and take in one statement, UPDATE ... SET stock = stock - $2 WHERE id = $1 AND stock >= $2, ' +
        'which on Read Committed re-checks its WHERE on the row the other order just changed (PostgreSQL docs 13.2.1)';
      expect(reasons.filter((reason) => reason === 'placed').length, `${why}; got: ${reasons.join('; ')}`).toBe(1);
      expect(refused.length === 1 && refused[0] instanceof OutOfStockError, `${why}; the refused order ${describeError(refused[0])}`).toBe(true);
      const [row] = await productRows(raceDb());
      expect([row!.stock, await countRows(raceDb(), 'orders')], 'the stock must end at 0 with one order placed').toEqual([0, 1]);
    });

    it('places two orders that take the same products in opposite line orders, without a deadlock', async () => {
      const hammer = await insertProduct(raceDb(), { stock: 10, categoryId: raceCategory });
      const saw = await insertProduct(raceDb(), { stock: 10, categoryId: raceCategory });
      const order = (customerEmail: string, first: number, second: number) => () =>
        placeOrder(raceDb(), { customerEmail, lines: [{ productId: first, quantity: 1 }, { productId: second, quantity: 1 }] });
      const results = await raceBehindLock([hammer, saw], [order('ada@example.com', hammer, saw), order('grace@example.com', saw, hammer)]);
      for (const result of results) {
        const error: unknown = result.status === 'rejected' ? result.reason : undefined;
        const deadlock = codeOf(error) === '40P01';
        expect(
          error,
          deadlock
            ? `the two orders deadlocked (SQLSTATE 40P01, PostgreSQL aborted one): one took the hammer and waited for the saw, the other took the saw and waited for the hammer. Take stock in product-id order whatever the order of the lines (sort a copy of the lines by productId before the UPDATEs, and return the lines in the caller's order), so two orders always lock shared products in the same order (PostgreSQL docs 13.3.4 Deadlocks); ${describeError(error)}`
            : `both orders have enough stock and must be placed; ${describeError(error)}`,
        ).toBeUndefined();
      }
      expect((await productRows(raceDb())).map((row) => row.stock), 'each order took one hammer and one saw').toEqual([8, 8]);
    });
  });
});
