import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { explain, jsonOf, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createApp } from '../src/app.js';
import { checkReadiness, type ReadinessReport } from '../src/health.js';
import { settle, within } from '../../../runner/kit/time.js';
import { controlledDependency, type ControlledDependency } from './support/dependency.js';

// Only setTimeout and clearTimeout are faked: the HTTP server and fetch keep running on
// real I/O, and the readiness timeout moves only when a test advances the clock.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

// Real time a wrong solution is given before its test fails; a right one never waits for it.
const REAL_WAIT_MS = 2500;

async function startApp(dependencies: ControlledDependency[], readinessTimeoutMs = 2000) {
  const { url } = await serve(createApp({ dependencies, readinessTimeoutMs }));
  return url;
}

/** Tracks whether a promise has settled yet, to look at it while the fake clock stands still. */
function watch<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    // A rejection is an answer too; the assertions on `value` then show what went wrong.
    (error: unknown) => Object.assign(state, { done: true, error, value: `checkReadiness rejected: ${String(error)}` }),
  );
  return state;
}

/** The directives of Cache-Control, lower-cased, without arguments: "no-store, max-age=0" is ['no-store', 'max-age']. */
function directivesOf(res: Exchange): string[] {
  return (res.headers.get('cache-control') ?? '').split(',').map((directive) => directive.split('=')[0]?.trim().toLowerCase() ?? '').filter(Boolean);
}

const timeoutAdvice = (ms: number) =>
  `a check that never answers must count as failed once timeoutMs (${ms} ms) has passed: race each check against a setTimeout, and clear that timer when the check answers first. (The tests move time with vitest fake timers, which drive the global setTimeout; AbortSignal.timeout() and node:timers/promises run on real timers they cannot move.)`;

