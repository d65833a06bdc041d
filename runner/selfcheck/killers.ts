// Which test caught each mutant at the last self-check, first in its file's order: next
// time the mutant runs that test alone, and is usually caught by it again. The record
// holds the fingerprint of the copy it was made on (tests, sources, the runner's kit):
// only on the same copy does the test, alone, stand for the run of its file in order. A
// test that caught its mutant only in order is marked so, and its file runs in full.
import { cachedRecord } from './cached-record.js';

export interface Killer {
  /** The test file's key (runner/check/test-run.ts testFileKey). */
  file: string;
  /** The test's full name, `describe > test`. */
  test: string;
  /** The copy's fingerprint (fingerprint.ts) when the test caught the mutant. */
  fingerprint: string;
  /**
   * The test passed alone and failed only after the tests before it in its file (state
   * shared between instances): next time its file runs in full from the first wave.
   */
  inOrder?: true;
}

/** Mutant target name → the test that caught it. */
export type Killers = Record<string, Killer>;

function isKiller(value: unknown): value is Killer {
  if (typeof value !== 'object' || value === null) return false;
  const { file, test, fingerprint, inOrder } = value as Record<string, unknown>;
  return typeof file === 'string' && typeof test === 'string' && typeof fingerprint === 'string' && (inOrder === undefined || inOrder === true);
}

const killers = cachedRecord('killers', isKiller);

export const readKillers = killers.read;
/** Keeps the mutants this run caught by a test, and the others as they were. */
export const writeKillers = killers.write;
