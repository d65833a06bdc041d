// Task 3: a page of products. Values (filters, the cursor) travel as parameters; the
// parts of the statement a parameter cannot stand for (a column, ASC/DESC) may come only
// from constants in this file, never from the caller's text.
import type { Queryable } from './db.js';
import type { Product } from './products.js';

export interface ListOptions {
  categoryId?: number;
  /** Inclusive bounds. */
  minPriceCents?: number;
  maxPriceCents?: number;
  /** true: only products with stock; false: only those without; left out: both. */
  inStock?: boolean;
  /** 'name' (the default) or 'price'. Straight from a query string: anything may arrive. */
  sort?: string;
  /** 'asc' (the default) or 'desc'. */
  direction?: string;
  /** 1 to 100, 20 when left out. */
  limit?: number;
  /** The nextCursor of the previous page; left out (or null) for the first page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function listProducts(db: Queryable, options: ListOptions = {}): Promise<Page<Product>> {
  throw new Error('TODO: task 3 — list products with filters, an allow-listed sort and a keyset cursor');
}
