// How long each exercise test file took at the last self-check, on the reference solution
// and in each mutant's and starter's own run: the next run starts the longest first
// (runner/vitest/longest-first.ts).
import { cachedRecord } from './cached-record.js';

export type Durations = Record<string, number>;

const durations = cachedRecord('durations', (value): value is number => typeof value === 'number');

export const readDurations = durations.read;
/** Keeps the files this run timed, and the others as they were. */
export const writeDurations = durations.write;
