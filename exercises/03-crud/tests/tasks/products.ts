import { beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../runner/kit/random.js';
import { ConflictError } from '../../src/errors.js';
import { createProduct, deleteProduct, getProduct, updateProduct, type Product } from '../../src/products.js';
import {
  codeOf,
  countRows,
  db,
  describeError,
  insertCategory,
  insertProduct,
  productRows,
  rejectionOf,
  useFixtureSchema,
} from '../support/database.js';

const rng = seededRandom();

const PRODUCT_KEYS = ['categoryId', 'createdAt', 'id', 'name', 'priceCents', 'sku', 'stock', 'updatedAt', 'version'];
const INJECTION_NAME = "Robert'); DROP TABLE products; --";
const INJECTION_SKU = "X' OR '1'='1";

let categoryId: number;


function show(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

function expectProductShape(product: Product | null, what: string): asserts product is Product {
  expect(product, `${what} must return the product, not ${String(product)}`).not.toBeNull();
  expect(
    Object.keys(product as object).sort(),
    rng.tag(`${what} must return a Product with exactly these camelCase fields, mapped from the snake_case columns; got ${show(product)}`),
  ).toEqual(PRODUCT_KEYS);
  const p = product as Product;
  expect(p.createdAt instanceof Date && p.updatedAt instanceof Date, `${what}: createdAt and updatedAt must be Date objects; got ${show(p)}`).toBe(true);
  expect(typeof p.id === 'number' && typeof p.priceCents === 'number', `${what}: id and priceCents must be numbers; got ${show(p)}`).toBe(true);
}

describe('task 2: create, read, update and delete a product', () => {
  useFixtureSchema();

  beforeEach(async () => {
    categoryId = await insertCategory(db(), 'tools');
  });

  it('creates a product and returns it as stored: an id, version 1, stock 0 when left out, timestamps as Date', async () => {
    const input = { sku: `SKU-${rng.word(6)}`, name: rng.word(8), priceCents: rng.int(0, 99_999), categoryId };
    const created = await createProduct(db(), input);
    expectProductShape(created, 'createProduct');
    expect(created, rng.tag(`createProduct(${show(input)}) returned ${show(created)}`)).toMatchObject({ ...input, stock: 0, version: 1 });
    const rows = await productRows(db());
    expect(rows.map((row) => row.id), 'createProduct must insert exactly one row and return its id (INSERT ... RETURNING)').toEqual([created.id]);
  });

  it('creates a product with the stock it is given', async () => {
    const stock = rng.int(1, 500);
    const created = await createProduct(db(), { sku: 'HAM-1', name: 'claw hammer', priceCents: 1299, stock, categoryId });
    const rows = await productRows(db());
    expect([created.stock, rows[0]?.stock], rng.tag(`createProduct with stock ${stock} must store and return that stock (0 only when input.stock is left out)`)).toEqual([stock, stock]);
  });

  it('reads a product by id, mapping every column to its camelCase field', async () => {
    const stock = rng.int(1, 50);
    const id = await insertProduct(db(), { sku: 'HAM-1', name: 'claw hammer', priceCents: 1299, stock, categoryId, at: '2024-03-01T10:00:00.000Z' });
    const product = await getProduct(db(), id);
    expectProductShape(product, `getProduct(db, ${id})`);
    expect(product, rng.tag(`getProduct(db, ${id}) must return the row with id ${id}, mapped`)).toEqual({
      id,
      sku: 'HAM-1',
      name: 'claw hammer',
      priceCents: 1299,
      stock,
      categoryId,
      version: 1,
      createdAt: new Date('2024-03-01T10:00:00.000Z'),
      updatedAt: new Date('2024-03-01T10:00:00.000Z'),
    });
  });

  it('returns null for a product that does not exist', async () => {
    const id = await insertProduct(db(), { categoryId });
    const result: unknown = await getProduct(db(), id + 1).catch((error: unknown) => describeError(error));
    expect(result, `getProduct(db, ${id + 1}): no such row is an expected answer, null, not an error or an empty object`).toBeNull();
  });

  it('reads the product as the table holds it now, also after another writer changed the row', async () => {
    const id = await insertProduct(db(), { name: 'hammer', stock: 5, categoryId });
    const before = await getProduct(db(), id);
    const stock = rng.int(6, 500);
    await db().query('UPDATE products SET stock = $2, name = $3, version = version + 1 WHERE id = $1', [id, stock, 'claw hammer']);
    const after = await getProduct(db(), id);
    expect(
      [before?.stock, after?.stock, after?.name, after?.version],
      rng.tag(`getProduct(db, ${id}) must read the row at every call: an order, a script or another instance of the application changed it to stock ${stock}; a copy kept in the module between calls (a cache) answers with what the row was, and is shared by every database the module is given`),
    ).toEqual([5, stock, 'claw hammer', 2]);
  });

  it('stores a name and SKU full of SQL verbatim and leaves the table intact (values travel as $1 parameters, never inside the query text)', async () => {
    const error = await rejectionOf(createProduct(db(), { sku: INJECTION_SKU, name: INJECTION_NAME, priceCents: 100, categoryId }));
    expect(error, `createProduct with the name ${JSON.stringify(INJECTION_NAME)} must store it as text; ${describeError(error)}. Text pasted into SQL lets a user run their own statements (OWASP SQL Injection Prevention Cheat Sheet, defense 1: parameterised queries)`).toBeUndefined();
    const rows = await productRows(db());
    expect(rows.map((row) => [row.sku, row.name]), 'the row must hold exactly the text that was given, quotes and all').toEqual([[INJECTION_SKU, INJECTION_NAME]]);
    const product = await getProduct(db(), rows[0]!.id);
    expect(product?.name, 'getProduct must read the name back verbatim').toBe(INJECTION_NAME);
  });

  it('refuses a second product with the same SKU with a ConflictError, and keeps the first one', async () => {
    await createProduct(db(), { sku: 'HAM-1', name: 'claw hammer', priceCents: 1299, categoryId });
    const error = await rejectionOf(createProduct(db(), { sku: 'HAM-1', name: 'another hammer', priceCents: 999, categoryId }));
    expect(
      error instanceof ConflictError,
      `a duplicate SKU violates the UNIQUE constraint (SQLSTATE 23505): catch that code and throw a ConflictError (HTTP would answer 409), not the raw database error; ${describeError(error)}`,
    ).toBe(true);
    expect((await productRows(db())).map((row) => row.name), 'the first product must stay as it was').toEqual(['claw hammer']);
  });

  it('lets errors other than a duplicate through unchanged (an unknown category is no ConflictError)', async () => {
    const error = await rejectionOf(createProduct(db(), { sku: 'HAM-1', name: 'hammer', priceCents: 100, categoryId: categoryId + 99 }));
    expect(error instanceof ConflictError, `only 23505 is a duplicate: map that code alone, and throw every other error on as it is; ${describeError(error)}`).toBe(false);
    expect(codeOf(error), `a product in a category that does not exist is refused by the foreign key, and that database error (SQLSTATE 23503) must reach the caller unchanged; ${describeError(error)}`).toBe('23503');
  });

  it('updates the given fields, keeps the others, and moves version and updated_at on', async () => {
    const id = await insertProduct(db(), { sku: 'HAM-1', name: 'hammer', priceCents: 1000, stock: 5, categoryId, at: '2024-03-01T10:00:00.000Z' });
    const newPrice = rng.int(1, 5000);
    const updated = await updateProduct(db(), id, 1, { priceCents: newPrice, name: 'claw hammer' });
    expectProductShape(updated, 'updateProduct');
    expect(updated, rng.tag('updateProduct(db, id, 1, { priceCents, name }) must change those two fields, keep sku and stock, and add 1 to version')).toMatchObject({
      id,
      sku: 'HAM-1',
      name: 'claw hammer',
      priceCents: newPrice,
      stock: 5,
      version: 2,
      createdAt: new Date('2024-03-01T10:00:00.000Z'),
    });
    expect(updated.updatedAt.getTime(), 'updated_at must be set to now() by the update (it was 2024-03-01)').toBeGreaterThan(Date.parse('2024-03-02'));
    const [row] = await productRows(db());
    expect([row!.name, row!.price_cents, row!.version], 'the change must be stored, not only returned').toEqual(['claw hammer', newPrice, 2]);
  });

  it('updates a price and a stock to 0: a field present in the changes is applied even when it is 0', async () => {
    const id = await insertProduct(db(), { priceCents: rng.int(100, 5000), stock: rng.int(1, 50), categoryId });
    const updated = await updateProduct(db(), id, 1, { priceCents: 0, stock: 0 });
    const [row] = await productRows(db());
    expect(
      [updated?.priceCents, updated?.stock, row!.price_cents, row!.stock],
      rng.tag('updateProduct(db, id, 1, { priceCents: 0, stock: 0 }) must make the product free and out of stock: a change is "present" when its key is there, so pass changes.priceCents ?? null, not changes.priceCents || null (|| turns 0 into "no change")'),
    ).toEqual([0, 0, 0, 0]);
  });

  it('updates only the product it is given: the others stay exactly as they were', async () => {
    const first = await insertProduct(db(), { name: 'hammer', priceCents: 1000, categoryId });
    const second = await insertProduct(db(), { name: 'saw', priceCents: 2000, categoryId });
    const before = await productRows(db());
    await updateProduct(db(), first, 1, { name: 'claw hammer', priceCents: 1500 });
    const after = await productRows(db());
    expect(
      after.find((row) => row.id === second),
      `updating product ${first} changed product ${second}: an UPDATE without WHERE id = $1 changes every row in the table`,
    ).toEqual(before.find((row) => row.id === second));
  });

  it('returns null when the product to update does not exist', async () => {
    const id = await insertProduct(db(), { categoryId });
    const result = await updateProduct(db(), id + 1, 1, { name: 'ghost' });
    expect(result, `updateProduct for id ${id + 1}, which does not exist, must resolve to null`).toBeNull();
    expect((await productRows(db())).map((row) => row.version), 'and must change no row').toEqual([1]);
  });

  it('refuses to change a SKU to one another product has, with a ConflictError', async () => {
    await insertProduct(db(), { sku: 'HAM-1', categoryId });
    const saw = await insertProduct(db(), { sku: 'SAW-1', categoryId });
    const error = await rejectionOf(updateProduct(db(), saw, 1, { sku: 'HAM-1' }));
    expect(error instanceof ConflictError, `an update that hits the UNIQUE sku is a conflict (23505) too; ${describeError(error)}`).toBe(true);
  });

  it("lets a database refusal of an update through unchanged (an empty name is the CHECK's 23514, no ConflictError) and changes nothing", async () => {
    const id = await insertProduct(db(), { name: 'hammer', priceCents: 1000, categoryId });
    const error = await rejectionOf(updateProduct(db(), id, 1, { name: '', priceCents: 1500 }));
    expect(
      [error instanceof ConflictError, codeOf(error)],
      `updateProduct(db, id, 1, { name: '' }): '' is a change that is present (pass changes.name ?? null, not || null, which would quietly drop it), the CHECK (name <> '') refuses it with SQLSTATE 23514, and only 23505 is a conflict: every other database error reaches the caller unchanged; ${describeError(error)}`,
    ).toEqual([false, '23514']);
    const [row] = await productRows(db());
    expect([row!.name, row!.price_cents, row!.version], 'a refused update must change nothing, not even the other fields of the same call').toEqual(['hammer', 1000, 1]);
  });

  it('deletes a product, answers true, and leaves the other products alone', async () => {
    const first = await insertProduct(db(), { categoryId });
    const second = await insertProduct(db(), { categoryId });
    const deleted = await deleteProduct(db(), first);
    expect(deleted, 'deleteProduct answers true when it deleted the product (rowCount 1)').toBe(true);
    expect(
      (await productRows(db())).map((row) => row.id),
      `deleting product ${first} must leave product ${second}: a DELETE without WHERE id = $1 empties the table`,
    ).toEqual([second]);
  });

  it('answers false when the product to delete does not exist', async () => {
    const id = await insertProduct(db(), { categoryId });
    expect(await deleteProduct(db(), id + 1), 'nothing to delete is an expected answer, false, not an error').toBe(false);
    expect(await countRows(db(), 'products'), 'and no row may be deleted').toBe(1);
  });

  it('refuses to delete a product that was ordered, with a ConflictError', async () => {
    const id = await insertProduct(db(), { categoryId, priceCents: 100 });
    const order = await db().query<{ id: number }>("INSERT INTO orders (customer_email, total_cents) VALUES ('a@example.com', 100) RETURNING id");
    await db().query('INSERT INTO order_lines (order_id, product_id, quantity, price_cents) VALUES ($1, $2, 1, 100)', [order.rows[0]!.id, id]);
    const error = await rejectionOf(deleteProduct(db(), id));
    expect(
      error instanceof ConflictError,
      `order_lines still reference this product, so the foreign key refuses the DELETE (SQLSTATE 23503): that is a conflict for the caller, a ConflictError; ${describeError(error)}`,
    ).toBe(true);
    expect(await countRows(db(), 'products'), 'the product must still be there').toBe(1);
  });
});
