import { afterEach, describe, expect, it, vi } from 'vitest';
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

/** Calls `operation` through the breaker `times` times, one after the other. */
async function callTimesOf(breaker: CircuitBreaker, operation: () => Promise<unknown>, times: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < times; i += 1) outcomes.push(await attempt(breaker, operation));
  return outcomes;
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
  afterEach(() => {
    vi.useRealTimers();
  });

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
    // The calls that arrive meanwhile would answer at once, were they let through.
    const quick = async () => {
      trialCalls += 1;
      return 'flood';
    };
    const others = await Promise.all(Array.from({ length: rng.int(3, 8) }, () => attempt(breaker, quick)));
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

  it('rejects the calls that arrive during a trial with CircuitOpenError(0)', async () => {
    const rng = seededRandom();
    const { breaker, clock, trip, coolDownMs, settings } = setup(rng);
    await trip();
    clock.advance(coolDownMs);
    let finishTrial: (value: string) => void = () => undefined;
    const trial = track(breaker.call(() => new Promise<string>((resolve) => (finishTrial = resolve))));
    await settle();
    clock.advance(rng.int(1, 5_000));
    const meanwhile = await attempt(breaker, async () => 'flood');
    finishTrial('back');
    await settle();
    expect(
      meanwhile.ok ? 'resolved' : meanwhile.error instanceof CircuitOpenError ? meanwhile.error.retryAfterMs : show(meanwhile),
      rng.tag(`with ${settings}: while the trial runs there is no cool-down left to wait for, only the trial's outcome: a call that arrives meanwhile is rejected with new CircuitOpenError(0); got ${show(meanwhile)}`),
    ).toBe(0);
    expect(trial.state(), rng.tag('the trial itself resolves with its result')).toBe('fulfilled');
  });

  it('tries again after a failed trial: the trial after the next cool-down reaches the dependency', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng);
    await trip();
    clock.advance(coolDownMs);
    await attempt(breaker, service.call);
    clock.advance(coolDownMs);
    service.up();
    const before = service.calls();
    const second = await attempt(breaker, service.call);
    expect(
      { reached: service.calls() - before, outcome: show(second), state: breaker.state() },
      rng.tag(
        `with ${settings}: the first trial failed and opened the breaker again; a whole cool-down later the next call is a new trial, which reaches the dependency (up again) and closes the breaker. A trial that failed must not leave the breaker thinking a trial is still running: it would never try again`,
      ),
    ).toEqual({ reached: 1, outcome: 'resolved with "stock-' + String(before + 1) + '"', state: 'closed' });
  });

  it('counts trial successes afresh in each half-open period: a failed trial wipes out the ones before it', async () => {
    const rng = seededRandom();
    const successThreshold = rng.int(2, 4);
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng, { successThreshold });
    await trip();
    clock.advance(coolDownMs);
    service.up();
    await callTimesOf(breaker, service.call, successThreshold - 1);
    service.down();
    await attempt(breaker, service.call);
    expect(breaker.state(), rng.tag(`with ${settings}: ${successThreshold - 1} trials succeeded, then one failed: open again`)).toBe('open');
    clock.advance(coolDownMs);
    service.up();
    const states: string[] = [];
    for (let trial = 1; trial <= successThreshold; trial += 1) {
      await attempt(breaker, service.call);
      states.push(breaker.state());
    }
    expect(
      states,
      rng.tag(
        `with ${settings}: successThreshold trials must succeed *in a row*: after a failed trial the count starts again from 0, so the new half-open period needs ${successThreshold} successes again; counting the successes of the earlier period closes the breaker on a dependency that has just failed`,
      ),
    ).toEqual([...Array(successThreshold - 1).fill('half-open'), 'closed']);
  });

  it('starts with a fresh failure count once it closes again', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, trip, coolDownMs, failureThreshold, settings } = setup(rng);
    await trip();
    clock.advance(coolDownMs);
    service.up();
    await attempt(breaker, service.call);
    expect(breaker.state(), rng.tag(`with ${settings}: the successful trial closes the breaker`)).toBe('closed');
    service.down();
    await callTimesOf(breaker, service.call, failureThreshold - 1);
    expect(
      breaker.state(),
      rng.tag(`with ${settings}: after closing, the count of failures in a row starts again from 0: ${failureThreshold - 1} failures stay below the threshold of ${failureThreshold}; a count left over from before the circuit opened makes one failure open it again`),
    ).toBe('closed');
  });

  it('does not let a call started while closed restart the cool-down when it fails after the circuit opened', async () => {
    const rng = seededRandom();
    // One failure opens it: a late failure counted as a closed call would open it again at once.
    const { breaker, service, clock, coolDownMs, failureThreshold, settings } = setup(rng, { failureThreshold: 1 });
    let failLate: (error: Error) => void = () => undefined;
    const late = track(breaker.call(() => new Promise<string>((_resolve, reject) => (failLate = reject))));
    await settle();
    service.down();
    await callTimesOf(breaker, service.call, failureThreshold);
    expect(breaker.state(), rng.tag(`with ${settings}: ${failureThreshold} failures in a row open the breaker (the slow call is still running)`)).toBe('open');
    const delay = rng.int(1, coolDownMs - 1);
    clock.advance(delay);
    failLate(new Error('ETIMEDOUT: the slow call failed at last'));
    await settle();
    expect(late.state(), rng.tag('the slow call is rejected with its own error')).toBe('rejected');
    clock.advance(coolDownMs - delay);
    expect(
      breaker.state(),
      rng.tag(
        `with ${settings}: a call started while closed failed ${delay} ms after the breaker opened; that late failure must not change the state, so the cool-down still ends ${coolDownMs} ms after the opening and the breaker is half-open now; counting it restarts the cool-down`,
      ),
    ).toBe('half-open');
  });

  it('does not let a call started while closed close the circuit when it succeeds after the circuit opened', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, coolDownMs, failureThreshold, settings } = setup(rng);
    let succeedLate: (value: string) => void = () => undefined;
    const late = track(breaker.call(() => new Promise<string>((resolve) => (succeedLate = resolve))));
    await settle();
    service.down();
    await callTimesOf(breaker, service.call, failureThreshold);
    clock.advance(rng.int(0, coolDownMs - 1));
    succeedLate('slow stock');
    await settle();
    expect(late.state(), rng.tag('the slow call resolves with its result')).toBe('fulfilled');
    const before = service.calls();
    const next = await attempt(breaker, service.call);
    expect(
      { state: breaker.state(), reached: service.calls() - before, rejectedFast: !next.ok && next.error instanceof CircuitOpenError },
      rng.tag(
        `with ${settings}: a call started while closed succeeded after the breaker had opened; that late success says nothing about the dependency now and must not close the circuit: the breaker stays open, and the next call fails fast`,
      ),
    ).toEqual({ state: 'open', reached: 0, rejectedFast: true });
  });

  it('does not let a call started while closed close the circuit when it succeeds once the cool-down is over', async () => {
    const rng = seededRandom();
    const { breaker, clock, trip, coolDownMs, settings } = setup(rng);
    let succeedLate: (value: string) => void = () => undefined;
    const late = track(breaker.call(() => new Promise<string>((resolve) => (succeedLate = resolve))));
    await settle();
    await trip();
    const waited = coolDownMs + rng.int(0, coolDownMs);
    clock.advance(waited);
    const before = breaker.state();
    succeedLate('slow stock');
    await settle();
    expect(late.state(), rng.tag('the slow call resolves with its result')).toBe('fulfilled');
    expect(
      { before, after: breaker.state() },
      rng.tag(
        `with ${settings}: a call started while closed succeeded ${waited} ms after the breaker opened, when the cool-down was over and no trial had run yet. It is not a trial — it was let through before the circuit opened, and its success says nothing about the dependency now — so it must not change the state: still half-open, waiting for a real trial. Count a success as a trial only for a call that started as one`,
      ),
    ).toEqual({ before: 'half-open', after: 'half-open' });
  });

  it('does not let a call started while closed open the circuit again when it fails once the cool-down is over', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, trip, coolDownMs, settings } = setup(rng);
    let failLate: (error: Error) => void = () => undefined;
    const late = track(breaker.call(() => new Promise<string>((_resolve, reject) => (failLate = reject))));
    await settle();
    await trip();
    const waited = coolDownMs + rng.int(0, coolDownMs);
    clock.advance(waited);
    const before = breaker.state();
    failLate(new Error('ETIMEDOUT: the slow call failed at last'));
    await settle();
    expect(late.state(), rng.tag('the slow call is rejected with its own error')).toBe('rejected');
    service.up();
    const calls = service.calls();
    const trial = await attempt(breaker, service.call);
    expect(
      { before, trialReached: service.calls() - calls, trial: trial.ok ? 'resolved' : show(trial) },
      rng.tag(
        `with ${settings}: a call started while closed failed ${waited} ms after the breaker opened, when the cool-down was over. Its failure is old news, not a failed trial: it must not change the state, so the breaker stays half-open and the next call is the trial, which reaches the dependency (up again); opening the circuit on it restarts the cool-down for nothing`,
      ),
    ).toEqual({ before: 'half-open', trialReached: 1, trial: 'resolved' });
  });

  it('counts the cool-down from the failure that opened the circuit, not from when that call started', async () => {
    const rng = seededRandom();
    const { breaker, service, clock, coolDownMs, settings } = setup(rng, { failureThreshold: 1 });
    let failLate: (error: Error) => void = () => undefined;
    const slow = track(breaker.call(() => new Promise<string>((_resolve, reject) => (failLate = reject))));
    await settle();
    const took = rng.int(1, coolDownMs);
    clock.advance(took);
    failLate(new Error('ETIMEDOUT: no answer'));
    await settle();
    expect({ call: slow.state(), state: breaker.state() }, rng.tag(`with ${settings}: the one call failed after ${took} ms, which opens the breaker`)).toEqual({ call: 'rejected', state: 'open' });
    clock.advance(coolDownMs - 1);
    const before = service.calls();
    const early = await attempt(breaker, service.call);
    expect(
      { reached: service.calls() - before, retryAfterMs: !early.ok && early.error instanceof CircuitOpenError ? early.error.retryAfterMs : show(early) },
      rng.tag(
        `with ${settings}: the call started, ran for ${took} ms and failed; the circuit opened at that failure ("remember when (now())"), so ${coolDownMs - 1} ms later 1 ms of the cool-down is left: the call fails fast with retryAfterMs 1. Reading the clock when the call started cuts the cool-down short by however long the failing call took — a timeout of 20 s would leave 10 s of a 30 s cool-down`,
      ),
    ).toEqual({ reached: 0, retryAfterMs: 1 });
  });

  it('keeps the state of two breakers apart: a trial in one does not hold back the trial of another', async () => {
    const rng = seededRandom();
    const first = setup(rng);
    const second = setup(rng);
    await first.trip();
    await second.trip();
    first.clock.advance(first.coolDownMs);
    second.clock.advance(second.coolDownMs);
    let finishTrial: (value: string) => void = () => undefined;
    const running = track(first.breaker.call(() => new Promise<string>((resolve) => (finishTrial = resolve))));
    await settle();
    second.service.up();
    const before = second.service.calls();
    const trial = await attempt(second.breaker, second.service.call);
    finishTrial('back');
    await settle();
    expect(running.state(), rng.tag('the first breaker\'s trial resolves with its result')).toBe('fulfilled');
    expect(
      { reached: second.service.calls() - before, trial: trial.ok ? 'resolved' : show(trial), state: second.breaker.state() },
      rng.tag(
        `two breakers, one per dependency (first: ${first.settings}; second: ${second.settings}), both half-open: while the first one's trial runs, the second one's trial must go through to its own dependency (up again) and close it. Keep each breaker's state inside createCircuitBreaker, not at module level, or one dependency's trial holds back the calls to every other`,
      ),
    ).toEqual({ reached: 1, trial: 'resolved', state: 'closed' });
  });

  it('reads performance.now by default: a system clock set forward does not end the cool-down', async () => {
    const rng = seededRandom();
    vi.useFakeTimers({ toFake: ['Date'] });
    const failureThreshold = rng.int(1, 4);
    const breaker = createCircuitBreaker({ failureThreshold, coolDownMs: 60_000 });
    const service = dependency();
    service.down();
    await callTimesOf(breaker, service.call, failureThreshold);
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(
      breaker.state(),
      rng.tag(
        'with no `now` option, a breaker opened for 60 s and the system clock (Date.now) then set an hour forward — an NTP correction — must still be open: `now` defaults to performance.now, a monotonic clock; Date.now jumps whenever the system clock is corrected',
      ),
    ).toBe('open');
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
