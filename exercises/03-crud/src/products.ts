// Tasks 2 and 5: one product at a time, every value passed as a parameter, every row
// turned into a typed Product before it leaves this file.
import type { Queryable } from './db.js';

export interface Product {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
  categoryId: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewProduct {
  sku: string;
  name: string;
  priceCents: number;
  /** 0 when left out. */
  stock?: number;
  categoryId: number;
}

/** The fields an update may change; a field left out keeps its value. */
export interface ProductChanges {
  sku?: string;
  name?: string;
  priceCents?: number;
  stock?: number;
}

/** A row of the products table as the database returns it. */
export interface ProductRow {
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

/** Turns a row (snake_case columns) into a Product (camelCase fields, Dates). */
export function toProduct(row: ProductRow): Product {
  throw new Error('TODO: task 2 — map a products row to a Product');
}

/** Inserts the product and returns it as stored; a duplicate SKU is a ConflictError. */
export async function createProduct(db: Queryable, input: NewProduct): Promise<Product> {
  throw new Error('TODO: task 2 — insert a product with a parameterised INSERT ... RETURNING');
}

/** The product with this id, or null when there is none. */
export async function getProduct(db: Queryable, id: number): Promise<Product | null> {
  throw new Error('TODO: task 2 — read one product by id');
}

/**
 * Applies `changes` if the product is still at `expectedVersion`: the updated product,
 * null when there is no such product, VersionConflictError when someone else changed it
 * (that last part is task 5). A duplicate SKU is a ConflictError.
 */
export async function updateProduct(
  db: Queryable,
  id: number,
  expectedVersion: number,
  changes: ProductChanges,
): Promise<Product | null> {
  throw new Error('TODO: task 2 — update one product (task 5: only at the expected version)');
}

/** true when the product was deleted, false when there was none; ordered products are a ConflictError. */
export async function deleteProduct(db: Queryable, id: number): Promise<boolean> {
  throw new Error('TODO: task 2 — delete one product by id');
}
