// The self-check runs many copies of an exercise (copies.ts) in one vitest project whose
// threads run file after file, so what the runner fixes for a run (its name, its seed, the
// mark of its first failure) is provided once for all of them, per copy, and each test
// file finds its own by its path.
import { inject } from 'vitest';

export interface CopyRun {
  /** The copy's folder, forward slashes, with a trailing slash. */
  dir: string;
  target: string;
  seed: number;
  firstFailure?: string;
  /**
   * The full name (`describe > test`) of the one test to run, all others skipped: the
   * test that caught this mutant, first in its file's order, when the self-check last ran
   * the same copy (runner/selfcheck/killers.ts).
   */
  only?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Self-check only: the runs of the copies that share this project's threads. */
    katasCopies?: CopyRun[];
  }
}

/** The run of the copy `testPath` belongs to; none outside the self-check's shared threads. */
export function copyRunOf(testPath: string | undefined): CopyRun | undefined {
  if (!testPath) return undefined;
  const file = testPath.split('\\').join('/');
  try {
    return (inject('katasCopies') ?? []).find((copy) => file.startsWith(copy.dir));
  } catch {
    // Outside a vitest test thread nothing is provided.
    return undefined;
  }
}
