// Task 4: an order is several writes that stand or fall together. Every statement runs
// on the transaction's `tx`; any throw inside rolls all of them back.
import type { Database, Queryable } from './db.js';
import { OutOfStockError } from './errors.js';

export interface OrderLineInput {
  productId: number;
  quantity: number;
}

export interface NewOrder {
  customerEmail: string;
  lines: OrderLineInput[];
}

export interface OrderLine {
  productId: number;
  quantity: number;
  /** The unit price when the order was placed: later price changes do not touch it. */
  priceCents: number;
}

export interface Order {
  id: number;
  customerEmail: string;
  totalCents: number;
  createdAt: Date;
  lines: OrderLine[];
}

// Checks and takes the stock in one statement: no gap between reading and writing for
// another order to slip into. The version moves on, so an edit based on the old stock
// cannot write it back (task 5).
const TAKE_STOCK = `
  UPDATE products
  SET stock = stock - $2, version = version + 1, updated_at = now()
  WHERE id = $1 AND stock >= $2
  RETURNING price_cents`;

const INSERT_ORDER = `
  INSERT INTO orders (customer_email, total_cents) VALUES ($1, $2)
  RETURNING id, customer_email, total_cents, created_at`;

const INSERT_LINE = `
  INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, $3, $4)`;

interface OrderRow {
  id: number;
  customer_email: string;
  total_cents: number;
  created_at: Date;
}

export async function placeOrder(db: Database, input: NewOrder): Promise<Order> {
  // Always lock products in the same order (by id): two orders for the same products can
  // then never wait on each other in a circle (a deadlock) on a real server.
  const wanted = [...input.lines].sort((a, b) => a.productId - b.productId);
  return db.transaction(async (tx) => {
    const taken = new Map<OrderLineInput, OrderLine>();
    for (const line of wanted) taken.set(line, await takeStock(tx, line));
    const lines = input.lines.map((line) => taken.get(line)!); // back in the caller's order
    const total = lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0);
    const { rows } = await tx.query<OrderRow>(INSERT_ORDER, [input.customerEmail, total]);
    const order = rows[0]!;
    for (const line of lines) {
      await tx.query(INSERT_LINE, [order.id, line.productId, line.quantity, line.priceCents]);
    }
    return {
      id: order.id,
      customerEmail: order.customer_email,
      totalCents: order.total_cents,
      createdAt: new Date(order.created_at),
      lines,
    };
  });
}

async function takeStock(tx: Queryable, line: OrderLineInput): Promise<OrderLine> {
  const { rows } = await tx.query<{ price_cents: number }>(TAKE_STOCK, [line.productId, line.quantity]);
  if (!rows[0]) throw new OutOfStockError(line.productId);
  return { productId: line.productId, quantity: line.quantity, priceCents: rows[0].price_cents };
}
