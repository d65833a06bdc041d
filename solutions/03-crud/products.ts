// Tasks 2 and 5: one product at a time, every value passed as a parameter, every row
// turned into a typed Product before it leaves this file.
import { sqlStateOf, type Queryable } from './db.js';
import { ConflictError, VersionConflictError } from './errors.js';

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

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

export const PRODUCT_COLUMNS = 'id, sku, name, price_cents, stock, category_id, version, created_at, updated_at';

const INSERT_PRODUCT = `
  INSERT INTO products (sku, name, price_cents, stock, category_id)
  VALUES ($1, $2, $3, $4, $5)
  RETURNING ${PRODUCT_COLUMNS}`;

const SELECT_PRODUCT = `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`;

// COALESCE keeps a column when its parameter is NULL: one constant statement serves every
// combination of changes. The version in the WHERE makes a stale write change nothing.
const UPDATE_PRODUCT = `
  UPDATE products
  SET sku = COALESCE($3, sku),
      name = COALESCE($4, name),
      price_cents = COALESCE($5, price_cents),
      stock = COALESCE($6, stock),
      version = version + 1,
      updated_at = now()
  WHERE id = $1 AND version = $2
  RETURNING ${PRODUCT_COLUMNS}`;

const SELECT_VERSION = 'SELECT version FROM products WHERE id = $1';

const DELETE_PRODUCT = 'DELETE FROM products WHERE id = $1';

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    priceCents: row.price_cents,
    stock: row.stock,
    categoryId: row.category_id,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export async function createProduct(db: Queryable, input: NewProduct): Promise<Product> {
  const params = [input.sku, input.name, input.priceCents, input.stock ?? 0, input.categoryId];
  try {
    const { rows } = await db.query<ProductRow>(INSERT_PRODUCT, params);
    return toProduct(rows[0]!);
  } catch (error) {
    throw asSkuConflict(error, input.sku);
  }
}

export async function getProduct(db: Queryable, id: number): Promise<Product | null> {
  const { rows } = await db.query<ProductRow>(SELECT_PRODUCT, [id]);
  return rows[0] ? toProduct(rows[0]) : null;
}

/**
 * Applies `changes` if the product is still at `expectedVersion`: the updated product,
 * null when there is no such product, VersionConflictError when someone else changed it.
 */
export async function updateProduct(
  db: Queryable,
  id: number,
  expectedVersion: number,
  changes: ProductChanges,
): Promise<Product | null> {
  const params = [
    id,
    expectedVersion,
    changes.sku ?? null,
    changes.name ?? null,
    changes.priceCents ?? null,
    changes.stock ?? null,
  ];
  let rows: ProductRow[];
  try {
    ({ rows } = await db.query<ProductRow>(UPDATE_PRODUCT, params));
  } catch (error) {
    throw asSkuConflict(error, changes.sku);
  }
  if (rows[0]) return toProduct(rows[0]);
  // Nothing matched: either the product is gone, or its version moved on.
  const current = await db.query<{ version: number }>(SELECT_VERSION, [id]);
  if (!current.rows[0]) return null;
  throw new VersionConflictError(id, expectedVersion, current.rows[0].version);
}

/** true when the product was deleted, false when there was none. */
export async function deleteProduct(db: Queryable, id: number): Promise<boolean> {
  try {
    const { rowCount } = await db.query(DELETE_PRODUCT, [id]);
    return rowCount === 1;
  } catch (error) {
    if (sqlStateOf(error) === FOREIGN_KEY_VIOLATION) {
      throw new ConflictError(`product ${id} appears in orders and cannot be deleted`, { cause: error });
    }
    throw error;
  }
}

function asSkuConflict(error: unknown, sku: string | undefined): unknown {
  if (sqlStateOf(error) !== UNIQUE_VIOLATION) return error;
  return new ConflictError(`a product with SKU ${JSON.stringify(sku)} already exists`, { cause: error });
}
