import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { JobQueue, QueueFullError } from '../src/job-queue.js';
import { deferred, flushPromises, observe, settledState, type Deferred } from './support/deferred.js';
import { thrownAt } from '../../../runner/kit/where.js';

/** Jobs the test finishes by hand, counting how many run at once. */
function trackedJobs() {
  const started: Array<{ name: string; finish: Deferred<string>; finished: boolean }> = [];
  let running = 0;
  let mostAtOnce = 0;
  const job = (name: string) => async () => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    const finish = deferred<string>();
    started.push({ name, finish, finished: false });
    try {
      return await finish.promise;
    } finally {
      running -= 1;
    }
  };
  const finish = (name: string, error?: Error) => {
    const entry = started.find((candidate) => candidate.name === name && !candidate.finished);
    if (!entry) {
      const running = started.filter((candidate) => !candidate.finished).map((candidate) => candidate.name);
      throw new Error(`job '${name}' should be running by now, but the queue has not started it (running: ${running.join(', ') || 'none'}); a slot that is not freed when a job ends, or a waiting job that is not started then, stalls the queue`);
    }
    entry.finished = true;
    if (error) entry.finish.reject(error);
    else entry.finish.resolve(`${name} done`);
  };
  return {
    job,
    finish,
    started: () => started.map((entry) => entry.name),
    unfinished: () => started.filter((entry) => !entry.finished).map((entry) => entry.name),
    mostAtOnce: () => mostAtOnce,
  };
}

/** A job that fails `failures` times, then succeeds; it records when each attempt began. */
function flakyJob(failures: number) {
  const attempts: number[] = [];
  const run = async () => {
    attempts.push(Date.now());
    if (attempts.length <= failures) throw new Error(`attempt ${attempts.length} failed`);
    return 'finally worked';
  };
  return { run, attempts };
}

