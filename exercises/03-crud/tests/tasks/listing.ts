import { beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../runner/kit/random.js';
import { InvalidListOptionsError } from '../../src/errors.js';
import { listProducts, type ListOptions, type Page } from '../../src/listing.js';
import type { Product } from '../../src/products.js';
import { countRows, db, describeError, insertCategory, insertProducts, rejectionOf, useFixtureSchema } from '../support/database.js';

const rng = seededRandom();

const PRODUCTS = 27;
// Names whose UTF-8 takes two, three and four bytes a character, each held by two
// products: a cursor that does not carry the name back exactly skips or repeats one.
const NON_ASCII_NAMES = ['épée', 'Ölkanne', '漢字', '🔨 hammer'];
// Few prices and names for many products: most sort values are shared, so only the
// tie-breaker (id) decides where one page ends and the next begins.
const PRICES = [500, 1000, 1000, 2500];
const NAMES = ['anvil', 'bolt', 'chisel', 'drill'];
const MAX_PAGES = 60;

let tools: number;
let garden: number;


/** The ids in the order the listing must give them, straight from the table. */
async function expectedIds(order: 'name' | 'price', direction: 'asc' | 'desc', filter: (row: Row) => boolean = () => true): Promise<number[]> {
  const queries = {
    'name asc': 'SELECT * FROM products ORDER BY name ASC, id ASC',
    'name desc': 'SELECT * FROM products ORDER BY name DESC, id DESC',
    'price asc': 'SELECT * FROM products ORDER BY price_cents ASC, id ASC',
    'price desc': 'SELECT * FROM products ORDER BY price_cents DESC, id DESC',
  } as const;
  const { rows } = await db().query<Row>(queries[`${order} ${direction}`]);
  return rows.filter(filter).map((row) => row.id);
}

interface Row {
  id: number;
  price_cents: number;
  stock: number;
  category_id: number;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The object a cursor holds when it is base64url of a JSON object, as the README suggests; otherwise undefined. */
function objectIn(cursor: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The one key whose value is `value`; undefined when none or several hold it. */
function onlyKeyHolding(data: Record<string, unknown>, value: unknown): string | undefined {
  const keys = Object.keys(data).filter((key) => data[key] === value);
  return keys.length === 1 ? keys[0] : undefined;
}

/** Follows nextCursor from the first page to the last, collecting ids. */
async function walk(options: ListOptions): Promise<{ ids: number[]; pages: number[][] }> {
  const pages: number[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Product> = await listProducts(db(), { ...options, cursor });
    pages.push(page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < MAX_PAGES);
  return { ids: pages.flat(), pages };
}

function compareWalk(actual: number[], expected: number[], pages: number[][], what: string): string {
  const seen = new Set<number>();
  const repeated = actual.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  const skipped = expected.filter((id) => !actual.includes(id));
  return rng.tag(
    `${what}: walking every page must give every matching product exactly once, in order.\n` +
      `  skipped: [${skipped.join(', ')}]  repeated: [${repeated.join(', ')}]\n` +
      `  pages:   ${pages.map((page) => `[${page.join(', ')}]`).join(' ')}\n` +
      '  A row repeats when the cursor condition includes the last row (>= instead of >); rows sharing a sort value are skipped when the cursor compares the sort column alone: compare (column, id) > ($value, $id) and ORDER BY column, id.',
  );
}

describe('task 3: list products with filters, a safe sort and cursor pagination', () => {
  useFixtureSchema();

  beforeEach(async () => {
    tools = await insertCategory(db(), 'tools');
    garden = await insertCategory(db(), 'garden');
    await insertProducts(
      db(),
      Array.from({ length: PRODUCTS }, () => ({
        name: rng.pick(NAMES),
        priceCents: rng.pick(PRICES),
        stock: rng.pick([0, 0, 3, 7]),
        categoryId: rng.pick([tools, tools, garden]),
      })),
    );
  });

  it('returns the first page in name order, at most 20 products, each a mapped Product', async () => {
    const page = await listProducts(db());
    const expected = (await expectedIds('name', 'asc')).slice(0, 20);
    expect(page.items.map((item) => item.id), rng.tag('listProducts(db) with no options: sort by name, ascending, ties by id, 20 per page')).toEqual(expected);
    expect(page.items[0]?.createdAt instanceof Date && typeof page.items[0]?.priceCents === 'number', 'each item is a Product, as getProduct returns it (camelCase, Date)').toBe(true);
    expect(page.nextCursor, `there are ${PRODUCTS} products, so after 20 there is a next page: nextCursor must be a string`).toEqual(expect.any(String));
  });

  it('sorts by price, cheapest first, and by id among equal prices', async () => {
    const page = await listProducts(db(), { sort: 'price', limit: 100 });
    expect(page.items.map((item) => item.id), rng.tag("sort: 'price' orders by price_cents ASC, then id ASC")).toEqual(await expectedIds('price', 'asc'));
    expect(page.nextCursor, 'everything fit on one page: nextCursor must be null').toBeNull();
  });

  it('sorts in descending order when direction is desc, ties by id descending', async () => {
    const page = await listProducts(db(), { sort: 'price', direction: 'desc', limit: 100 });
    expect(page.items.map((item) => item.id), rng.tag("direction: 'desc' orders by price_cents DESC, then id DESC")).toEqual(await expectedIds('price', 'desc'));
  });

  it('walks every product exactly once across pages when many share a price', async () => {
    const limit = rng.int(2, 5);
    const { ids, pages } = await walk({ sort: 'price', limit });
    expect(ids, compareWalk(ids, await expectedIds('price', 'asc'), pages, `sort by price, ${limit} per page`)).toEqual(await expectedIds('price', 'asc'));
  });

  it('walks every product exactly once by name, descending, when many share a name', async () => {
    const limit = rng.int(2, 5);
    const { ids, pages } = await walk({ sort: 'name', direction: 'desc', limit });
    expect(ids, compareWalk(ids, await expectedIds('name', 'desc'), pages, `sort by name desc, ${limit} per page`)).toEqual(await expectedIds('name', 'desc'));
  });

  it('still finds the next rows after a product on the previous page was deleted', async () => {
    const first = await listProducts(db(), { sort: 'price', limit: 5 });
    const removed = first.items.at(-1)!.id;
    await db().query('DELETE FROM products WHERE id = $1', [removed]);
    const second = await listProducts(db(), { sort: 'price', limit: 5, cursor: first.nextCursor });
    const expected = (await expectedIds('price', 'asc')).slice(4, 9);
    expect(
      second.items.map((item) => item.id),
      rng.tag('a cursor holds the last row\'s sort value and id, so the next page starts right after where that row was, even when the row itself is gone (an OFFSET or a lookup of the row by id would not)'),
    ).toEqual(expected);
  });

  it('walks every product exactly once by name when names are not ASCII (accents, other scripts, emoji)', async () => {
    const intl = await insertCategory(db(), 'international');
    await insertProducts(db(), NON_ASCII_NAMES.flatMap((name) => [name, name]).map((name) => ({ name, priceCents: rng.pick(PRICES), stock: 3, categoryId: intl })));
    const { ids, pages } = await walk({ categoryId: intl, sort: 'name', limit: 1 });
    const expected = await expectedIds('name', 'asc', (row) => row.category_id === intl);
    expect(
      ids,
      compareWalk(ids, expected, pages, `names ${JSON.stringify(NON_ASCII_NAMES)}, each twice, 1 per page`) +
        "\n  The cursor must give back the last name exactly, character for character: encode it as UTF-8 (Buffer.from(json, 'utf8')), not latin1 or btoa, which mangle or refuse every character outside ASCII.",
    ).toEqual(expected);
  });

  it('gives nextCursor null on the last page, even when that page is exactly full', async () => {
    const first = await listProducts(db(), { sort: 'price', limit: 20 });
    const last = await listProducts(db(), { sort: 'price', limit: 7, cursor: first.nextCursor });
    expect(last.items.length, `${PRODUCTS} products: 20 on the first page, 7 on the second`).toBe(7);
    expect(last.nextCursor, 'nothing comes after the last page, so nextCursor is null: fetch limit + 1 rows to know whether another page exists, and return only limit of them').toBeNull();
  });

  it('filters by category, price range and stock, on every page', async () => {
    const min = 1000;
    const max = 2500;
    // The random rows need not hold a price exactly at either bound: these make sure
    // both edges, and the prices just outside them, are there on every seed.
    await insertProducts(db(), [
      { name: 'at the minimum', priceCents: min, stock: 3, categoryId: tools },
      { name: 'at the maximum', priceCents: max, stock: 7, categoryId: tools },
      { name: 'just under the minimum', priceCents: min - 1, stock: 3, categoryId: tools },
      { name: 'just over the maximum', priceCents: max + 1, stock: 7, categoryId: tools },
      { name: 'the last one in stock', priceCents: min, stock: 1, categoryId: tools },
    ]);
    const options = { categoryId: tools, minPriceCents: min, maxPriceCents: max, inStock: true, sort: 'price', limit: 3 };
    const { ids, pages } = await walk(options);
    const expected = await expectedIds('price', 'asc', (row) => row.category_id === tools && row.price_cents >= min && row.price_cents <= max && row.stock > 0);
    expect(ids, compareWalk(ids, expected, pages, `filters ${JSON.stringify({ ...options, limit: undefined })} (bounds inclusive; in stock means stock above 0, so a stock of 1 counts)`)).toEqual(expected);
    const outOfStock = await walk({ inStock: false, sort: 'price', limit: 100 });
    expect(outOfStock.ids, rng.tag('inStock: false lists only products with stock 0')).toEqual(await expectedIds('price', 'asc', (row) => row.stock === 0));
  });

  it('includes a product priced exactly at the maximum, also when the maximum is 0', async () => {
    await insertProducts(db(), [
      { name: 'free sample', priceCents: 0, stock: 3, categoryId: garden },
      { name: 'free leaflet', priceCents: 0, stock: 0, categoryId: tools },
    ]);
    const page = await listProducts(db(), { maxPriceCents: 0, sort: 'price', limit: 100 });
    expect(
      page.items.map((item) => item.priceCents),
      rng.tag('maxPriceCents: 0 lists the free products only, both of them (the bound is inclusive): 0 is a bound like any other, so pass options.maxPriceCents ?? null, not || null, which would drop the filter and list everything'),
    ).toEqual([0, 0]);
  });

  it('refuses a sort that is not on its allow-list, whatever it says, and runs nothing', async () => {
    for (const sort of ['stock', 'sku', 'price_cents; DROP TABLE products; --', 'toString', 'PRICE', 'Name']) {
      const error = await rejectionOf(listProducts(db(), { sort }));
      expect(
        error instanceof InvalidListOptionsError,
        `sort: ${JSON.stringify(sort)} must be refused with an InvalidListOptionsError before any query runs: a column name cannot be a $1 parameter, so only a fixed table of allowed sorts may choose it, looked up with the caller's text exactly as it came (no trimming or case folding: 'PRICE' is not on the list) (OWASP SQL Injection Prevention Cheat Sheet, defense 3: allow-list input validation); ${describeError(error)}`,
      ).toBe(true);
    }
    expect(await countRows(db(), 'products'), 'the products table must still be there').toBe(PRODUCTS);
  });

  it('refuses a direction other than asc or desc', async () => {
    for (const direction of ['sideways', 'desc; DROP TABLE products; --', 'DESC', 'Asc']) {
      const error = await rejectionOf(listProducts(db(), { direction }));
      expect(error instanceof InvalidListOptionsError, `direction: ${JSON.stringify(direction)} must be refused with an InvalidListOptionsError: the allow-list holds 'asc' and 'desc', matched exactly (OWASP SQL Injection Prevention Cheat Sheet, defense 3); ${describeError(error)}`).toBe(true);
    }
  });

  it('refuses a limit that is not a whole number from 1 to 100', async () => {
    for (const limit of [0, 101, 2.5, -3]) {
      const error = await rejectionOf(listProducts(db(), { limit }));
      expect(error instanceof InvalidListOptionsError, `limit: ${limit} must be refused with an InvalidListOptionsError: a page size comes from the caller and bounds the work of every request; ${describeError(error)}`).toBe(true);
    }
  });

  it('refuses a cursor it did not give out, and one given out for another sort or direction', async () => {
    const byPrice = await listProducts(db(), { sort: 'price', limit: 5 });
    const cases: Array<[string, ListOptions]> = [
      ['a made-up cursor', { cursor: 'not-a-cursor' }],
      ['a price cursor used to sort by name', { sort: 'name', cursor: byPrice.nextCursor }],
      ['an ascending cursor used descending', { sort: 'price', direction: 'desc', cursor: byPrice.nextCursor }],
    ];
    for (const [what, options] of cases) {
      const error = await rejectionOf(listProducts(db(), { limit: 5, ...options }));
      expect(error instanceof InvalidListOptionsError, `${what} must be refused with an InvalidListOptionsError, not followed to a wrong page; ${describeError(error)}`).toBe(true);
    }
  });

  it('refuses a forged cursor: JSON that is no object, or its own shape with a value or an id no cursor it gives out holds', async () => {
    const cases: Array<[string, ListOptions]> = ['null', '[]', '"price"', '42'].map((json) => [`the JSON ${json} as a cursor`, { sort: 'price', cursor: base64url(json) }]);
    for (const sort of ['price', 'name'] as const) {
      const first = await listProducts(db(), { sort, limit: 2 });
      const last = first.items.at(-1);
      // Forged from the listing's own cursor, so any field names pass: only the field that
      // holds the last row's sort value, and the one that holds its id, are changed.
      const data = first.nextCursor === null || last === undefined ? undefined : objectIn(first.nextCursor);
      const valueKey = data && onlyKeyHolding(data, sort === 'price' ? last?.priceCents : last?.name);
      const idKey = data && onlyKeyHolding(data, last?.id);
      if (!data || valueKey === undefined || idKey === undefined) continue; // a cursor of another format: the cases above hold for it
      const forged = (what: string, change: (copy: Record<string, unknown>) => void): [string, ListOptions] => {
        const copy = { ...data };
        change(copy);
        return [`a ${sort} cursor with ${what} (${JSON.stringify(copy)})`, { sort, cursor: base64url(JSON.stringify(copy)) }];
      };
      cases.push(
        sort === 'price'
          ? forged('a price as text', (copy) => (copy[valueKey] = 'cheap'))
          : forged('a name as a number', (copy) => (copy[valueKey] = 5)),
        forged('no id', (copy) => delete copy[idKey]),
        forged('an id as text', (copy) => (copy[idKey] = 'x')),
        forged('a fractional id', (copy) => (copy[idKey] = 1.5)),
      );
      if (sort === 'price') cases.push(forged('a fraction of a cent', (copy) => (copy[valueKey] = (last?.priceCents ?? 0) + 0.5)));
    }
    for (const [what, options] of cases) {
      const error = await rejectionOf(listProducts(db(), { limit: 2, ...options }));
      expect(error instanceof InvalidListOptionsError, `${what} was never given out by listProducts: refuse it with an InvalidListOptionsError before any query runs (check every field's type, not only the sort and direction), not with a database error or a wrong page; ${describeError(error)}`).toBe(true);
    }
  });
});
