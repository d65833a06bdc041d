// Seeded randomness for exercise tests: a fixed input can be hard-coded by a learner,
// a random one cannot, and a failure must still be reproducible. Every failure of a test
// that draws from a generator carries the run's seed; KATAS_SEED=<seed> replays the run.
import { expect, inject, onTestFailed } from 'vitest';
// Declares the seed the runner provides (guard.ts, every test file's setup, declares it).
import type {} from './guard.js';
import { copyRunOf } from './copy-run.js';

export interface Random {
  seed: number;
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max]. */
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  /** A lower-case word of the given length. */
  word: (length: number) => string;
  /** Adds the run's seed and how to replay it to a failure message. */
  tag: (message: string) => string;
}

const REPLAY = 'KATAS_SEED=';

// Read when this module loads, before the tests call into learner code: the fallback
// for a run the runner did not start (an editor's vitest without KATAS_SEED set).
const seedAtLoad = parseSeed(process.env.KATAS_SEED) ?? Math.floor(Math.random() * 2 ** 31) + 1;

/**
 * A generator of the run's seed, or of `seed` for inputs derived from the run's draws
 * (a jitter source handed to the code under test). Its tag names the run's seed, since
 * that is what replays the run.
 */
export function seededRandom(seed?: number): Random {
  const runSeed = testSeed();
  const draw = mulberry32(seed ?? runSeed);
  const next = seed === undefined ? noteOnFailure(draw, runSeed) : draw;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const word = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + int(0, 25))).join('');
  const tag = (message: string) => withReplayNote(message, runSeed);
  return { seed: seed ?? runSeed, next, int, pick, word, tag };
}

/**
 * The runner's seed, provided to the test threads before any learner code is loaded,
 * so code under test cannot choose its own inputs (setting process.env.KATAS_SEED at
 * import changes nothing); else the seed read when this module loaded.
 */
export function testSeed(): number {
  return providedSeed() ?? seedAtLoad;
}

/** How to run the tests again with this seed. */
export function replayNote(seed: number): string {
  return `(seed ${seed}: ${REPLAY}${seed} replays this run)`;
}

/** mulberry32: tiny, fast and good enough for test inputs (not for secrets). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The first draw inside a test asks vitest to add the seed to that test's failure, so a
 * failure prints it even where an assertion's message was not tagged. Draws outside a
 * test (at the top of a file, in beforeAll) cannot: those inputs need tag() in the message.
 */
function noteOnFailure(draw: () => number, runSeed: number): () => number {
  let noted: string | undefined;
  return () => {
    const test = currentTest();
    if (test !== undefined && test !== noted) {
      noted = test;
      addNoteOnFailure(runSeed);
    }
    return draw();
  };
}

function addNoteOnFailure(runSeed: number): void {
  try {
    onTestFailed(({ task }) => {
      for (const error of task.result?.errors ?? []) error.message = withReplayNoteInFailure(error.message, runSeed);
    });
  } catch {
    // Not inside a test after all (a concurrent test's draw): a draw must never fail.
  }
}

function currentTest(): string | undefined {
  const { testPath, currentTestName } = expect.getState();
  return currentTestName === undefined ? undefined : `${testPath ?? ''} › ${currentTestName}`;
}

/** The note at the end of the message's first line, where a long message cut short still has it. */
function withReplayNote(message: string, seed: number): string {
  if (message.includes(REPLAY)) return message;
  const end = message.indexOf('\n');
  return end === -1 ? `${message} ${replayNote(seed)}` : `${message.slice(0, end)} ${replayNote(seed)}${message.slice(end)}`;
}

/**
 * In a failure vitest has written ("why: expected 2 to be 3 // Object.is equality"), the
 * note goes with the test's own words, before "expected": the part a reporter keeps when
 * it shows the expected and received values on their own.
 */
function withReplayNoteInFailure(message: string, seed: number): string {
  if (message.includes(REPLAY) || message.includes('\n')) return withReplayNote(message, seed);
  if (message.startsWith('expected ')) return `${replayNote(seed)}: ${message}`;
  const vitest = message.lastIndexOf(': expected ');
  return vitest > 0 ? `${message.slice(0, vitest)} ${replayNote(seed)}${message.slice(vitest)}` : withReplayNote(message, seed);
}

function providedSeed(): number | undefined {
  try {
    return parseSeed(copyRunOf(expect.getState().testPath)?.seed ?? inject('katasSeed'));
  } catch {
    // Outside a vitest test thread nothing is provided.
    return undefined;
  }
}

function parseSeed(value: unknown): number | undefined {
  const seed = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(seed) && seed > 0 ? seed : undefined;
}
