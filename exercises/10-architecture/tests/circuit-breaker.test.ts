import { describe, expect, it } from 'vitest';
import { serve } from '../../../runner/kit/http.js';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { CircuitOpenError, createCircuitBreaker, type BreakerOptions, type CircuitBreaker } from '../src/circuit-breaker.js';
import { manualClock, settle, track, type ManualClock } from '../../../runner/kit/time.js';

const FOWLER = 'Martin Fowler, "CircuitBreaker"';
const AZURE = 'Azure Architecture Center, "Circuit Breaker pattern"';

/** A dependency the test switches between up and down; it counts the calls that reach it. */
function dependency() {
  let up = true;
  let calls = 0;
  const call = async (): Promise<string> => {
    calls += 1;
    if (!up) throw new Error('ECONNREFUSED: the inventory service is down');
    return `stock-${calls}`;
  };
  return {
    call,
    calls: () => calls,
    down: () => {
      up = false;
    },
    up: () => {
      up = true;
    },
  };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function attempt(breaker: CircuitBreaker, operation: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await breaker.call(operation) };
  } catch (error) {
    return { ok: false, error };
  }
}

function show(outcome: Outcome): string {
  if (outcome.ok) return `resolved with ${JSON.stringify(outcome.value)}`;
  const error = outcome.error;
  return error instanceof Error ? `rejected with ${error.name}: ${error.message}` : `rejected with ${String(error)}`;
}

/** A breaker with random settings on a hand-moved clock, and a dependency to call. */
function setup(rng: Random, options: Partial<BreakerOptions> = {}) {
  const clock: ManualClock = manualClock(1_000_000);
  const chosen = { failureThreshold: rng.int(2, 6), coolDownMs: rng.int(1, 60) * 1000, ...options };
  const breaker = createCircuitBreaker({ ...chosen, now: clock.now });
  const service = dependency();
  const settings = `failureThreshold ${chosen.failureThreshold}, coolDownMs ${chosen.coolDownMs}${chosen.successThreshold ? `, successThreshold ${chosen.successThreshold}` : ''}`;
  /** Calls through the breaker `times` times. */
  const callTimes = async (times: number): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < times; i += 1) outcomes.push(await attempt(breaker, service.call));
    return outcomes;
  };
  /** Takes the breaker down to open: the dependency fails failureThreshold times in a row. */
  const trip = async () => {
    service.down();
    await callTimes(chosen.failureThreshold);
  };
  return { clock, breaker, service, callTimes, trip, settings, ...chosen };
}

