// Given: the database your functions receive. Nothing to write in this file.
//
// The tests hand your functions a real PostgreSQL: the embedded PGlite by default, or the
// server in DATABASE_URL. Both speak through this interface, so the same code runs on both.

export interface QueryResult<R> {
  rows: R[];
  /** Rows returned by a SELECT (or RETURNING), rows changed by an INSERT, UPDATE or DELETE. */
  rowCount: number;
}

/** Enough for most functions: one statement, its values passed as $1, $2, ... */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export interface Database extends Queryable {
  /** Runs several statements separated by `;`, without parameters: a migration script. */
  exec(script: string): Promise<void>;
  /**
   * BEGIN, then `fn`, then COMMIT; ROLLBACK if `fn` throws (the error is thrown on).
   * Inside `fn`, send every statement through `tx`: a query on the outer database would
   * run outside the transaction.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
}

/**
 * The SQLSTATE of an error thrown by the database (for example '23505' for a unique
 * violation), or undefined for any other error. PGlite and the `pg` driver both put it
 * in `code`.
 */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
