// `npm run try 03` runs this file: the README's examples, one by one, on your functions
// from src/ and a real PostgreSQL (PGlite) kept in .katas/try/03-crud/ between runs, so
// that a second run meets the rows of the first (the SKU is taken). It runs again whenever
// you save. Delete that folder for an empty database. Nothing to edit here.
import { openKeptDb } from '../../runner/kit/db.js';
import { createProduct, getProduct, updateProduct } from './src/products.js';
import { listProducts } from './src/listing.js';
import { placeOrder } from './src/orders.js';
import { migrate } from './src/schema.js';

/** Runs one example and prints what it returned or threw; a throw does not stop the others. */
async function show<T>(label: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await run();
    console.log(`${label}\n  → ${JSON.stringify(result)}\n`);
    return result;
  } catch (error) {
    console.log(`${label}\n  ✗ ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return undefined;
  }
}

const db = await openKeptDb(process.env.KATAS_TRY_DATA ?? '.katas/try/03-crud');
const hammerInput = { sku: 'HAM-1', name: 'claw hammer', priceCents: 1299, categoryId: 1 };
await show('migrate(db)', () => migrate(db));
await show("a category to put products in: INSERT INTO categories (name) VALUES ('tools')", () =>
  db.exec("INSERT INTO categories (name) SELECT 'tools' WHERE NOT EXISTS (SELECT 1 FROM categories)"),
);
const created = await show(`createProduct(db, ${JSON.stringify(hammerInput)})`, () => createProduct(db, hammerInput));
await show('getProduct(db, 999)', () => getProduct(db, 999));
await show('createProduct(db, the same SKU again)', () => createProduct(db, hammerInput));
const page = await show("listProducts(db, { sort: 'price', limit: 20 })", () => listProducts(db, { sort: 'price', limit: 20 }));
if (page?.nextCursor) await show("listProducts(db, { sort: 'price', limit: 20, cursor: page.nextCursor })", () => listProducts(db, { sort: 'price', limit: 20, cursor: page.nextCursor }));
await show("placeOrder(db, { customerEmail: 'ada@example.com', lines: [{ productId: 1, quantity: 2 }] })", () =>
  placeOrder(db, { customerEmail: 'ada@example.com', lines: [{ productId: 1, quantity: 2 }] }),
);
const hammer = created ?? (await getProduct(db, 1).catch(() => null));
if (hammer) await show(`updateProduct(db, ${hammer.id}, ${hammer.version}, { priceCents: 1499 })`, () => updateProduct(db, hammer.id, hammer.version, { priceCents: 1499 }));
await db.close();
