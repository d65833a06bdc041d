import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { RpcError } from '../src/dispatcher.js';
import { startWorker, TimeoutError, WorkerExitedError, type WorkerClient } from '../src/worker-client.js';
import { manualClock } from './support/manual-clock.js';
import { patience } from '../../../runner/kit/time.js';

const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'worker.mjs');
/** The command the client is given: a real worker process, a JavaScript program run by node. */
const command = { command: process.execPath, args: [workerFile] };
const STARTED_AS = `the worker (tests/support/worker.mjs) was started by your client as: node ${workerFile}`;

/** Only reached when something is wrong: once the worker runs, a correct client settles in milliseconds. */
const PATIENCE_MS = 3_000;
/** Starting a node process takes 0.1 s on an idle machine and seconds on a busy one. */
const STARTUP_PATIENCE_MS = 10_000;

type Outcome = { state: 'resolved'; value: unknown } | { state: 'rejected'; error: unknown } | { state: 'pending' };

/** Watches a promise so a test can look at its state without waiting for it. */
function watch(promise: Promise<unknown>): { now: () => Outcome; settled: () => Promise<Outcome> } {
  let outcome: Outcome = { state: 'pending' };
  const settled = promise.then(
    (value): Outcome => (outcome = { state: 'resolved', value }),
    (error: unknown): Outcome => (outcome = { state: 'rejected', error }),
  );
  return { now: () => outcome, settled: () => settled };
}

/**
 * Resolves with the promise's outcome, or with 'pending' once `ms` have passed in which the
 * worker could have answered: on a busy machine, where the worker process waits for a CPU,
 * the kit's patience waits longer (a plain 3 s timer failed correct clients under load).
 */
async function within(promise: Promise<unknown>, ms = PATIENCE_MS): Promise<Outcome> {
  const late = patience(ms).then((): Outcome => ({ state: 'pending' }));
  return Promise.race([watch(promise).settled(), late]);
}

/**
 * Closes the clients once the test has finished, waiting for each close() no longer than
 * the kit's patience: a close() that never settles would otherwise hang the file after the
 * test, and hide the test's own message behind a hang.
 */
function closeAfterTest(...clients: WorkerClient[]): void {
  onTestFinished(async () => {
    await Promise.all(clients.map((client) => within(client.close())));
  });
}

