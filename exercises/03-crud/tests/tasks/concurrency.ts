import { beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../runner/kit/random.js';
import { ConflictError, VersionConflictError } from '../../src/errors.js';
import { getProduct, updateProduct } from '../../src/products.js';
import {
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


const LOST_UPDATE =
  'the version in the WHERE is what stops a lost update: UPDATE ... SET ..., version = version + 1 WHERE id = $1 AND version = $2, and when no row matched, tell "gone" (null) from "changed by someone else" (VersionConflictError)';

describe('task 5: update without losing anyone else\'s change', () => {
  useFixtureSchema();

  beforeEach(async () => {
    categoryId = await insertCategory(db(), 'tools');
  });

  it('saves a change made on the current version and returns the next version', async () => {
    const id = await insertProduct(db(), { priceCents: 1000, categoryId });
    const first = await updateProduct(db(), id, 1, { priceCents: 1100 });
    const second = await updateProduct(db(), id, 2, { priceCents: 1200 });
    expect([first?.version, second?.version], 'each saved change adds exactly 1 to version').toEqual([2, 3]);
    expect((await productRows(db()))[0]!.price_cents, 'the latest change is stored').toBe(1200);
  });

  it('refuses a change made on an old version with a VersionConflictError, and changes nothing', async () => {
    const id = await insertProduct(db(), { name: 'hammer', priceCents: 1000, categoryId });
    await db().query("UPDATE products SET name = 'claw hammer', version = 2 WHERE id = $1", [id]);
    const before = await productRows(db());
    const error = await rejectionOf(updateProduct(db(), id, 1, { priceCents: 1 }));
    expect(error instanceof VersionConflictError, `the product is at version 2 and the caller read version 1: ${LOST_UPDATE}; ${describeError(error)}`).toBe(true);
    expect(error instanceof ConflictError, 'a VersionConflictError is a ConflictError (HTTP 409) too').toBe(true);
    expect(await productRows(db()), `a refused change must not touch the row; ${LOST_UPDATE}`).toEqual(before);
  });

  it('says in the VersionConflictError which version the product is at now, so the caller can reload', async () => {
    const id = await insertProduct(db(), { categoryId });
    const current = rng.int(3, 9);
    await db().query('UPDATE products SET version = $2 WHERE id = $1', [id, current]);
    const error: unknown = await rejectionOf(updateProduct(db(), id, 1, { name: 'late edit' }));
    expect(
      error instanceof VersionConflictError ? [error.productId, error.expectedVersion, error.currentVersion] : describeError(error),
      rng.tag(`new VersionConflictError(id, expectedVersion, currentVersion) with the version read back from the row (${current})`),
    ).toEqual([id, 1, current]);
  });

  it('keeps the first of two editors\' changes: the second, made on the same version, is refused', async () => {
    const id = await insertProduct(db(), { name: 'hammer', priceCents: 1000, stock: 5, categoryId });
    const alice = await getProduct(db(), id);
    const bob = await getProduct(db(), id);
    await updateProduct(db(), id, alice!.version, { priceCents: 1500 });
    const error = await rejectionOf(updateProduct(db(), id, bob!.version, { name: 'claw hammer' }));
    expect(error instanceof VersionConflictError, `Alice and Bob both read version 1; Alice saved first, so Bob's save must be refused: ${LOST_UPDATE}; ${describeError(error)}`).toBe(true);
    const [row] = await productRows(db());
    expect([row!.name, row!.price_cents, row!.version], "Alice's change must survive, untouched by Bob's").toEqual(['hammer', 1500, 2]);
  });

  it('lets the refused editor save after reloading the product', async () => {
    const id = await insertProduct(db(), { name: 'hammer', priceCents: 1000, categoryId });
    await updateProduct(db(), id, 1, { priceCents: 1500 });
    await rejectionOf(updateProduct(db(), id, 1, { name: 'claw hammer' }));
    const reloaded = await getProduct(db(), id);
    const saved = await updateProduct(db(), id, reloaded!.version, { name: 'claw hammer' });
    expect([saved?.name, saved?.priceCents, saved?.version], 'after a reload the edit is made on the current version and saves').toEqual(['claw hammer', 1500, 3]);
  });

  it('answers null, not a VersionConflictError, when the product was deleted in the meantime', async () => {
    const id = await insertProduct(db(), { categoryId });
    await db().query('DELETE FROM products WHERE id = $1', [id]);
    const result: unknown = await updateProduct(db(), id, 1, { name: 'ghost' }).catch((error: unknown) => describeError(error));
    expect(result, 'a product that is gone is "not found" (null, HTTP 404), a different answer from "changed" (409)').toBeNull();
  });

  it('refuses a change based on the stock before an order took some', async () => {
    const id = await insertProduct(db(), { stock: 10, categoryId });
    const editor = await getProduct(db(), id);
    // An order takes 4 and moves the version on (task 4), while the editor's form is open.
    await db().query('UPDATE products SET stock = stock - 4, version = version + 1 WHERE id = $1', [id]);
    const error = await rejectionOf(updateProduct(db(), id, editor!.version, { stock: editor!.stock }));
    expect(error instanceof VersionConflictError, `the editor would write stock 10 back over the 6 left after an order: a lost update; ${LOST_UPDATE}; ${describeError(error)}`).toBe(true);
    expect((await productRows(db()))[0]!.stock, 'the stock after the order must stay').toBe(6);
  });

  describe('two editors at once, on a PostgreSQL server (two real sessions)', () => {
    useRaceServer();

    it('lets exactly one of two saves made at the same moment on the same version through', async () => {
      const raceCategory = await insertCategory(raceDb(), 'tools');
      const id = await insertProduct(raceDb(), { name: 'hammer', priceCents: 1000, categoryId: raceCategory });
      const results = await raceBehindLock(
        [id],
        [() => updateProduct(raceDb(), id, 1, { priceCents: 1500 }), () => updateProduct(raceDb(), id, 1, { name: 'claw hammer' })],
      );
      const reasons = results.map((result) => (result.status === 'rejected' ? describeError(result.reason) : 'saved'));
      const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      const why =
        'Alice and Bob both save on version 1 on two sessions, both started before either wrote: exactly one save may go through, the other must get a VersionConflictError. ' +
        'A SELECT of the version followed by an UPDATE ... WHERE id = $1 lets both see version 1 and both write; put the check into the UPDATE itself, WHERE id = $1 AND version = $2, ' +
        'which on Read Committed re-checks the version on the row the other save just changed (PostgreSQL docs 13.2.1)';
      expect(reasons.filter((reason) => reason === 'saved').length, `${why}; got: ${reasons.join('; ')}`).toBe(1);
      expect(refused.length === 1 && refused[0] instanceof VersionConflictError, `${why}; the refused save ${describeError(refused[0])}`).toBe(true);
      const [row] = await productRows(raceDb());
      expect(row!.version, 'one save went through: version 2').toBe(2);
    });
  });
});