describe('task 3: a circuit breaker', () => {
  it('passes calls through while closed and returns their results and errors unchanged', async () => {
    const rng = seededRandom();
    const { breaker, service, callTimes, settings } = setup(rng);
    const [first] = await callTimes(1);
    service.down();
    const failure = await attempt(breaker, service.call);
    expect(first, rng.tag(`with ${settings}: a closed breaker calls the operation and resolves with its result; got: ${show(first as Outcome)}`)).toEqual({ ok: true, value: 'stock-1' });
    expect(
      failure.ok ? 'resolved' : failure.error instanceof Error ? failure.error.message : failure.error,
      rng.tag(`a failing call is rejected with the operation's own error, unwrapped; got: ${show(failure)}`),
    ).toBe('ECONNREFUSED: the inventory service is down');
    expect(breaker.state(), rng.tag('one failure, below the threshold, leaves the breaker closed')).toBe('closed');
  });

  it('opens after failureThreshold failures in a row, then fails fast with CircuitOpenError without calling the dependency', async () => {
    const rng = seededRandom();
    const { breaker, service, callTimes, failureThreshold, settings } = setup(rng);
    service.down();
    await callTimes(failureThreshold - 1);
    expect(breaker.state(), rng.tag(`with ${settings}: after ${failureThreshold - 1} failures in a row the threshold is not reached yet: closed`)).toBe('closed');
    await callTimes(1);
    expect(breaker.state(), rng.tag(`with ${settings}: failure ${failureThreshold} in a row reaches the threshold: the breaker opens`)).toBe('open');
    const before = service.calls();
    const outcomes = await callTimes(rng.int(3, 10));
    const reached = service.calls() - before;
    expect(reached, rng.tag(`with ${settings}: while open, calls must not reach the dependency at all — that is what gives a struggling service room to recover (${FOWLER}); ${reached} of ${outcomes.length} calls reached it`)).toBe(0);
    const wrong = outcomes.filter((outcome) => outcome.ok || !(outcome.error instanceof CircuitOpenError));
    expect(wrong.map(show), rng.tag('while open, every call is rejected at once with a CircuitOpenError, so that callers can tell "not tried" from "tried and failed"')).toEqual([]);
  });

  it('counts failures in a row only: a success in between starts the count again', async () => {
    const rng = seededRandom();
    const { breaker, service, callTimes, failureThreshold, settings } = setup(rng);
    for (let round = 0; round < 3; round += 1) {
      service.down();
      await callTimes(failureThreshold - 1);
      service.up();
      await callTimes(1);
    }
    expect(
      breaker.state(),
      rng.tag(`with ${settings}: three rounds of ${failureThreshold - 1} failures and a success never make ${failureThreshold} failures in a row, so the breaker stays closed; a success resets the count (occasional errors on a healthy service must never open it)`),
    ).toBe('closed');
  });

  it('stays open for the whole cool-down, saying how long is left in retryAfterMs', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng);
    await trip();
    const waited = rng.int(0, coolDownMs - 1);
    clock.advance(waited);
    const outcome = await attempt(breaker, service.call);
    expect(outcome.ok ? undefined : outcome.error, rng.tag(`with ${settings}: ${waited} ms after opening, the cool-down is not over: CircuitOpenError; got ${show(outcome)}`)).toBeInstanceOf(CircuitOpenError);
    expect(
      (outcome as { error: CircuitOpenError }).error.retryAfterMs,
      rng.tag(`with ${settings}: ${waited} ms into a ${coolDownMs} ms cool-down, the error's retryAfterMs says ${coolDownMs - waited} ms are left — what a server would turn into Retry-After`),
    ).toBe(coolDownMs - waited);
    expect(breaker.state(), rng.tag(`with ${settings}: still open ${waited} ms into the cool-down`)).toBe('open');
  });

  it('turns half-open once the cool-down is over and lets a trial call through', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng);
    await trip();
    clock.advance(coolDownMs);
    expect(breaker.state(), rng.tag(`with ${settings}: once coolDownMs (${coolDownMs} ms) has passed since the breaker opened, state() is "half-open"`)).toBe('half-open');
    service.up();
    const before = service.calls();
    const outcome = await attempt(breaker, service.call);
    expect(
      { reached: service.calls() - before, ok: outcome.ok },
      rng.tag(
        `with ${settings}: after the cool-down one trial call must reach the dependency, to find out whether it is back (${FOWLER}: "half-open"); a breaker that never half-opens stays open for ever, even after the service has recovered; got ${show(outcome)}`,
      ),
    ).toEqual({ reached: 1, ok: true });
    expect(breaker.state(), rng.tag(`with ${settings}: a successful trial (successThreshold 1 by default) closes the breaker`)).toBe('closed');
  });

  it('lets a single trial through at a time while half-open; the calls meanwhile fail fast', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng);
    await trip();
    clock.advance(coolDownMs);
    let finishTrial: (value: string) => void = () => undefined;
    let trialCalls = 0;
    const slowTrial = () => {
      trialCalls += 1;
      return new Promise<string>((resolve) => (finishTrial = resolve));
    };
    const trial = track(breaker.call(slowTrial));
    await settle();
    const others = await Promise.all(Array.from({ length: rng.int(3, 8) }, () => attempt(breaker, slowTrial)));
    expect(
      { calls: trialCalls, others: others.filter((outcome) => !outcome.ok && outcome.error instanceof CircuitOpenError).length },
      rng.tag(
        `with ${settings}: while the one trial call is still running, the ${others.length} calls that arrive meanwhile must fail fast with CircuitOpenError and not reach the dependency: a service that is just coming back must not be flooded (${AZURE}: half-open lets only a limited number of calls through)`,
      ),
    ).toEqual({ calls: 1, others: others.length });
    finishTrial('back');
    await settle();
    expect(trial.state(), rng.tag('the trial itself resolves with its result')).toBe('fulfilled');
  });

  it('closes only after successThreshold trials in a row succeed, one at a time', async () => {
    const rng = seededRandom();
    const successThreshold = rng.int(2, 4);
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng, { successThreshold });
    await trip();
    clock.advance(coolDownMs);
    service.up();
    const states: string[] = [];
    for (let trial = 1; trial <= successThreshold; trial += 1) {
      const outcome = await attempt(breaker, service.call);
      expect(outcome.ok, rng.tag(`with ${settings}: trial ${trial} (one at a time, each after the previous one ended) is let through and succeeds; got ${show(outcome)}`)).toBe(true);
      states.push(breaker.state());
    }
    expect(
      states,
      rng.tag(
        `with ${settings}: the breaker stays half-open until ${successThreshold} trials in a row have succeeded, and closes after the last of them (${AZURE}: the half-open state lets a limited number of trial calls through before it closes); closing on the first success sends the full load to a service that has answered once`,
      ),
    ).toEqual([...Array(successThreshold - 1).fill('half-open'), 'closed']);
  });

  it('opens again when a trial fails, for a whole new cool-down', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng);
    await trip();
    clock.advance(coolDownMs + rng.int(0, coolDownMs));
    const trial = await attempt(breaker, service.call);
    expect(trial.ok ? undefined : trial.error, rng.tag(`with ${settings}: the trial call reaches the dependency, which is still down, and is rejected with its error`)).not.toBeInstanceOf(CircuitOpenError);
    expect(breaker.state(), rng.tag(`with ${settings}: a failed trial means the dependency is still down: open again`)).toBe('open');
    const before = service.calls();
    clock.advance(coolDownMs - 1);
    const early = await attempt(breaker, service.call);
    expect(
      { reached: service.calls() - before, rejectedFast: !early.ok && early.error instanceof CircuitOpenError },
      rng.tag(
        `with ${settings}: the failed trial starts a whole new cool-down, counted from that failure: ${coolDownMs - 1} ms later no call may reach the dependency yet; keeping the first opening's time would turn the next call into another trial at once`,
      ),
    ).toEqual({ reached: 0, rejectedFast: true });
    clock.advance(1);
    expect(breaker.state(), rng.tag(`with ${settings}: ${coolDownMs} ms after the failed trial, the breaker is half-open again`)).toBe('half-open');
  });

  it('shields a real failing server: once open, its requests stop reaching it until the cool-down is over', async () => {
    const rng = seededRandom();
    const clock = manualClock(1_000_000);
    const failureThreshold = rng.int(2, 5);
    const coolDownMs = rng.int(5, 30) * 1000;
    let hits = 0;
    let healthy = false;
    const { url } = await serve((_req, res) => {
      hits += 1;
      res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'text/plain' });
      res.end(healthy ? 'stock: 12' : 'overloaded');
    });
    const breaker = createCircuitBreaker({ failureThreshold, coolDownMs, now: clock.now });
    const getStock = async () => {
      const response = await fetch(`${url}/stock`);
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${text}`);
      return text;
    };
    const attempts = failureThreshold + rng.int(5, 10);
    for (let i = 0; i < attempts; i += 1) await attempt(breaker, getStock);
    expect(
      hits,
      rng.tag(`failureThreshold ${failureThreshold}: the server answered 503 to each of the first ${failureThreshold} requests, which opened the breaker; the other ${attempts - failureThreshold} calls must fail fast without a request; the server got ${hits}`),
    ).toBe(failureThreshold);
    healthy = true;
    clock.advance(coolDownMs);
    const trial = await attempt(breaker, getStock);
    expect({ trial: show(trial), hits, state: breaker.state() }, rng.tag(`coolDownMs ${coolDownMs}: after the cool-down, one trial request reaches the server, which is healthy again, and the breaker closes`)).toEqual({
      trial: 'resolved with "stock: 12"',
      hits: failureThreshold + 1,
      state: 'closed',
    });
  });
});
