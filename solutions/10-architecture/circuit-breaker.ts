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
  const { failureThreshold, coolDownMs, successThreshold = 1, now = () => performance.now() } = options;
  let state: CircuitState = 'closed';
  let failures = 0;
  let successes = 0;
  let openedAt = 0;
  let trialRunning = false;

  const current = (): CircuitState => {
    if (state === 'open' && now() - openedAt >= coolDownMs) {
      state = 'half-open';
      successes = 0;
    }
    return state;
  };
  const open = () => {
    state = 'open';
    openedAt = now();
    failures = 0;
  };
  const close = () => {
    state = 'closed';
    failures = 0;
  };

  const succeeded = (asTrial: boolean) => {
    if (state === 'closed') failures = 0;
    else if (asTrial && state === 'half-open' && ++successes >= successThreshold) close();
  };
  const failed = (asTrial: boolean) => {
    // A call let through while closed may end after the circuit opened: it must not
    // restart the cool-down. A failed trial opens it again for a whole new one.
    if (state === 'closed' && ++failures >= failureThreshold) open();
    else if (asTrial && state === 'half-open') open();
  };

  return {
    state: current,
    async call(operation) {
      const seen = current();
      if (seen === 'open') throw new CircuitOpenError(coolDownMs - (now() - openedAt));
      const asTrial = seen === 'half-open';
      if (asTrial) {
        // One trial at a time: a dependency that is just back must not be flooded.
        if (trialRunning) throw new CircuitOpenError(0);
        trialRunning = true;
      }
      try {
        const result = await operation();
        succeeded(asTrial);
        return result;
      } catch (error) {
        failed(asTrial);
        throw error;
      } finally {
        if (asTrial) trialRunning = false;
      }
    },
  };
}