describe('task 4: Job queue with a concurrency limit and back-pressure', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a job and resolves add() with what the job returned', async () => {
    const queue = new JobQueue({ concurrency: 2, maxBacklog: 10 });
    const result = queue.add(async () => 42);
    expect(await settledState(result), 'add() should resolve with the value the job resolved with').toEqual({ state: 'fulfilled', value: 42 });
  });

  it('rejects add() with the error of a job that fails and has no retries left', async () => {
    const queue = new JobQueue({ concurrency: 2, maxBacklog: 10 });
    const failure = new Error('payment provider down');
    const result = queue.add(async () => {
      throw failure;
    });
    expect(await settledState(result), "with retries 0, a failing job's error should reject the promise add() returned").toEqual({ state: 'rejected', error: failure });
  });

  it('never runs more jobs at once than the concurrency limit', async () => {
    const rng = seededRandom();
    const concurrency = rng.int(2, 5);
    const total = concurrency * 3 + rng.int(0, 3);
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency, maxBacklog: total });
    const names = Array.from({ length: total }, (_, index) => `job-${index}`);
    const results = names.map((name) => queue.add(jobs.job(name)));
    await flushPromises();
    expect(jobs.started().length, rng.tag(`${total} jobs were added with concurrency ${concurrency}: exactly ${concurrency} should start at once`)).toBe(concurrency);
    // Finish running jobs one at a time, in random order, until every job has run.
    for (let finished = 0; finished < total && jobs.unfinished().length > 0; finished += 1) {
      jobs.finish(rng.pick(jobs.unfinished()));
      await flushPromises();
    }
    expect(jobs.started().length, rng.tag(`every one of the ${total} jobs should have run once slots freed up`)).toBe(total);
    await settledState(Promise.all(results));
    expect(jobs.mostAtOnce(), rng.tag(`with concurrency ${concurrency}, never more than ${concurrency} jobs may run at the same time; a check like running <= concurrency lets one too many in`)).toBe(concurrency);
  });

  it('starts a waiting job as soon as a running one finishes', async () => {
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    void queue.add(jobs.job('first'));
    void queue.add(jobs.job('second'));
    await flushPromises();
    expect(jobs.started(), 'with concurrency 1 only the first job runs; the second waits').toEqual(['first']);
    jobs.finish('first');
    await flushPromises();
    expect(jobs.started(), 'when the first job finishes, the waiting one should start on its own (no timer, no polling)').toEqual(['first', 'second']);
  });

  it('starts waiting jobs in the order they were added', async () => {
    const rng = seededRandom();
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 20 });
    const names = Array.from({ length: rng.int(4, 9) }, () => rng.word(5));
    for (const name of names) void queue.add(jobs.job(name));
    for (const name of names) {
      await flushPromises();
      jobs.finish(name);
    }
    await flushPromises();
    expect(jobs.started(), rng.tag('waiting jobs should start first in, first out')).toEqual(names);
  });

  it('keeps running later jobs after one fails', async () => {
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    const failing = queue.add(jobs.job('bad'));
    const next = queue.add(jobs.job('good'));
    await flushPromises();
    jobs.finish('bad', new Error('boom'));
    await flushPromises();
    expect(await settledState(failing), 'the failed job should reject its own promise').toEqual({ state: 'rejected', error: expect.any(Error) });
    expect(jobs.started(), 'a failed job must free its slot, or the queue stalls for good').toEqual(['bad', 'good']);
    jobs.finish('good');
    expect(await settledState(next), 'the next job should run and resolve').toEqual({ state: 'fulfilled', value: 'good done' });
  });

  it('treats a job that throws before returning a promise like one that rejects', async () => {
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    const failure = new Error('thrown synchronously');
    const result = queue.add((() => {
      throw failure;
    }) as () => Promise<never>);
    expect(await settledState(result), 'a job that throws at once should reject add(), not throw out of it or stall the queue').toEqual({ state: 'rejected', error: failure });
    expect(await settledState(queue.add(async () => 'still working')), 'the queue should keep working after that').toEqual({ state: 'fulfilled', value: 'still working' });
  });

  it('refuses a job with a QueueFullError once maxBacklog jobs are waiting', async () => {
    const rng = seededRandom();
    const concurrency = rng.int(1, 3);
    const maxBacklog = rng.int(1, 5);
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency, maxBacklog });
    for (let index = 0; index < concurrency + maxBacklog; index += 1) void queue.add(jobs.job(`job-${index}`));
    await flushPromises();
    const refused = queue.add(jobs.job('one-too-many'));
    const outcome = await settledState(refused);
    expect(outcome, rng.tag(`with concurrency ${concurrency} and maxBacklog ${maxBacklog}, ${concurrency} jobs run and ${maxBacklog} wait: the next one must be refused with a QueueFullError, so the caller can shed load (say 503) instead of piling up work without bound`)).toEqual({ state: 'rejected', error: expect.any(QueueFullError) });
    expect(queue.waiting, rng.tag('a refused job must not be added to the backlog')).toBe(maxBacklog);
  });

  it('accepts jobs again once the backlog has room', async () => {
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 1 });
    void queue.add(jobs.job('running'));
    void queue.add(jobs.job('waiting'));
    await flushPromises();
    jobs.finish('running');
    await flushPromises();
    const later = queue.add(jobs.job('later'));
    expect(await settledState(later), "'waiting' has started, so the backlog has room again: a new job should be accepted (still pending), not refused").toEqual({ state: 'pending' });
  });

  it('retries a failing job up to retries times, then rejects with the last error', async () => {
    const rng = seededRandom();
    const retries = rng.int(1, 4);
    const job = flakyJob(Number.POSITIVE_INFINITY);
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5, retries, retryDelayMs: 100 });
    const result = queue.add(job.run);
    const outcome = observe(result);
    await vi.advanceTimersByTimeAsync(100 * (retries + 5));
    expect(job.attempts.length, rng.tag(`with retries ${retries}, a job that always fails should run ${retries + 1} times (the first attempt and ${retries} retries), then stop`)).toBe(retries + 1);
    expect(outcome(), rng.tag('after the last retry, add() should reject with the error of the last attempt')).toEqual({
      state: 'rejected',
      error: expect.objectContaining({ message: `attempt ${retries + 1} failed` }),
    });
  });

  it('resolves with the result of a retry that succeeds', async () => {
    const job = flakyJob(2);
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5, retries: 3, retryDelayMs: 100 });
    const outcome = observe(queue.add(job.run));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(job.attempts.length, 'a job that fails twice and then works should run 3 times, not more').toBe(3);
    expect(outcome(), 'add() should resolve with the value of the attempt that worked').toEqual({ state: 'fulfilled', value: 'finally worked' });
  });

  it('waits retryDelayMs before each retry', async () => {
    const rng = seededRandom();
    const retryDelayMs = rng.int(50, 2_000);
    const job = flakyJob(2);
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5, retries: 2, retryDelayMs });
    void queue.add(job.run);
    await vi.advanceTimersByTimeAsync(retryDelayMs - 1);
    expect(job.attempts.length, rng.tag(`${retryDelayMs - 1} ms after the first failure (retryDelayMs ${retryDelayMs}) it is too early to retry: a retry at once hammers a service that is already struggling`)).toBe(1);
    await vi.advanceTimersByTimeAsync(retryDelayMs * 2);
    const gaps = job.attempts.slice(1).map((time, index) => time - (job.attempts[index] as number));
    expect(gaps, rng.tag(`each retry should come retryDelayMs (${retryDelayMs} ms) after the failure before it`)).toEqual([retryDelayMs, retryDelayMs]);
  });

  it('resolves onIdle() only when no job is running or waiting, failed ones included', async () => {
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    const first = queue.add(jobs.job('a'));
    const second = queue.add(jobs.job('b'));
    void first.catch(() => undefined);
    void second.catch(() => undefined);
    const idle = queue.onIdle();
    await flushPromises();
    jobs.finish('a', new Error('failed'));
    await flushPromises();
    expect(await settledState(idle), "job 'b' is still running: onIdle() must not resolve yet (an empty backlog is not idle while a job runs)").toEqual({ state: 'pending' });
    jobs.finish('b');
    expect(await settledState(idle), 'every job has finished (one failed, which still counts as finished): onIdle() should resolve').toEqual({ state: 'fulfilled', value: undefined });
  });

  it('resolves onIdle() at once when nothing is queued', async () => {
    const queue = new JobQueue({ concurrency: 3, maxBacklog: 5 });
    expect(await settledState(queue.onIdle()), 'a queue with no jobs is idle: onIdle() should resolve at once, not wait for a job that never comes').toEqual({ state: 'fulfilled', value: undefined });
  });

  it('refuses a concurrency or backlog that makes no sense', () => {
    for (const options of [{ concurrency: 0, maxBacklog: 1 }, { concurrency: 1.5, maxBacklog: 1 }, { concurrency: 1, maxBacklog: -1 }]) {
      expect(() => new JobQueue(options), `${JSON.stringify(options)}: the constructor should throw a RangeError`).toThrow(RangeError);
    }
  });

  it('tries a failing job once when retries is left out', async () => {
    const job = flakyJob(Number.POSITIVE_INFINITY);
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    const outcome = observe(queue.add(job.run));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(job.attempts.length, 'retries left out is 0 (README, section 4): a failing job runs once and is not tried again').toBe(1);
    expect(outcome(), 'add() should reject with the error of that one attempt').toEqual({ state: 'rejected', error: expect.objectContaining({ message: 'attempt 1 failed' }) });
  });

  it('retries at once when retryDelayMs is left out', async () => {
    const job = flakyJob(1);
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5, retries: 1 });
    const outcome = observe(queue.add(job.run));
    await vi.advanceTimersByTimeAsync(0);
    expect(job.attempts.length, 'retryDelayMs left out is 0 (README, section 4): the retry should run without any time passing').toBe(2);
    expect(outcome(), 'the retry worked: add() should resolve with its value').toEqual({ state: 'fulfilled', value: 'finally worked' });
  });

  it('retries a job that throws before returning a promise', async () => {
    let attempts = 0;
    const job = (() => {
      attempts += 1;
      if (attempts === 1) throw new Error('thrown before any promise');
      return Promise.resolve('worked on the retry');
    }) as () => Promise<string>;
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5, retries: 1, retryDelayMs: 100 });
    const outcome = observe(queue.add(job));
    await vi.advanceTimersByTimeAsync(100);
    expect(attempts, 'a job that throws before returning a promise counts as one that rejects (README, section 4), so it gets its retries too: call it inside the try').toBe(2);
    expect(outcome(), 'the retry worked: add() should resolve with its value').toEqual({ state: 'fulfilled', value: 'worked on the retry' });
  });

  it('keeps the slot of a failed job while it waits for its retry', async () => {
    const jobs = trackedJobs();
    const flaky = flakyJob(1);
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5, retries: 1, retryDelayMs: 100 });
    const first = observe(queue.add(flaky.run));
    void queue.add(jobs.job('next'));
    const idle = observe(queue.onIdle());
    await vi.advanceTimersByTimeAsync(50);
    expect(flaky.attempts.length, 'the first attempt has failed and its retry is 100 ms away').toBe(1);
    expect(jobs.started(), "a retry keeps its slot while it waits (README, section 4): with concurrency 1, 'next' must not start during the retry delay").toEqual([]);
    expect(queue.running, 'the job waiting for its retry still holds its slot: running should be 1').toBe(1);
    expect(idle(), 'a job waiting for its retry is not finished: onIdle() must not resolve yet').toEqual({ state: 'pending' });
    await vi.advanceTimersByTimeAsync(50);
    expect(first(), 'the retry worked: add() should resolve with its value').toEqual({ state: 'fulfilled', value: 'finally worked' });
    expect(jobs.started(), "once the retried job has finished, 'next' takes the slot").toEqual(['next']);
  });

  it('resolves every onIdle() caller, not only the last one', async () => {
    const jobs = trackedJobs();
    const queue = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    void queue.add(jobs.job('a'));
    const callers = [observe(queue.onIdle()), observe(queue.onIdle()), observe(queue.onIdle())];
    await flushPromises();
    jobs.finish('a');
    await flushPromises();
    expect(callers.map((caller) => caller().state), 'three callers waited for the queue to be idle: each of their promises must resolve, so keep every waiter, not one').toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('with maxBacklog 0, runs a job while a slot is free and refuses one when every slot is busy', async () => {
    let queue: JobQueue | undefined;
    try {
      queue = new JobQueue({ concurrency: 2, maxBacklog: 0 });
    } catch (error) {
      expect.fail(`maxBacklog 0 is valid: only a backlog below 0 is a RangeError (README, section 4); it means "run now or refuse, never wait". The constructor threw ${String(error)}${thrownAt(error)}`);
    }
    const jobs = trackedJobs();
    const first = observe(queue.add(jobs.job('first')));
    await flushPromises();
    const second = observe(queue.add(jobs.job('second')));
    await flushPromises();
    expect([first(), second()], "with concurrency 2, 'second' arrives while 'first' runs: a slot is still free, so it should be accepted and run, even though the backlog holds 0 (the queue is full only when every slot is busy and the backlog is full)").toEqual([{ state: 'pending' }, { state: 'pending' }]);
    expect(jobs.started(), 'with a slot free each job runs at once').toEqual(['first', 'second']);
    const refused = await settledState(queue.add(jobs.job('refused')));
    expect(refused, 'both slots are busy and the backlog holds 0: the next job must be refused with a QueueFullError').toEqual({ state: 'rejected', error: expect.any(QueueFullError) });
  });

  it('gives two queues a concurrency limit each', async () => {
    const jobs = trackedJobs();
    const first = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    const second = new JobQueue({ concurrency: 1, maxBacklog: 5 });
    void first.add(jobs.job('first-queue'));
    void second.add(jobs.job('second-queue'));
    await flushPromises();
    expect(jobs.started(), 'each queue has its own limit: with concurrency 1 each, both queues run their job at once (keep the counts in the instance, not at module level)').toEqual(['first-queue', 'second-queue']);
  });
});