/** Whether a process is still there: a child this thread started is gone once reaped, after its 'exit' listeners ran. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits, a few milliseconds a look, until the condition holds (true) or the kit's patience ends (false). */
async function until(condition: () => boolean, ms: number): Promise<boolean> {
  let ended = false;
  void patience(ms).then(() => (ended = true));
  while (!condition()) {
    if (ended) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** Lets I/O callbacks and promise reactions that are already due run. */
function ioTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The call's result; a failure that names the call when it rejects or never settles. */
async function resultOf(promise: Promise<unknown>, what: string): Promise<unknown> {
  const outcome = await within(promise);
  if (outcome.state !== 'resolved') throw new Error(`${what} should have been answered by the worker, but the call ${show(outcome)}`);
  return outcome.value;
}

function show(outcome: Outcome): string {
  if (outcome.state === 'pending') return `still pending after ${PATIENCE_MS} ms`;
  if (outcome.state === 'resolved') return `resolved with ${JSON.stringify(outcome.value)}`;
  const error = outcome.error;
  return error instanceof Error ? `rejected with ${error.name}: ${error.message}` : `rejected with ${String(error)}`;
}

describe('task 5: call a worker process', () => {
  // One worker serves the tests that leave it healthy; the two that kill one share another.
  const sharedClock = manualClock();
  let started: WorkerClient | undefined;
  let doomedClient: WorkerClient | undefined;
  const shared = (): WorkerClient => (started ??= startWorker({ ...command, timeoutMs: 200, timers: sharedClock }));
  const doomed = (): WorkerClient => (doomedClient ??= startWorker({ ...command, timeoutMs: 200, timers: manualClock() }));
  // A third, given a clock but no timeoutMs: the default applies.
  const defaultsClock = manualClock();
  let defaultsClient: WorkerClient | undefined;
  const defaults = (): WorkerClient => (defaultsClient ??= startWorker({ ...command, timers: defaultsClock }));

  // Both start together and answer a first call before the tests: start-up is not timed.
  // A client that cannot start fails here quietly, and then in each test, with its error.
  beforeAll(async () => {
    const warmUp = async (client: () => WorkerClient) => {
      try {
        await within(client().call('echo', { value: 'ready?' }), STARTUP_PATIENCE_MS);
      } catch {
        // reported by the tests
      }
    };
    await Promise.all([warmUp(shared), warmUp(doomed), warmUp(defaults)]);
  });
  afterAll(async () => {
    await Promise.all([started, doomedClient, defaultsClient].map((client) => client && within(client.close())));
  });

  it('resolves each call with its own answer when the worker answers out of order', async () => {
    const calls = ['first', 'second', 'third'].map((value) => shared().call('hold', { value }));
    // The worker answers the held calls newest first, then this one.
    const released = await resultOf(shared().call('release'), '"release"');
    const outcomes = await Promise.all(calls.map(within));
    expect(released, `the worker held ${calls.length} calls before "release"; ${STARTED_AS}`).toBe(3);
    expect(outcomes.map(show), `the worker answered "third", "second", "first": match each answer to its call by id (JSON-RPC 2.0, section 5), never by arrival order`).toEqual(['first', 'second', 'third'].map((value) => show({ state: 'resolved', value })));
  });

  it('sends well-formed requests with a unique id each', async () => {
    const shapes = (await Promise.all([resultOf(shared().call('echo_request', { n: 1 }), '"echo_request"'), resultOf(shared().call('echo_request', [2]), '"echo_request"')])) as Array<Record<string, unknown>>;
    for (const [shape, params] of [[shapes[0], { n: 1 }], [shapes[1], [2]]] as const) {
      expect(shape, `the worker received this request; a request has "jsonrpc": "2.0", "method", "params" as given, and an "id" (JSON-RPC 2.0, section 4)`).toMatchObject({ jsonrpc: '2.0', method: 'echo_request', params });
      expect(['string', 'number'], `the id the worker received: ${JSON.stringify(shape?.id)}; use a string or an integer (section 4)`).toContain(typeof shape?.id);
    }
    expect(shapes[0]?.id, 'two calls in flight at once need two different ids, or their answers cannot be told apart').not.toEqual(shapes[1]?.id);
  });

  it('keeps the calls of two clients apart, and one client closing leaves the other working', async () => {
    // A small echo worker in plain JavaScript, started twice: each client has its own.
    const echo = "require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => { const request = JSON.parse(line); if ('id' in request) process.stdout.write(JSON.stringify({ jsonrpc: '2.0', result: request.params.value, id: request.id }) + '\\n'); });";
    const first = startWorker({ command: process.execPath, args: ['-e', echo], timeoutMs: 200, timers: manualClock() });
    const second = startWorker({ command: process.execPath, args: ['-e', echo], timeoutMs: 200, timers: manualClock() });
    closeAfterTest(first, second);
    const calls = [watch(first.call('echo', { value: 'for the first' })), watch(second.call('echo', { value: 'for the second' }))] as const;
    const expected = [show({ state: 'resolved', value: 'for the first' }), show({ state: 'resolved', value: 'for the second' })];
    const why = "two clients, each with its own worker, made their first call at the same time (both may well use the same id): keep the pending calls, ids and state of each client inside startWorker, not in the module, so one worker's answer settles only its own client's call";
    // Whichever answer comes first must be that call's own: a mix-up shows at once.
    await within(Promise.race(calls.map((call) => call.settled())), STARTUP_PATIENCE_MS);
    expect(calls.map((call, i) => (call.now().state === 'pending' ? expected[i] : show(call.now()))), why).toEqual(expected);
    await within(Promise.all(calls.map((call) => call.settled())));
    expect(calls.map((call) => show(call.now())), why).toEqual(expected);
    // The second client has a call in flight while the first is closed.
    const across = second.call('echo', { value: 'across the close' });
    const closing = first.close();
    const after = await within(across);
    await within(closing);
    expect(show(after), "the first client was closed while the second waited for an answer: closing one client rejects its own pending calls only, and the second client's call is answered").toBe(show({ state: 'resolved', value: 'across the close' }));
  });

  it('sends a call without params with no "params" member, not "params": null', async () => {
    const shape = (await resultOf(shared().call('echo_request'), '"echo_request" without params')) as Record<string, unknown>;
    expect(shape !== null && typeof shape === 'object' && !('params' in shape), `the worker received ${JSON.stringify(shape)} for call('echo_request'): without params, leave the "params" member out — it may be omitted, and when present it must be an array or an object, so "params": null is an Invalid Request (JSON-RPC 2.0, section 4)`).toBe(true);
  });

  it("rejects a call with an RpcError carrying the worker's code, message and data", async () => {
    const outcome = await within(shared().call('fail'));
    expect(outcome.state === 'rejected' && outcome.error instanceof RpcError, `the worker answered {"error": {"code": -32000, "message": "Worker refused", "data": {"retry": false}}}: the call must reject with an RpcError, but it ${show(outcome)}`).toBe(true);
    const error = (outcome as { error: RpcError }).error;
    expect({ code: error.code, message: error.message, data: error.data }, "keep the worker's error object whole: callers decide on its code and data (section 5.1)").toEqual({ code: -32000, message: 'Worker refused', data: { retry: false } });
  });

  it('ignores lines that are not answers to its calls: log lines and unknown ids', async () => {
    // A parse error thrown from a stream listener is nobody's rejection: it surfaces here.
    const uncaught: unknown[] = [];
    const record = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', record);
    onTestFinished(() => void process.off('uncaughtException', record));
    const outcome = await within(shared().call('noise'));
    expect(uncaught.map(String), 'the worker wrote a log line that is not JSON: JSON.parse throws on it, and thrown inside a stream listener it crashes the caller\'s process. Parse each line in a try and skip what is not an answer').toEqual([]);
    expect(show(outcome), `before answering, the worker wrote a log line that is not JSON, the JSON values null, 42 and "ok" (not answer objects), and two answers whose ids your client never sent: skip those (and do not crash on them), then take the real answer`).toBe(show({ state: 'resolved', value: 'after the noise' }));
  });

  it('resolves with a result of 0, false, "" or null, which are results like any other', async () => {
    for (const value of [0, false, '', null]) {
      const outcome = await within(shared().call('echo', { value }));
      expect(show(outcome), `the worker answered {"jsonrpc": "2.0", "result": ${JSON.stringify(value)}, "id": …}: an answer with a "result" member is a success whatever its value (JSON-RPC 2.0, section 5); tell a result from an error by which member is there, not by whether result is truthy`).toBe(show({ state: 'resolved', value }));
    }
  });

  it('sends a notification without an id, and expects no answer to it', async () => {
    shared().notify('audit', { event: 'login' });
    const received = (await resultOf(shared().call('notifications'), '"notifications"')) as Array<Record<string, unknown>>;
    expect(received, 'the worker received these notifications; a notification is a request without an "id" member (section 4.1)').toEqual([{ jsonrpc: '2.0', method: 'audit', params: { event: 'login' } }]);
  });

  it('clears the timer of a call once its answer arrives', async () => {
    await Promise.all([resultOf(shared().call('echo', { value: 1 }), '"echo"'), resultOf(shared().call('echo', { value: 2 }), '"echo"')]);
    expect(sharedClock.pending(), 'two calls were answered, yet their timeout timers are still set: clear a call\'s timer when it settles, or every call leaves a timer behind (and a real one keeps the process alive)').toBe(0);
  });

  it('rejects a call that gets no answer within timeoutMs with a TimeoutError, and not before', async () => {
    const call = shared().call('hang');
    const hanging = watch(call);
    await resultOf(shared().call('echo', { value: 'the hang request has reached the worker' }), '"echo", sent after "hang",');
    expect(sharedClock.pending(), 'the call "hang" is waiting for its answer, yet no timer is set on the clock given in options.timers: set the call\'s timeout with options.timers.setTimeout (the global setTimeout only when no timers are given), so the caller controls the clock').toBeGreaterThan(0);
    sharedClock.advance(199);
    await ioTurn();
    expect(show(hanging.now()), 'after 199 ms of a 200 ms timeout the call must still be waiting').toBe(show({ state: 'pending' }));
    sharedClock.advance(1);
    const outcome = await within(call);
    expect(outcome.state === 'rejected' && outcome.error instanceof TimeoutError, `the worker never answers "hang": after timeoutMs (200 ms, on the clock given in options.timers) the call must reject with a TimeoutError, but it ${show(outcome)}`).toBe(true);
  });

  it('ignores the late answer of a timed-out call and keeps working', async () => {
    const call = shared().call('hold', { value: 'too late' });
    const late = watch(call);
    await resultOf(shared().call('echo', { value: 'the hold request has reached the worker' }), '"echo", sent after "hold",');
    sharedClock.advance(200);
    await within(call);
    const released = await within(shared().call('release'));
    expect(released.state, `the worker answered the timed-out call late, then "release": ignore the stale id and take the next answer; "release" ${show(released)}`).toBe('resolved');
    expect(late.now().state === 'rejected' && (late.now() as { error: unknown }).error instanceof TimeoutError, `a call that timed out stays rejected with a TimeoutError; it ${show(late.now())}`).toBe(true);
    expect(show(await within(shared().call('echo', { value: 'still here' }))), 'the client still works after a timeout').toBe(show({ state: 'resolved', value: 'still here' }));
  });

  it('times out after 5000 ms when no timeoutMs is given', async () => {
    const call = defaults().call('hang');
    const hanging = watch(call);
    await resultOf(defaults().call('echo', { value: 'the hang request has reached the worker' }), '"echo", sent after "hang",');
    defaultsClock.advance(4_999);
    await ioTurn();
    expect(show(hanging.now()), 'without options.timeoutMs the timeout is 5000 ms: after 4999 ms the call must still be waiting').toBe(show({ state: 'pending' }));
    defaultsClock.advance(1);
    const outcome = await within(call);
    expect(outcome.state === 'rejected' && outcome.error instanceof TimeoutError, `without options.timeoutMs the timeout is 5000 ms (on the clock given in options.timers): the call must reject with a TimeoutError at 5000 ms, but it ${show(outcome)}`).toBe(true);
  });

  it('times out at once when timeoutMs is 0, which is a given value and not a missing one', async () => {
    const clock = manualClock();
    // A worker that never answers: only the timeout can settle the call.
    const client = startWorker({ command: process.execPath, args: ['-e', 'process.stdin.resume()'], timeoutMs: 0, timers: clock });
    closeAfterTest(client);
    const call = watch(client.call('hang'));
    clock.advance(0);
    await ioTurn();
    const outcome = call.now();
    expect(outcome.state === 'rejected' && outcome.error instanceof TimeoutError, `options.timeoutMs was 0: the timer is set for 0 ms, so moving the clock by 0 ms must reject the call with a TimeoutError; it ${show(outcome)} — the default 5000 applies only when timeoutMs is not given (use ??, not ||: 0 is falsy)`).toBe(true);
  });

  it('rejects the calls still pending when close() is called, even if the worker would answer them on its way out', async () => {
    const client = defaults();
    const held = client.call('hold', { value: 'answered after close' });
    const outcome = watch(held);
    await resultOf(client.call('echo', { value: 'the hold request has reached the worker' }), '"echo", sent after "hold",');
    await within(client.close());
    defaultsClient = undefined; // closed here
    await within(held);
    expect(outcome.now().state === 'rejected' && (outcome.now() as { error: unknown }).error instanceof WorkerExitedError, `close() rejects what is still pending with a WorkerExitedError: the caller asked for the worker to end, and this worker answers held calls when its input ends, after close() was called; the call ${show(outcome.now())}`).toBe(true);
  });

  it('rejects, and does not crash, when a write to a worker that has died fails (EPIPE)', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', record);
    onTestFinished(() => void process.off('uncaughtException', record));
    // A worker that answers one call with its pid, then closes its end of stdin and stays
    // alive: every later write to it fails with EPIPE at once, before the worker is gone,
    // so the 'error' event comes on every run (a worker that just exits races its own death).
    const closesStdin = [
      "const fs = require('node:fs');",
      'const buffer = Buffer.alloc(65536);',
      "let text = '';",
      "while (!text.includes('\\n')) { const n = fs.readSync(0, buffer); if (n === 0) process.exit(1); text += buffer.toString('utf8', 0, n); }",
      "const { id } = JSON.parse(text.split('\\n')[0]);",
      'fs.closeSync(0);',
      "process.stdout.write(JSON.stringify({ jsonrpc: '2.0', result: process.pid, id }) + '\\n');",
      'setInterval(() => {}, 60_000);',
    ].join('\n');
    const client = startWorker({ command: process.execPath, args: ['-e', closesStdin], timeoutMs: 200, timers: manualClock() });
    closeAfterTest(client);
    const pid = await within(client.call('pid'), STARTUP_PATIENCE_MS);
    expect(pid.state, `the worker answers its first call with its pid; the call ${show(pid)}`).toBe('resolved');
    const call = client.call('echo', { value: 'x'.repeat(1 << 16) });
    call.catch(() => undefined); // looked at below, once the worker is ended
    // The failed write reports EPIPE within a turn of the event loop; then the worker is ended.
    await ioTurn();
    await ioTurn();
    process.kill((pid as { value: number }).value, 'SIGTERM');
    const outcome = await within(call);
    expect(uncaught.map(String), "the worker closed its stdin, so writing the next call emits 'error' (EPIPE) on the child's stdin; with no listener, that error is thrown and crashes the caller's process: listen for it (the 'close' event reports the death)").toEqual([]);
    expect(outcome.state === 'rejected' && outcome.error instanceof WorkerExitedError, `the write of the call failed with EPIPE, then the worker was ended with SIGTERM: the call must reject with a WorkerExitedError, but it ${show(outcome)}`).toBe(true);
    expect((outcome as { error: WorkerExitedError }).error.signal, 'the WorkerExitedError carries the signal that ended the worker').toBe('SIGTERM');
  });

  it("takes an answer the worker's output still holds when it exits: it listens for 'close', not 'exit'", async () => {
    // This worker hands its answer to a helper process that shares its stdout, and exits.
    // The helper writes only once this test has seen the worker reaped, which is when the
    // client's 'exit' listeners have run: the answer comes after 'exit' on every run, on a
    // busy machine too, where a helper that wrote at once could beat a late 'exit'.
    const folder = mkdtempSync(path.join(tmpdir(), 'katas-07-handoff-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const pidFile = path.join(folder, 'worker.pid');
    const goFile = path.join(folder, 'go');
    const helper = `const fs = require('node:fs'); const line = process.argv[1]; (function wait() { if (fs.existsSync(${JSON.stringify(goFile)})) process.stdout.write(line); else setTimeout(wait, 5); })();`;
    const handoff = [
      "process.stdin.once('data', (chunk) => {",
      "  const { id } = JSON.parse(String(chunk).split('\\n')[0]);",
      "  const line = JSON.stringify({ jsonrpc: '2.0', result: 'written after the worker exited', id }) + '\\n';",
      `  require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(helper)}, line], { stdio: ['ignore', 'inherit', 'inherit'] });`,
      `  require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
      '  process.exit(0);',
      '});',
    ].join('\n');
    const client = startWorker({ command: process.execPath, args: ['-e', handoff], timeoutMs: 200, timers: manualClock() });
    closeAfterTest(client);
    const answer = client.call('handoff');
    void answer.catch(() => undefined); // looked at below, once the helper may write
    const reaped = await until(() => existsSync(pidFile) && !alive(Number(readFileSync(pidFile, 'utf8'))), STARTUP_PATIENCE_MS);
    expect(existsSync(pidFile), "the worker never read the call: write each request to the worker's stdin as one line of JSON, ended with \\n").toBe(true);
    expect(reaped, 'the test worker did not exit after its first request (a problem of the test, not of your client)').toBe(true);
    writeFileSync(goFile, '');
    const outcome = await within(answer, STARTUP_PATIENCE_MS);
    expect(show(outcome), "the worker exited, and its answer was written to stdout after that: the child's 'close' event comes once its stdout has been read to the end, 'exit' may come before — fail the pending calls on 'close' (Node.js child_process documentation)").toBe(show({ state: 'resolved', value: 'written after the worker exited' }));
  });

  let crashed = false;

  it('rejects every pending call promptly with a WorkerExitedError when the worker crashes', async () => {
    const hanging = doomed().call('hang');
    const crashing = doomed().call('crash', { code: 3 });
    const outcomes = await Promise.all([within(hanging), within(crashing)]);
    crashed = true;
    for (const [name, outcome] of [['hang', outcomes[0]], ['crash', outcomes[1]]] as const) {
      expect(outcome.state === 'rejected' && outcome.error instanceof WorkerExitedError, `the worker exited with code 3 while "${name}" waited: listen for the child's exit and reject every pending call at once (the timeout clock never moved, so waiting for it is a hang); it ${show(outcome)}`).toBe(true);
    }
    expect((outcomes[1] as { error: WorkerExitedError }).error.exitCode, 'the WorkerExitedError carries the exit code, the first clue when a worker dies').toBe(3);
  });

  it('rejects a call made after the worker died at once, instead of leaving it waiting', async () => {
    const client = doomed();
    if (!crashed) await within(client.call('crash', { code: 4 })); // when this test runs alone
    const outcome = await within(client.call('echo', { value: 'anyone there?' }));
    expect(outcome.state === 'rejected' && outcome.error instanceof WorkerExitedError, `the worker is gone: a new call has no one to answer it and must reject with a WorkerExitedError right away; it ${show(outcome)}`).toBe(true);
  });

  it('rejects calls, and does not crash, when the command cannot be started', async () => {
    const client = startWorker({ command: path.join(path.dirname(workerFile), 'no-such-worker'), timeoutMs: 200, timers: manualClock() });
    closeAfterTest(client);
    const outcome = await within(client.call('echo', { value: 1 }));
    expect(outcome.state === 'rejected' && outcome.error instanceof WorkerExitedError, `spawning a missing program emits an 'error' event (ENOENT) and no answer ever comes: handle it and reject with a WorkerExitedError; it ${show(outcome)}`).toBe(true);
  });

  it('ends the worker process on close() and resolves once it has exited', async () => {
    const client = shared();
    const pid = (await resultOf(client.call('pid'), '"pid"')) as number;
    started = undefined; // closed here, not again after all tests
    const closing = await within(client.close());
    expect(show(closing), 'close() ends the worker (close its stdin; it exits when its input ends) and resolves when it is gone').toBe(show({ state: 'resolved', value: undefined }));
    const running = alive(pid);
    if (running) process.kill(pid, 'SIGKILL');
    expect(running, `the worker process ${pid} was still running after close() resolved: it would have been left behind`).toBe(false);
  });
});