describe('task 3: health and readiness', () => {
  it('reports ready when every dependency answers', async () => {
    const rng = seededRandom();
    const names = [`db_${rng.word(4)}`, `cache_${rng.word(4)}`];
    const deps = names.map((name) => controlledDependency(name));
    const report = await checkReadiness(deps, rng.int(100, 5000));
    expect(report, rng.tag('every check resolved, so the service is ready and each check is "up"')).toEqual({ ready: true, checks: { [names[0] as string]: 'up', [names[1] as string]: 'up' } });
  });

  it('reports not ready, naming the dependency that is down, when one check rejects', async () => {
    const rng = seededRandom();
    const db = controlledDependency('database');
    const cache = controlledDependency(`cache_${rng.word(4)}`);
    db.down(`connect ECONNREFUSED 10.0.${rng.int(0, 255)}.${rng.int(1, 254)}:5432`);
    const report = await checkReadiness([db, cache], rng.int(100, 5000));
    expect(report, rng.tag('ready only when every dependency is up: one rejected check makes the whole service not ready, and the report says which one')).toEqual({ ready: false, checks: { database: 'down', [cache.name]: 'up' } });
  });

  it('counts a check that throws before returning a promise as down, without throwing itself', async () => {
    const rng = seededRandom();
    const db = controlledDependency('database');
    db.throwAtOnce(`pool not initialised ${rng.word(6)}`);
    let report: ReadinessReport | undefined;
    let thrown: unknown;
    try {
      report = await checkReadiness([db], 1000);
    } catch (error) {
      thrown = error;
    }
    expect(thrown, rng.tag('checkReadiness must never throw or reject: a failing check is an answer ("down"), and /readyz must still say 503 rather than crash into a 500. Call the check inside try, or inside a promise chain')).toBeUndefined();
    expect(report, rng.tag('a check that throws synchronously is down')).toEqual({ ready: false, checks: { database: 'down' } });
  });

  it('gives up on a hanging check once the timeout passes, and not before', async () => {
    const rng = seededRandom();
    const timeoutMs = rng.int(200, 5000);
    const db = controlledDependency('database');
    db.hang();
    const result = watch(checkReadiness([db], timeoutMs));
    await vi.advanceTimersByTimeAsync(timeoutMs - 1);
    await settle(1);
    expect(result.done, rng.tag(`checkReadiness answered ${timeoutMs - 1} ms into a timeout of ${timeoutMs} ms: wait for the whole timeout given, not a fixed or shorter one`)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settle(1);
    expect(result.done, rng.tag(`checkReadiness had not answered when the timeout of ${timeoutMs} ms was over: ${timeoutAdvice(timeoutMs)}`)).toBe(true);
    expect(result.value, rng.tag('a check that ran out of time is reported as "timeout", and the service is not ready')).toEqual({ ready: false, checks: { database: 'timeout' } });
  });

  it('counts a slow check that answers just inside the timeout as up', async () => {
    const rng = seededRandom();
    const timeoutMs = rng.int(200, 5000);
    const db = controlledDependency('database');
    db.answerAfter(timeoutMs - 1);
    const result = watch(checkReadiness([db], timeoutMs));
    await vi.advanceTimersByTimeAsync(timeoutMs);
    await settle(1);
    expect(result.value, rng.tag(`the check answered after ${timeoutMs - 1} ms, inside the timeout of ${timeoutMs} ms, so it is up`)).toEqual({ ready: true, checks: { database: 'up' } });
  });

  it('runs the checks at the same time, so two hanging dependencies take one timeout, not two', async () => {
    const rng = seededRandom();
    const timeoutMs = rng.int(200, 5000);
    const deps = [controlledDependency('database'), controlledDependency('queue')];
    for (const dep of deps) dep.hang();
    const result = watch(checkReadiness(deps, timeoutMs));
    await vi.advanceTimersByTimeAsync(timeoutMs);
    await settle(1);
    expect(result.done, rng.tag(`with two hanging dependencies and a timeout of ${timeoutMs} ms, the report must be ready after ${timeoutMs} ms: checks one after another take N timeouts, longer than the orchestrator's probe waits (start them all, then Promise.all); and ${timeoutAdvice(timeoutMs)}`)).toBe(true);
    expect(result.value, rng.tag('both checks timed out')).toEqual({ ready: false, checks: { database: 'timeout', queue: 'timeout' } });
  });

  it('aborts the signal it gave a check that ran out of time', async () => {
    const rng = seededRandom();
    const timeoutMs = rng.int(200, 5000);
    const db = controlledDependency('database');
    db.hang();
    const result = watch(checkReadiness([db], timeoutMs));
    await vi.advanceTimersByTimeAsync(timeoutMs);
    await settle(1);
    const signal = db.signals[0];
    expect(signal, rng.tag('check(signal) must be called with an AbortSignal')).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted, rng.tag(`after the timeout of ${timeoutMs} ms the check's signal must be aborted, so a driver that supports it stops its query instead of piling up work on a struggling database`)).toBe(true);
    expect(result.done, rng.tag(timeoutAdvice(timeoutMs))).toBe(true);
  });

  it('reports ready when there is no dependency to check', async () => {
    const rng = seededRandom();
    const result = watch(checkReadiness([], rng.int(100, 5000)));
    await settle(1);
    expect(result.value, rng.tag('with no dependencies every check (there is none) is up, so the service is ready: `ready` is true when every check is "up" (results.every(...) is true for an empty list). A service without dependencies must not be kept out of the load balancer for ever')).toEqual({ ready: true, checks: {} });
  });

  it('gives every check a signal of its own that is not aborted yet, also after an earlier timeout', async () => {
    const rng = seededRandom();
    const timeoutMs = rng.int(200, 5000);
    const db = controlledDependency('database');
    db.hang();
    const first = watch(checkReadiness([db], timeoutMs));
    await vi.advanceTimersByTimeAsync(timeoutMs);
    await settle(1);
    expect(first.value, rng.tag('the first check hung and timed out')).toEqual({ ready: false, checks: { database: 'timeout' } });
    db.up();
    const queue = controlledDependency('queue');
    await checkReadiness([db, queue], timeoutMs);
    const fresh = [db.signals[1], queue.signals[0]];
    expect(fresh.map((signal) => signal?.aborted), rng.tag(`a check that timed out earlier aborted its own signal; the next checks must each get a new AbortController's signal, not yet aborted. One controller shared across checks or kept at module level hands every later check an aborted signal, and a driver that honours it fails at once: the service never becomes ready again`)).toEqual([false, false]);
    expect(fresh[0] === fresh[1], rng.tag('two checks run at the same time get two signals: aborting one check that ran out of time must not cancel another')).toBe(false);
  });

  it('leaves no timer behind once every check has answered', async () => {
    const rng = seededRandom();
    const deps = [controlledDependency('database'), controlledDependency('cache')];
    (deps[1] as ControlledDependency).down('cache down');
    await checkReadiness(deps, rng.int(1000, 60_000));
    expect(vi.getTimerCount(), rng.tag('every check answered, yet timers are still pending: clear each timeout when its check answers first. A timer left behind per probe keeps the event loop busy and delays shutdown by up to the timeout')).toBe(0);
  });

  it('answers GET /healthz with 200 and {"status":"ok"}, never cached', async () => {
    const rng = seededRandom();
    const url = await startApp([controlledDependency('database')]);
    const res = await send(url, 'GET', '/healthz');
    expect(res.status, explain(res, rng.tag('liveness answers 200 while the process can answer at all'))).toBe(200);
    expect(res.headers.get('content-type'), explain(res, rng.tag('the body is JSON, so Content-Type is application/json'))).toMatch(/^application\/json/);
    expect(jsonOf(res), explain(res, rng.tag('the liveness body is {"status":"ok"}'))).toEqual({ status: 'ok' });
    expect(directivesOf(res), explain(res, rng.tag('a probe answer must not be stored by any cache, or a proxy keeps saying "fine" after the service stopped: Cache-Control: no-store (RFC 9111, section 5.2.2.5); no-cache is not enough, it lets a cache store the answer'))).toContain('no-store');
  });

  it('keeps /healthz at 200 while the database is down: liveness is not readiness', async () => {
    const rng = seededRandom();
    const db = controlledDependency('database');
    db.down('connection refused');
    const url = await startApp([db]);
    const res = await send(url, 'GET', '/healthz');
    expect(res.status, explain(res, rng.tag('the process itself is fine while the database is down; a failing liveness probe makes the orchestrator restart every replica at once, which does not bring the database back (Kubernetes: liveness vs readiness probes)'))).toBe(200);
    expect(db.calls, rng.tag('/healthz must not check dependencies at all: that is /readyz\'s job')).toBe(0);
  });

  it('answers GET /readyz with 200 and the checks when every dependency is up', async () => {
    const rng = seededRandom();
    const url = await startApp([controlledDependency('database')]);
    const res = await send(url, 'GET', '/readyz');
    expect(res.status, explain(res, rng.tag('every dependency is up: ready means 200'))).toBe(200);
    expect(jsonOf(res), explain(res, rng.tag('the body says {"status":"ready","checks":{...}} with each dependency by name'))).toEqual({ status: 'ready', checks: { database: 'up' } });
    expect(directivesOf(res), explain(res, rng.tag('readiness must never be served from a cache: Cache-Control: no-store (RFC 9111, section 5.2.2.5); no-cache is not enough, it lets a cache store the answer'))).toContain('no-store');
  });

  it('answers GET /readyz with 503 while the database is down, without the error\'s text', async () => {
    const rng = seededRandom();
    const db = controlledDependency('database');
    const secretish = `password authentication failed for user "${rng.word(8)}"`;
    db.down(secretish);
    const url = await startApp([db]);
    const res = await send(url, 'GET', '/readyz');
    expect(res.status, explain(res, rng.tag('the database is down, so the service cannot serve: 503 Service Unavailable tells the load balancer to send traffic elsewhere (RFC 9110, section 15.6.4). A 200 with "not ready" in the body is read as ready: probes look only at the status'))).toBe(503);
    expect(jsonOf(res), explain(res, rng.tag('the body says {"status":"not ready","checks":{"database":"down"}}'))).toEqual({ status: 'not ready', checks: { database: 'down' } });
    expect(res.text.includes(secretish), explain(res, rng.tag('the probe endpoint is often reachable from outside: name the failed check, not its error message (it can carry user names, hosts, versions)'))).toBe(false);
  });

  it('answers GET /readyz with 503 within the timeout when the database hangs', async () => {
    const rng = seededRandom();
    const timeoutMs = rng.int(200, 5000);
    const db = controlledDependency('database');
    db.hang();
    const url = await startApp([db], timeoutMs);
    const pending = send(url, 'GET', '/readyz');
    // If the check is never called, this request fails when the server closes: not a second error.
    pending.catch(() => undefined);
    await within(db.nextCall(), REAL_WAIT_MS, rng.tag('GET /readyz never called the dependency\'s check(signal)'));
    await vi.advanceTimersByTimeAsync(timeoutMs);
    const res = await within(pending, REAL_WAIT_MS, rng.tag(`GET /readyz had not answered when its timeout of ${timeoutMs} ms was over: the probe would hang along with the database, and the orchestrator would treat the hang as its own timeout at best. ${timeoutAdvice(timeoutMs)}`));
    expect(res.status, explain(res, rng.tag('a dependency that does not answer in time is down: 503'))).toBe(503);
    expect(jsonOf(res), explain(res, rng.tag('the body names the check that timed out'))).toEqual({ status: 'not ready', checks: { database: 'timeout' } });
  });

  it('answers 200 again as soon as the database is back', async () => {
    const rng = seededRandom();
    const db = controlledDependency('database');
    const url = await startApp([db]);
    db.down('connection reset');
    const down = await send(url, 'GET', '/readyz');
    expect(down.status, explain(down, rng.tag('the database is down: 503'))).toBe(503);
    db.up();
    const back = await send(url, 'GET', '/readyz');
    expect(back.status, explain(back, rng.tag('the database answers again, so /readyz must check again and say 200: a remembered failure keeps a healthy replica out of the load balancer'))).toBe(200);
  });
});
