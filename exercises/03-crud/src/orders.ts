// Task 4: an order is several writes that stand or fall together.
import type { Database } from './db.js';

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
  /** In the order the caller gave them. */
  lines: OrderLine[];
}

/**
 * Takes the stock of every line and stores the order with its lines, all in one
 * transaction: an OutOfStockError (or any other failure) leaves nothing written.
 */
export async function placeOrder(db: Database, input: NewOrder): Promise<Order> {
  throw new Error('TODO: task 4 — place the order in one transaction');
}
