import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../../../runner/kit/http.js';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { isTransient, retry, sleep as abortableSleep, type RetryOptions } from '../src/retry.js';
import { settle, track } from '../../../runner/kit/time.js';

const AWS = 'AWS Architecture Blog, "Exponential Backoff And Jitter"';
const TRANSIENT = [408, 429, 500, 502, 503, 504];
const PERMANENT = [400, 401, 403, 404, 405, 409, 410, 422, 501];

/** An error as an HTTP client would throw it for a response with this status. */
function httpError(status: number): Error & { status: number } {
  return Object.assign(new Error(`HTTP ${status}`), { status });
}

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}(${JSON.stringify(value.message)}${'status' in value ? `, status ${String(value.status)}` : ''}${'code' in value ? `, code ${String(value.code)}` : ''})`;
  return JSON.stringify(value);
}

/** An operation that fails with `errors` in turn, then resolves with `result`; it records its calls. */
function flaky<T>(errors: readonly unknown[], result: T) {
  const calls: number[] = [];
  const operation = async (attempt: number): Promise<T> => {
    calls.push(attempt);
    const error = errors[calls.length - 1];
    if (error !== undefined) throw error;
    return result;
  };
  return { operation, calls };
}

/** A sleep that only records: the waits a retry asked for, resolved at once. */
function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return { sleep, waits };
}

/** Random settings and a seeded random source the test can replay. */
function settings(rng: Random): Required<Pick<RetryOptions, 'maxAttempts' | 'baseMs' | 'capMs'>> & { seed: number; describe: string } {
  const maxAttempts = rng.int(4, 7);
  const baseMs = rng.pick([50, 100, 200, 250]);
  // A cap below the largest ceiling, so that it matters.
  const capMs = baseMs * 2 ** (maxAttempts - 3) + rng.int(1, baseMs - 1);
  const seed = rng.int(1, 2 ** 31 - 2);
  return { maxAttempts, baseMs, capMs, seed, describe: `maxAttempts ${maxAttempts}, baseMs ${baseMs}, capMs ${capMs}` };
}

async function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('task 2: retries with back-off and full jitter', () => {
  it('returns the result of a first attempt that succeeds, without waiting', async () => {
    const rng = seededRandom();
    const { operation, calls } = flaky([], rng.word(8));
    const { sleep, waits } = recordingSleep();
    const result = await retry(operation, { ...settings(rng), sleep });
    expect({ result, calls: calls.length, waits }, rng.tag('an operation that succeeds at once is called once, its result returned, and nothing waited for')).toEqual({ result: expect.any(String), calls: 1, waits: [] });
  });

  it('retries transient failures until an attempt succeeds, and returns that result', async () => {
    const rng = seededRandom();
    const config = settings(rng);
    const failures = Array.from({ length: config.maxAttempts - 1 }, () => httpError(rng.pick(TRANSIENT)));
    const expected = rng.word(8);
    const { operation, calls } = flaky(failures, expected);
    const { sleep } = recordingSleep();
    const result = await outcome(retry(operation, { ...config, sleep, random: seededRandom(config.seed).next }));
    expect(
      result,
      rng.tag(`with ${config.describe}: the attempts failed with ${failures.map((error) => error.status).join(', ')} (all worth retrying), then attempt ${config.maxAttempts} succeeded; retry() must return its result; it got ${result.ok ? show(result.value) : `a rejection: ${show(result.error)}`}`),
    ).toEqual({ ok: true, value: expected });
    expect(calls, rng.tag('the operation is called with the attempt number, 0 for the first call')).toEqual(Array.from({ length: config.maxAttempts }, (_, index) => index));
  });

  it('waits random() × min(capMs, baseMs × 2^n) after failed attempt n: full jitter, from the random source it is given', async () => {
    const rng = seededRandom();
    const config = settings(rng);
    const failures = Array.from({ length: config.maxAttempts - 1 }, () => httpError(503));
    const { operation } = flaky(failures, 'ok');
    const { sleep, waits } = recordingSleep();
    await retry(operation, { ...config, sleep, random: seededRandom(config.seed).next });
    const replay = seededRandom(config.seed);
    const expected = failures.map((_, attempt) => replay.next() * Math.min(config.capMs, config.baseMs * 2 ** attempt));
    const shown = (list: number[]) => list.map((ms) => ms.toFixed(1)).join(', ');
    expect(waits.length, rng.tag(`with ${config.describe}: ${failures.length} failures, then a success, means ${failures.length} waits; got ${waits.length}`)).toBe(failures.length);
    // Rounding to whole milliseconds is fine: a wait within 1 ms of the exact value counts as equal.
    const seen = waits.map((ms, index) => (Math.abs(ms - (expected[index] ?? Number.NaN)) <= 1 ? (expected[index] as number) : ms).toFixed(1));
    expect(
      seen,
      rng.tag(
        `with ${config.describe}: the wait after failed attempt n (n = 0 for the first call) is random() × min(capMs, baseMs × 2^n), one call of the given random() per wait (${AWS}: "Full Jitter"). Expected waits (ms): ${shown(expected)}; got: ${shown(waits)}. Waits that are the same for every client (no jitter) make all of them retry in lock-step and hit the recovering server together`,
      ),
    ).toEqual(expected.map((ms) => ms.toFixed(1)));
  });

  it('calls random only for a wait it makes: not after the last attempt, nor for an error it does not retry', async () => {
    const rng = seededRandom();
    const config = settings(rng);
    const source = seededRandom(config.seed);
    let draws = 0;
    const random = () => {
      draws += 1;
      return source.next();
    };
    const always = flaky(Array.from({ length: config.maxAttempts }, () => httpError(rng.pick(TRANSIENT))), 'never');
    await outcome(retry(always.operation, { ...config, sleep: recordingSleep().sleep, random }));
    const afterGivingUp = draws;
    draws = 0;
    const permanent = httpError(rng.pick(PERMANENT));
    const once = flaky([permanent], 'ok');
    await outcome(retry(once.operation, { ...config, sleep: recordingSleep().sleep, random }));
    expect(
      { [`${config.maxAttempts} transient failures`]: afterGivingUp, [`one ${permanent.status}`]: draws },
      rng.tag(
        `with ${config.describe}: random() is drawn exactly once per wait. ${config.maxAttempts} attempts that all fail have ${config.maxAttempts - 1} waits between them, and a ${permanent.status}, never retried, has none. Decide whether to wait first, then draw the delay: a draw for a wait that never happens shifts the sequence a caller (or a test) replays`,
      ),
    ).toEqual({ [`${config.maxAttempts} transient failures`]: config.maxAttempts - 1, [`one ${permanent.status}`]: 0 });
  });

  it('never waits longer than capMs, however many attempts it makes', async () => {
    const rng = seededRandom();
    const baseMs = rng.pick([10, 20, 50]);
    const capMs = baseMs * rng.int(5, 20);
    const maxAttempts = 14;
    const { operation } = flaky(Array.from({ length: maxAttempts - 1 }, () => httpError(503)), 'ok');
    const { sleep, waits } = recordingSleep();
    const highest = 1 - 2 ** -20;
    await retry(operation, { maxAttempts, baseMs, capMs, sleep, random: () => highest });
    const longest = Math.max(...waits);
    expect(
      longest,
      rng.tag(`with baseMs ${baseMs}, capMs ${capMs} and random() always just under 1: baseMs × 2^n passes capMs after a few attempts, and the ceiling must stop at capMs (min(capMs, baseMs × 2^n)), or a long outage makes clients wait for hours; the longest wait was ${longest.toFixed(1)} ms`),
    ).toBeLessThanOrEqual(capMs);
    expect(longest, rng.tag(`with random() just under 1 the last waits are just under capMs (${capMs} ms); got at most ${longest.toFixed(1)} ms`)).toBeGreaterThan(capMs - 2);
  });

  it('gives up after maxAttempts attempts with the last error, and does not wait after the last one', async () => {
    const rng = seededRandom();
    const config = settings(rng);
    const failures = Array.from({ length: config.maxAttempts + 3 }, () => httpError(rng.pick(TRANSIENT)));
    const { operation, calls } = flaky(failures, 'never');
    const { sleep, waits } = recordingSleep();
    const result = await outcome(retry(operation, { ...config, sleep, random: seededRandom(config.seed).next }));
    const last = failures[config.maxAttempts - 1];
    expect(calls.length, rng.tag(`with ${config.describe}: an operation that always fails transiently is called exactly maxAttempts = ${config.maxAttempts} times (the first call counts); it was called ${calls.length} times`)).toBe(config.maxAttempts);
    expect(result.ok ? result.value : result.error, rng.tag(`after the last attempt, retry() rejects with that attempt's own error, unwrapped, so the caller sees what went wrong (${show(last)}); got ${result.ok ? 'a result' : show(result.error)}`)).toBe(last);
    expect(waits.length, rng.tag(`${config.maxAttempts} attempts have ${config.maxAttempts - 1} waits between them; a wait after the last attempt only delays the failure`)).toBe(config.maxAttempts - 1);
  });

  it('does not retry an error that is not transient: a 4xx other than 408 and 429, a 501, or a bug', async () => {
    const rng = seededRandom();
    const config = settings(rng);
    const errors: unknown[] = [httpError(rng.pick(PERMANENT)), httpError(rng.pick(PERMANENT)), new TypeError("Cannot read properties of undefined (reading 'id')"), new RangeError('Invalid time value')];
    for (const error of errors) {
      const { operation, calls } = flaky([error, error, error], 'ok');
      const { sleep, waits } = recordingSleep();
      const result = await outcome(retry(operation, { ...config, sleep, random: seededRandom(config.seed).next }));
      expect(
        { calls: calls.length, waits: waits.length, error: result.ok ? 'resolved' : result.error },
        rng.tag(
          `${show(error)} will fail the same way every time: a 400 stays a 400, a bug stays a bug. Retrying it only multiplies the load and delays the error: call once, wait for nothing, reject with it (use isTransient to decide); got ${calls.length} calls and ${waits.length} waits`,
        ),
      ).toEqual({ calls: 1, waits: 0, error });
    }
  });

  it('treats 408, 429, 500, 502, 503, 504 and dropped connections as transient, and other errors as not', () => {
    const rng = seededRandom();
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const timedOut = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
    const fetchFailed = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const transient: unknown[] = [...TRANSIENT.map(httpError), reset, timedOut, fetchFailed];
    const permanent: unknown[] = [...PERMANENT.map(httpError), new TypeError('x is not a function'), new Error('invalid signature'), 'a string', undefined];
    const wrong = [...transient.filter((error) => !isTransient(error)).map((error) => `${show(error)} is transient`), ...permanent.filter((error) => isTransient(error)).map((error) => `${show(error)} is not transient`)];
    expect(
      wrong,
      rng.tag(
        'isTransient(error): an error with a numeric `status` is transient for 408, 429, 500, 502, 503 and 504 (RFC 9110, sections 15.5.9 and 15.6; RFC 6585, section 4); otherwise a network error `code` (on the error or on its `cause`, where fetch puts it) such as ECONNRESET, ECONNREFUSED, ETIMEDOUT, EPIPE, EAI_AGAIN or UND_ERR_SOCKET is; nothing else is',
      ),
    ).toEqual([]);
  });

  it('sees a real refused connection (fetch failed, cause ECONNREFUSED) as transient', async () => {
    const rng = seededRandom();
    // A port that was just listening and is not any more: connecting to it is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await fetch(`http://127.0.0.1:${port}/`).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    const cause = (error as { cause?: unknown } | undefined)?.cause;
    expect(error, rng.tag('fetch to a closed port must fail')).toBeInstanceOf(Error);
    expect(
      isTransient(error),
      rng.tag(`fetch reports a refused connection as ${show(error)} with its cause ${show(cause)}: the error itself has no status and no code, so look at error.cause.code too. A service that is restarting refuses connections for a moment: that is the textbook transient failure`),
    ).toBe(true);
  });

  it('retries a real server that answers 503 twice, and returns its 200', async () => {
    const rng = seededRandom();
    let hits = 0;
    const { url } = await serve((_req, res) => {
      hits += 1;
      res.writeHead(hits <= 2 ? 503 : 200, { 'Content-Type': 'text/plain' });
      res.end(hits <= 2 ? 'busy' : 'fine');
    });
    const { sleep, waits } = recordingSleep();
    const get = async () => {
      const response = await fetch(`${url}/status`);
      if (!response.ok) throw httpError(response.status);
      return response.text();
    };
    const result = await outcome(retry(get, { maxAttempts: 5, baseMs: 100, capMs: 1_000, sleep, random: seededRandom(rng.seed).next }));
    expect(
      { result, hits, waits: waits.length },
      rng.tag(`the server answered 503 Service Unavailable twice, then 200 "fine"; 503 is transient (RFC 9110, section 15.6.4), so three attempts with two waits must return "fine"; got ${result.ok ? show(result.value) : `a rejection: ${show(result.error)}`} after ${hits} requests`),
    ).toEqual({ result: { ok: true, value: 'fine' }, hits: 3, waits: 2 });
  });

  it('waits on a real timer by default: the next attempt starts when the delay is over, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const rng = seededRandom();
    const { operation, calls } = flaky([httpError(503)], 'ok');
    const random = () => 0.75;
    const baseMs = rng.pick([200, 400, 800]);
    const delay = 0.75 * baseMs;
    const result = track(retry(operation, { maxAttempts: 3, baseMs, capMs: 10_000, random }));
    await settle();
    await vi.advanceTimersByTimeAsync(delay - 1);
    expect(calls.length, rng.tag(`with baseMs ${baseMs} and random() = 0.75, the wait after the first failure is ${delay} ms: ${delay - 1} ms later the second attempt must not have started (without a sleep option, wait on setTimeout)`)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(
      { calls: calls.length, state: result.state() },
      rng.tag(`with baseMs ${baseMs} and random() = 0.75: once ${delay} ms have passed the second attempt runs and succeeds`),
    ).toEqual({ calls: 2, state: 'fulfilled' });
  });

  it('stops as soon as its signal aborts: no more waiting, no further attempt, a rejection with the abort reason', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const rng = seededRandom();
    const config = settings(rng);
    const { operation, calls } = flaky(Array.from({ length: 10 }, () => httpError(503)), 'ok');
    const controller = new AbortController();
    const reason = new Error(`the user closed the page (${rng.word(5)})`);
    const result = track(retry(operation, { ...config, maxAttempts: 10, random: () => 0.9, signal: controller.signal }));
    await settle();
    expect(calls.length, rng.tag('the first attempt runs at once and fails with a 503; retry() now waits')).toBe(1);
    controller.abort(reason);
    await settle();
    expect(
      result.state(),
      rng.tag(
        `the signal aborted while retry() was waiting (without a sleep option) for its next attempt: it must reject at once, not when the timer fires — listen for the signal's "abort" event in the wait, and check signal.aborted before each attempt. A caller who gave up (a closed page, a timed-out request) must not keep a retry loop running`,
      ),
    ).toBe('rejected');
    expect(result.error(), rng.tag(`retry() must reject with signal.reason (here ${show(reason)}), as fetch does, so the caller can tell an abort from a failure (timers/promises rejects with an AbortError instead, the reason in its cause); got ${show(result.error())}`)).toBe(reason);
    expect(vi.getTimerCount(), rng.tag('after an abort, no timer may be left behind: clearTimeout the wait, or it keeps a process alive for nothing')).toBe(0);
    await vi.advanceTimersByTimeAsync(config.capMs * 20);
    expect(calls.length, rng.tag(`after the abort no attempt may start, however much time passes; the operation was called ${calls.length} times`)).toBe(1);
  });

  it('decides by the status alone when an error has a numeric one, and a status that is not a number is no status', () => {
    const rng = seededRandom();
    const status = rng.pick(PERMANENT);
    const code = rng.pick(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT']);
    const permanentWithCode = Object.assign(new Error(`HTTP ${status}`), { status, code });
    const textStatus = Object.assign(new Error('HTTP 503'), { status: String(rng.pick(TRANSIENT)) });
    expect(
      { [`status ${status} with code ${code}`]: isTransient(permanentWithCode), [`status "${textStatus.status}" (a string)`]: isTransient(textStatus) },
      rng.tag(
        `isTransient: an error with a numeric status is judged by that status only — a ${status} is not transient whatever code it also carries ("otherwise" the code decides); and a status that is a string is not a numeric status, and with no transient code the error is "anything else": not transient`,
      ),
    ).toEqual({ [`status ${status} with code ${code}`]: false, [`status "${textStatus.status}" (a string)`]: false });
  });

  it('lets the isRetryable option decide which errors are retried, instead of isTransient', async () => {
    const rng = seededRandom();
    const config = settings(rng);
    const permanent = httpError(rng.pick(PERMANENT));
    const always = flaky([permanent, permanent], 'ok');
    const first = await outcome(retry(always.operation, { ...config, sleep: recordingSleep().sleep, random: seededRandom(config.seed).next, isRetryable: () => true }));
    const transient = httpError(rng.pick(TRANSIENT));
    const never = flaky([transient, transient], 'ok');
    const second = await outcome(retry(never.operation, { ...config, sleep: recordingSleep().sleep, random: seededRandom(config.seed).next, isRetryable: () => false }));
    expect(
      { 'isRetryable: () => true, a 4xx twice': always.calls.length, 'isRetryable: () => false, a 5xx': never.calls.length, secondRejectedWith: second.ok ? 'resolved' : second.error },
      rng.tag(
        `with ${config.describe}: options.isRetryable, when given, replaces isTransient — a caller who knows its errors better says what may be retried. Retrying everything, a ${permanent.status} fails twice and the third attempt succeeds (${first.ok ? 'resolved' : 'rejected'}); retrying nothing, a ${transient.status} is rejected after one call`,
      ),
    ).toEqual({ 'isRetryable: () => true, a 4xx twice': 3, 'isRetryable: () => false, a 5xx': 1, secondRejectedWith: transient });
  });

  it('rejects with the abort reason when the signal aborts while an attempt runs, even if the attempt then fails for good', async () => {
    const rng = seededRandom();
    const config = settings(rng);
    const controller = new AbortController();
    const reason = new Error(`the request's own deadline passed (${rng.word(5)})`);
    const failure = rng.pick([httpError(rng.pick(PERMANENT)), new TypeError('fetch failed')]);
    let calls = 0;
    const operation = async () => {
      calls += 1;
      controller.abort(reason);
      throw failure;
    };
    const result = await outcome(retry(operation, { ...config, sleep: recordingSleep().sleep, signal: controller.signal }));
    expect(
      { calls, error: result.ok ? 'resolved' : result.error },
      rng.tag(
        `the signal aborted while attempt 0 ran, and the attempt then failed with ${show(failure)}: once the caller has given up, retry() rejects with signal.reason (${show(reason)}), as fetch does — check signal.throwIfAborted() after each failure, before deciding anything else; got ${result.ok ? 'a result' : show(result.error)}`,
      ),
    ).toEqual({ calls: 1, error: reason });
  });

  it('sleep() with a signal that has already aborted rejects at once with its reason and sets no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const rng = seededRandom();
    const reason = new Error(`cancelled (${rng.word(5)})`);
    const ms = rng.int(100, 5_000);
    const slept = track(abortableSleep(ms, AbortSignal.abort(reason)));
    await settle();
    expect(
      { state: slept.state(), error: slept.error(), timers: vi.getTimerCount() },
      rng.tag(`sleep(${ms}, signal) with a signal aborted before the call: an "abort" listener added now never fires, so check signal.aborted first and reject with signal.reason at once, without starting a timer; waiting the whole ${ms} ms ignores the caller`),
    ).toEqual({ state: 'rejected', error: reason, timers: 0 });
  });

  it('makes no attempt at all when its signal has already aborted', async () => {
    const rng = seededRandom();
    const { operation, calls } = flaky([], 'ok');
    const { sleep } = recordingSleep();
    const reason = new Error('deadline exceeded');
    const result = await outcome(retry(operation, { ...settings(rng), sleep, signal: AbortSignal.abort(reason) }));
    expect(
      { calls: calls.length, error: result.ok ? 'resolved' : result.error },
      rng.tag('a signal that is already aborted means the caller no longer wants the result: reject with signal.reason (signal.throwIfAborted() does it) before calling the operation'),
    ).toEqual({ calls: 0, error: reason });
  });
});
