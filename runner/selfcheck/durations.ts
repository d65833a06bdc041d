// How long each exercise test file took on the reference solution at the last
// self-check: the next run starts the longest files first (runner/vitest/longest-first.ts).
import { cachedRecord } from './cached-record.js';

export type Durations = Record<string, number>;

const durations = cachedRecord('durations', (value): value is number => typeof value === 'number');

export const readDurations = durations.read;
/** Keeps the files this run timed, and the others as they were. */
export const writeDurations = durations.write;
