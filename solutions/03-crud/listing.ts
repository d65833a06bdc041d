// Task 3: a page of products. Values (filters, the cursor) travel as parameters; the
// parts of the statement a parameter cannot stand for (a column, ASC/DESC) come only
// from the constant tables below, never from the caller's text.
import type { Queryable } from './db.js';
import { InvalidListOptionsError } from './errors.js';
import { PRODUCT_COLUMNS, toProduct, type Product, type ProductRow } from './products.js';

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

const SORT_COLUMNS = { name: 'name', price: 'price_cents' } as const;
const DIRECTIONS = {
  asc: { order: 'ASC', after: '>' },
  desc: { order: 'DESC', after: '<' },
} as const;

type SortKey = keyof typeof SORT_COLUMNS;
type Direction = keyof typeof DIRECTIONS;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** What a cursor carries: the last row's sort value and id, and the order it belongs to. */
interface CursorData {
  sort: SortKey;
  direction: Direction;
  value: string | number;
  id: number;
}

export async function listProducts(db: Queryable, options: ListOptions = {}): Promise<Page<Product>> {
  const sort = pick(SORT_COLUMNS, options.sort ?? 'name', 'sort');
  const direction = pick(DIRECTIONS, options.direction ?? 'asc', 'direction');
  const limit = checkLimit(options.limit ?? DEFAULT_LIMIT);
  const after = options.cursor ? decodeCursor(options.cursor, sort, direction) : null;
  const params = [
    options.categoryId ?? null,
    options.minPriceCents ?? null,
    options.maxPriceCents ?? null,
    options.inStock ?? null,
    after === null,
    after?.value ?? null,
    after?.id ?? null,
    limit + 1, // one more than asked: whether it comes back tells if there is a next page
  ];
  const { rows } = await db.query<ProductRow>(pageQuery(sort, direction), params);
  const items = rows.slice(0, limit).map(toProduct);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ sort, direction, value: sortValue(last, sort), id: last.id }) : null;
  return { items, nextCursor };
}

// Keyset pagination: "after the last row I saw" is the row comparison (column, id) > (v, id),
// in the order's direction. id breaks ties, so no row is ever skipped or shown twice, and
// the index on (column, id) serves both the WHERE and the ORDER BY.
function pageQuery(sort: SortKey, direction: Direction): string {
  const column = SORT_COLUMNS[sort];
  const { order, after } = DIRECTIONS[direction];
  return `
    SELECT ${PRODUCT_COLUMNS} FROM products
    WHERE ($1::integer IS NULL OR category_id = $1)
      AND ($2::integer IS NULL OR price_cents >= $2)
      AND ($3::integer IS NULL OR price_cents <= $3)
      AND ($4::boolean IS NULL OR (stock > 0) = $4)
      AND ($5::boolean OR (${column}, id) ${after} ($6, $7))
    ORDER BY ${column} ${order}, id ${order}
    LIMIT $8`;
}

/** The key of `table` named by `value`; own keys only, so 'toString' is no sort. */
function pick<T extends object>(table: T, value: string, what: string): keyof T & string {
  if (!Object.hasOwn(table, value)) {
    throw new InvalidListOptionsError(`${what} must be one of ${Object.keys(table).join(', ')}`);
  }
  return value as keyof T & string;
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidListOptionsError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

function sortValue(product: Product, sort: SortKey): string | number {
  return sort === 'name' ? product.name : product.priceCents;
}

function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

function decodeCursor(cursor: string, sort: SortKey, direction: Direction): CursorData {
  let data: Partial<CursorData> | null = null;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorData>;
  } catch {
    // Not ours: refused below.
  }
  // Ours carry a name as a string and a price as whole cents: anything else is forged, and
  // would reach the query as a value the column cannot hold.
  const fits = (value: unknown): boolean => (sort === 'name' ? typeof value === 'string' : Number.isInteger(value));
  if (
    data === null ||
    typeof data !== 'object' ||
    data.sort !== sort ||
    data.direction !== direction ||
    !fits(data.value) ||
    !Number.isInteger(data.id)
  ) {
    throw new InvalidListOptionsError('the cursor is not one this listing gave out for this sort and direction');
  }
  return data as CursorData;
}
