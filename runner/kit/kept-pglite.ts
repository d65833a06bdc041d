// The self-check runs many test files one after another in each thread (runner/selfcheck/
// copies.ts), and loading a PGlite is most of a database test file's time (0.7 to 0.9 s).
// There, a PGlite a file closes is emptied and kept for the next file of the thread, when
// it is then as a fresh one emptied the same way: the same schemas, roles, objects,
// settings and session state (fingerprint()). Anything else is closed, as everywhere else.
// The kept one lives on globalThis: vitest evaluates the kit afresh for each file, even
// in a shared thread.
import type { PGlite } from '@electric-sql/pglite';

interface Kept {
  /** A PGlite emptied by an earlier file of this thread, for the next. */
  parked?: PGlite;
  /** What an emptied fresh PGlite looks like, taken from the first one this thread started. */
  freshPrint?: Promise<string>;
}

const kept = ((globalThis as { [key: symbol]: Kept })[Symbol.for('katas.pglite')] ??= {});

/** The PGlite an earlier file of this thread left, emptied; undefined when there is none. */
export function takeKept(): PGlite | undefined {
  const lite = kept.parked;
  kept.parked = undefined;
  return lite;
}

/** Whether a PGlite is kept in this thread: the timer it holds is the runner's, not a file's (guard.ts). */
export function pgliteKept(): boolean {
  return kept.parked !== undefined;
}

/**
 * The first PGlite a shared thread starts is emptied and its fingerprint taken: every file
 * of the thread then starts from the same emptied database, kept or fresh.
 */
export async function asKeepable(lite: PGlite): Promise<PGlite> {
  if (!sharedThread()) return lite;
  if (kept.freshPrint === undefined) kept.freshPrint = emptied(lite).then(() => fingerprint(lite));
  else await emptied(lite);
  await kept.freshPrint.catch(() => undefined);
  return lite;
}

/** Keeps the PGlite for the next file when it empties to a fresh one's fingerprint; closes it otherwise. */
export async function closeOrKeep(lite: PGlite): Promise<void> {
  if (!sharedThread() || kept.parked !== undefined || kept.freshPrint === undefined || lite.isInTransaction()) return lite.close();
  try {
    await emptied(lite);
    if ((await fingerprint(lite)) === (await kept.freshPrint)) {
      kept.parked = lite;
      return;
    }
  } catch {
    // A database that cannot even be emptied is not kept.
  }
  await lite.close();
}

function sharedThread(): boolean {
  return (globalThis as { [key: symbol]: { shared?: boolean } | undefined })[Symbol.for('katas.guard')]?.shared === true;
}

/** Every schema dropped and an empty public made again; then the session's state discarded (on its own: DISCARD ALL refuses to run in a transaction block, which several statements in one exec are). */
async function emptied(lite: PGlite): Promise<void> {
  await lite.exec(`DO $$ DECLARE s record; BEGIN
    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
      EXECUTE format('DROP SCHEMA %I CASCADE', s.nspname);
    END LOOP;
  END $$; CREATE SCHEMA public;`);
  await lite.exec('DISCARD ALL');
}

/** What tells an emptied database from a fresh one emptied: anything of it a file could have left. */
async function fingerprint(lite: PGlite): Promise<string> {
  const { rows } = await lite.query<{ print: string }>(`SELECT concat_ws(' | ',
    (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'),
    (SELECT string_agg(rolname || ':' || rolsuper || rolcanlogin, ',' ORDER BY rolname) FROM pg_roles),
    (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
    (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')),
    (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),
    (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension),
    (SELECT count(*) FROM pg_db_role_setting),
    (SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_settings WHERE source NOT IN ('default', 'override')),
    (SELECT count(*) FROM pg_prepared_statements), (SELECT count(*) FROM pg_cursors), (SELECT count(*) FROM pg_largeobject_metadata),
    (SELECT count(*) FROM pg_event_trigger), (SELECT count(*) FROM pg_publication), (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'),
    (SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database), (SELECT count(*) FROM pg_tablespace)) AS print`);
  return rows[0]?.print ?? '';
}
