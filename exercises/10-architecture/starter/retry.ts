// Retries with capped exponential back-off and full jitter, as in the AWS Architecture
// Blog's "Exponential Backoff And Jitter": a failed call is tried again only when the
// failure may pass, each wait is random, and an AbortSignal stops everything at once.
// README.md, task 2.

export interface RetryOptions {
  /** Attempts in all, the first one included: 1 means no retry. */
  maxAttempts: number;
  /** The ceiling of the first wait, in milliseconds. */
  baseMs: number;
  /** No wait is ever longer than this, in milliseconds. */
  capMs: number;
  /** Floats in [0, 1); Math.random when left out. Called exactly once per wait. */
  random?: () => number;
  /** Waits `ms` milliseconds, rejecting with signal.reason as soon as `signal` aborts; sleep() when left out. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stops the retries: no new attempt, no more waiting, a rejection with signal.reason. */
  signal?: AbortSignal;
  /** Whether an error is worth another attempt; isTransient when left out. */
  isRetryable?: (error: unknown) => boolean;
}

/** Statuses that say "not now" rather than "never": the same request may work later. */
export const TRANSIENT_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];
/** Network failures that come and go (Node's `error.code`, or fetch's `error.cause.code`). */
export const TRANSIENT_CODES: readonly string[] = ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET'];

export function isTransient(error: unknown): boolean {
  throw new Error('TODO: task 2 — say whether an error is worth retrying, from its status, or its code (or its cause\'s code)');
}

/** Full jitter: random_between(0, min(cap, base * 2 ** attempt)), attempt 0 being the first call. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  throw new Error('TODO: task 2 — compute the full-jitter wait after a failed attempt');
}

/** A timer that an AbortSignal can cut short; the timer is cleared on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  throw new Error('TODO: task 2 — resolve after ms milliseconds, or reject with signal.reason (and clear the timer) as soon as the signal aborts');
}

export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  throw new Error('TODO: task 2 — call operation until it succeeds, waiting backoffDelay between attempts; stop on a non-transient error, after maxAttempts, or when the signal aborts');
}
