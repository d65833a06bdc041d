// In the self-check's shared test threads a PGlite a file closes is emptied and kept for
// the next file, when it is then as a fresh one (runner/kit/kept-pglite.ts); a file
// must never see what the one before it made, and a file's Db is closed for it even
// when its PGlite is kept. Here the thread is marked shared as the guard marks it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../runner/kit/db.js';
import { pgliteKept, takeKept } from '../../../runner/kit/kept-pglite.js';
import { watchRunnerTimers } from '../../../runner/kit/clean-thread.js';

const guardState = globalThis as { [key: symbol]: { shared?: boolean } | undefined };
const pending = watchRunnerTimers();

beforeAll(() => {
  guardState[Symbol.for('katas.guard')] = { shared: true };
});
afterAll(async () => {
  await takeKept()?.close();
  guardState[Symbol.for('katas.guard')] = undefined;
});

/** Opens a database as a test file does, runs `use` on it, and closes it. */
async function asAFile(use: (db: TestDb) => Promise<void>): Promise<TestDb> {
  const db = await openTestDb();
  try {
    await use(db);
  } finally {
    await db.close();
  }
  return db;
}

describe.skipIf(process.env.DATABASE_URL !== undefined)('a PGlite kept between the files of a shared thread', () => {
  it("is kept once its file closes it, and holds a timer of PGlite's own that the clean check tells apart", async () => {
    await asAFile(async (db) => void (await db.query('SELECT 1')));
    expect(pgliteKept()).toBe(true);
    expect(pending('pglite')).toBeGreaterThan(0);
  }, 60_000);

  it("gives the next file none of the tables, schemas, settings or prepared statements of the one before", async () => {
    await asAFile(async (db) => {
      await db.exec("CREATE TABLE left_behind (id int); INSERT INTO left_behind VALUES (1); CREATE SCHEMA extra; CREATE TABLE extra.t (id int); SET statement_timeout = 1234; PREPARE kept_plan AS SELECT 1; CREATE TEMP TABLE scratch (id int);");
    });
    expect(pgliteKept()).toBe(true);
    await asAFile(async (db) => {
      const { rows } = await db.query<Record<string, unknown>>(
        "SELECT to_regclass('public.left_behind') AS table_, to_regnamespace('extra') AS schema_, current_setting('statement_timeout') AS timeout, (SELECT count(*) FROM pg_prepared_statements) AS plans, to_regclass('pg_temp.scratch') AS temp_",
      );
      expect(rows[0]).toEqual({ table_: null, schema_: null, timeout: '0', plans: 0, temp_: null });
    });
  }, 60_000);

  it('closes, and does not keep, a PGlite whose file left what emptying does not undo (a role)', async () => {
    await asAFile(async (db) => void (await db.exec('CREATE ROLE left_behind_role')));
    expect(pgliteKept()).toBe(false);
  }, 60_000);

  it("refuses every call on a file's Db once it is closed, though its PGlite lives on for the next file", async () => {
    const closed = await asAFile(async () => undefined);
    expect(pgliteKept()).toBe(true);
    await expect(closed.query('SELECT 1')).rejects.toThrow('PGlite is closed');
    await expect(closed.exec('SELECT 1')).rejects.toThrow('PGlite is closed');
    await expect(closed.transaction(async () => undefined)).rejects.toThrow('PGlite is closed');
  }, 60_000);
});
