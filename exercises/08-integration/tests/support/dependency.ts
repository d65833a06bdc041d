// A dependency the tests can switch between up, down, hanging and slow, standing in for
// the database /readyz checks. It records every call and the AbortSignal it was given.
import type { Dependency } from '../../src/health.js';

export interface ControlledDependency extends Dependency {
  /** Every check answers at once. */
  up(): void;
  /** Every check rejects with this error message (e.g. "connection refused"). */
  down(message: string): void;
  /** Every check throws before it even returns a promise. */
  throwAtOnce(message: string): void;
  /** Every check never answers, and ignores its AbortSignal (a dead TCP peer does that). */
  hang(): void;
  /** Every check answers after `ms` milliseconds of (fake) setTimeout time. */
  answerAfter(ms: number): void;
  readonly calls: number;
  readonly signals: readonly AbortSignal[];
  /** Resolves at the next call of check(). */
  nextCall(): Promise<void>;
}

type Mode = { kind: 'up' } | { kind: 'down'; message: string } | { kind: 'throw'; message: string } | { kind: 'hang' } | { kind: 'slow'; ms: number };

export function controlledDependency(name: string): ControlledDependency {
  let mode: Mode = { kind: 'up' };
  const signals: AbortSignal[] = [];
  let waiters: (() => void)[] = [];

  const check = (signal: AbortSignal): Promise<void> => {
    signals.push(signal);
    for (const wake of waiters) wake();
    waiters = [];
    switch (mode.kind) {
      case 'up':
        return Promise.resolve();
      case 'down':
        return Promise.reject(new Error(mode.message));
      case 'throw':
        throw new Error(mode.message);
      case 'hang':
        return new Promise<void>(() => {});
      case 'slow': {
        const { ms } = mode;
        return new Promise<void>((resolve) => setTimeout(resolve, ms));
      }
    }
  };

  return {
    name,
    check,
    up: () => void (mode = { kind: 'up' }),
    down: (message) => void (mode = { kind: 'down', message }),
    throwAtOnce: (message) => void (mode = { kind: 'throw', message }),
    hang: () => void (mode = { kind: 'hang' }),
    answerAfter: (ms) => void (mode = { kind: 'slow', ms }),
    get calls() {
      return signals.length;
    },
    signals,
    nextCall: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
