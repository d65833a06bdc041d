// A migration is one long string: an error PostgreSQL placed in it says the line, with its
// text. Real databases: PGlite, and the server in DATABASE_URL when there is one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atScriptPosition, openTestDb, type TestDb } from '../../../runner/kit/db.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
}, 60_000);
afterAll(async () => {
  await db?.close();
});

const SCRIPT = 'CREATE TABLE a (id integer);\nCREATE TABLE b (\n  id integer NOT NUL,\n  name text\n);';

describe('exec', () => {
  it('names the line of a syntax error, outside a transaction and in one', async () => {
    await expect(db.exec(SCRIPT)).rejects.toThrow('syntax error at or near "NUL" (line 3 of the script, column 18: id integer NOT NUL,)');
    await expect(db.transaction((tx) => tx.exec(`\n\n${SCRIPT}`))).rejects.toThrow('(line 5 of the script, column 18: id integer NOT NUL,)');
  });

  it('keeps the error itself: its class and SQLSTATE', async () => {
    const error: unknown = await db.exec(SCRIPT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe('42601');
  });
});

describe('atScriptPosition', () => {
  it('leaves an error without a position as it is', async () => {
    const error = new Error('relation "b" does not exist');
    await expect(atScriptPosition('SELECT 1', () => Promise.reject(error))).rejects.toBe(error);
    expect(error.message).toBe('relation "b" does not exist');
  });
});
