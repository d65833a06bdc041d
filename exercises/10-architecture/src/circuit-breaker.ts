// A circuit breaker: after enough failures in a row it stops calling a dependency that
// is down (open), fails fast instead, and after a cool-down lets a single trial call
// through (half-open) to learn whether the dependency is back. README.md, task 3.

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Failures in a row, while closed, that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a trial call, in milliseconds. */
  coolDownMs: number;
  /** Trial calls in a row that must succeed, while half-open, to close the circuit. Default 1. */
  successThreshold?: number;
  /** The clock, in milliseconds; performance.now when left out. */
  now?: () => number;
}

export interface CircuitBreaker {
  /** Runs `operation` if the circuit lets it through; otherwise rejects at once with CircuitOpenError. */
  call<T>(operation: () => Promise<T>): Promise<T>;
  /** The state now, the cool-down taken into account. */
  state(): CircuitState;
}

/** The rejection of a call the breaker did not let through. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';

  /** Milliseconds until the breaker lets a trial call through; 0 while a trial is already under way. */
  constructor(readonly retryAfterMs: number) {
    super(retryAfterMs > 0 ? `circuit open: no calls for another ${retryAfterMs} ms` : 'circuit half-open: a trial call is already under way');
  }
}

export function createCircuitBreaker(options: BreakerOptions): CircuitBreaker {
  // Keep the state, the count of failures (and of trial successes), the time the
  // circuit opened and whether a trial is running in variables here.
  throw new Error('TODO: task 3 — return a breaker that opens after failureThreshold failures in a row, half-opens after coolDownMs and closes after successThreshold trial successes');
}
