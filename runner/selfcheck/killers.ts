// Which test file caught each mutant at the last self-check: a mutant tries that file
// first next time, and is usually caught by it again.
import { cachedRecord } from './cached-record.js';

/** Mutant target name → test file relative to the root. */
export type Killers = Record<string, string>;

const killers = cachedRecord('killers', (value): value is string => typeof value === 'string');

export const readKillers = killers.read;
/** Keeps the mutants this run caught by a test, and the others as they were. */
export const writeKillers = killers.write;
