// `npm run try 10` runs this file: the README's examples, one by one, on your code from
// src/: the rate limiter on a clock moved by hand and in front of a real HTTP server on a
// free port (the README's 429), isTransient, backoffDelay and retry with the waits
// recorded instead of slept, the circuit breaker on a clock moved by hand, and last the
// README's command line: your service.ts started as its own process, a /report in
// flight, SIGTERM, and how it ends. Each line shows what your code gave beside what the
// README says, and a line that differs is marked with ✗. A TODO that throws ends its
// example only. It runs again whenever you save, and ends by itself. Nothing to edit here.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, createServer, get, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { atOnce, exampleRun, like, throws, value, WAITING } from '../../runner/kit/try-examples.js';
import { startUpstream } from './tests/support/upstream.js';
import { CircuitOpenError, createCircuitBreaker } from './src/circuit-breaker.js';
import { createRateLimiter, rateLimit } from './src/rate-limit.js';
import { backoffDelay, isTransient, retry, sleep } from './src/retry.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** An error with an HTTP status, as an HTTP client reports one. */
const httpError = (status: number, message = `upstream answered ${status}`) => Object.assign(new Error(message), { status });
const isMessage = (message: string) => (error: unknown) => error instanceof Error && error.message === message;

const run = exampleRun();

await run.example('README, section 1: a token bucket per client (capacity 5, 0.5 tokens a second: the README\'s q=5;w=10)', async (step) => {
  const clock = { t: 0, now: () => clock.t };
  const limiter = await step.run('const limiter = createRateLimiter({ capacity: 5, refillPerSecond: 0.5, now: clock.now })', () => createRateLimiter({ capacity: 5, refillPerSecond: 0.5, now: clock.now }));
  await step.check("limiter.take('ada')", () => limiter.take('ada'), value({ allowed: true, remaining: 4, resetSeconds: 2 }));
  await step.check("limiter.take('ada')   // the README's r=3;t=2", () => limiter.take('ada'), value({ allowed: true, remaining: 3, resetSeconds: 2 }));
  await step.run("limiter.take('ada') three more times", () => [1, 2, 3].map(() => limiter.take('ada')));
  await step.check("limiter.take('ada')   // the bucket is empty: refused", () => limiter.take('ada'), value({ allowed: false, remaining: 0, resetSeconds: 2 }));
  await step.check("limiter.take('grace')   // one bucket per key", () => limiter.take('grace'), value({ allowed: true, remaining: 4, resetSeconds: 2 }));
  await step.run('clock.t = 1_999', () => (clock.t = 1_999));
  await step.check("limiter.take('ada')   // 0.9995 tokens: still refused, and it takes nothing", () => limiter.take('ada'), value({ allowed: false, remaining: 0, resetSeconds: 1 }));
  await step.run('clock.t = 2_000', () => (clock.t = 2_000));
  await step.check("limiter.take('ada')   // one whole token, 2 s after the bucket emptied", () => limiter.take('ada'), value({ allowed: true, remaining: 0, resetSeconds: 2 }));
});

await run.example('README, section 1: rateLimit() in front of a real server on a free port, the README\'s 429', async (step) => {
  const clock = { t: 0, now: () => clock.t };
  const app: RequestListener = (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"stock":12}');
  const server = await step.run("createServer(rateLimit({ capacity: 5, refillPerSecond: 0.5, now: clock.now, keyOf: (req) => req.headers['x-api-key'] }, app)).listen(0)", () =>
    listen(createServer(rateLimit({ capacity: 5, refillPerSecond: 0.5, now: clock.now, keyOf: (req) => String(req.headers['x-api-key']) }, app))),
  );
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stock`;
    const ask = () => fetch(base, { headers: { 'x-api-key': 'ada' } });
    const fields = (response: Response) => ({ status: response.status, 'ratelimit-policy': response.headers.get('ratelimit-policy'), ratelimit: response.headers.get('ratelimit') });
    await step.check("curl -i localhost/stock -H 'X-Api-Key: ada'", async () => fields(await ask()), value({ status: 200, 'ratelimit-policy': '"default";q=5;w=10', ratelimit: '"default";r=4;t=2' }));
    await step.check('the same again', async () => fields(await ask()), value({ status: 200, 'ratelimit-policy': '"default";q=5;w=10', ratelimit: '"default";r=3;t=2' }));
    await step.run('three more', async () => {
      for (let index = 0; index < 3; index += 1) await (await ask()).text();
    });
    const refused = await step.run('the sixth', () => ask());
    await step.check(
      'its status and headers',
      () => ({ ...fields(refused), 'retry-after': refused.headers.get('retry-after'), 'content-type': refused.headers.get('content-type') }),
      value({ status: 429, 'ratelimit-policy': '"default";q=5;w=10', ratelimit: '"default";r=0;t=2', 'retry-after': '2', 'content-type': 'application/problem+json' }),
    );
    await step.check(
      'its body, without its detail',
      async () => {
        const { detail: _detail, ...rest } = (await refused.json()) as Record<string, unknown>;
        return rest;
      },
      value({ type: 'https://iana.org/assignments/http-problem-types#quota-exceeded', title: 'Too Many Requests', status: 429, 'violated-policies': ['default'] }),
    );
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

await run.example('README, section 2: isTransient()', async (step) => {
  const cases: [string, unknown, boolean][] = [
    ['{ status: 503 }', httpError(503), true],
    ['{ status: 429 }', httpError(429), true],
    ['{ status: 400 }   // a 400 stays a 400 however often you send it', httpError(400), false],
    ['{ status: 501 }   // "never"', httpError(501), false],
    ["{ code: 'ECONNRESET' }", Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ["new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })   // fetch's refused connection", new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }), true],
    ["new TypeError('x is not a function')   // a bug", new TypeError('x is not a function'), false],
    ["'timeout'   // a string", 'timeout', false],
    ['new CircuitOpenError(30_000)   // the opening example: no retry into an open circuit', new CircuitOpenError(30_000), false],
  ];
  for (const [label, error, transient] of cases) {
    const [shown, comment] = label.split('   // ');
    await step.check(`isTransient(${shown})${comment ? `   // ${comment}` : ''}`, () => isTransient(error), value(transient));
  }
});

await run.example('README, section 2: backoffDelay(), with random() at the top of its range', async (step) => {
  await step.check('[0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 100, 1000, () => 1))', () => [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 100, 1000, () => 1)), value([100, 200, 400, 800, 1000, 1000]));
  await step.check('backoffDelay(3, 100, 1000, () => 0.5)', () => backoffDelay(3, 100, 1000, () => 0.5), value(400));
});

await run.example('README, section 2: sleep() cut short', async (step) => {
  const controller = new AbortController();
  const nap = step.start('const nap = sleep(10_000, controller.signal)', () => sleep(10_000, controller.signal).then(() => 'slept'));
  await step.run("controller.abort(new Error('the page was closed'))", () => controller.abort(new Error('the page was closed')));
  await step.check('nap, at once', () => atOnce(nap), throws('rejects with signal.reason at once', isMessage('the page was closed')));
});

await run.example('README, section 2: retry() (maxAttempts 4, baseMs 100, capMs 2_000, random() always 0.5, the waits recorded instead of slept)', async (step) => {
  let waits: number[] = [];
  let attempts: number[] = [];
  const options = { maxAttempts: 4, baseMs: 100, capMs: 2_000, random: () => 0.5, sleep: async (ms: number) => void waits.push(ms) };
  const story = (fail: (attempt: number) => Error | undefined) => (attempt: number) => {
    attempts.push(attempt);
    const error = fail(attempt);
    return error ? Promise.reject(error) : Promise.resolve('stock: 12');
  };
  const afterwards = () => ({ attempts, waits });
  const reset = () => {
    waits = [];
    attempts = [];
  };
  await step.check('retry(fails with 503 twice, then answers)', () => retry(story((attempt) => (attempt < 2 ? httpError(503) : undefined)), options), value('stock: 12'));
  await step.check('the attempts and the waits', afterwards, value({ attempts: [0, 1, 2], waits: [50, 100] }));
  reset();
  await step.check('retry(fails with 400)', () => retry(story(() => httpError(400)), options), throws('rejects with that error at once', (error) => (error as { status?: number }).status === 400));
  await step.check('the attempts and the waits', afterwards, value({ attempts: [0], waits: [] }));
  reset();
  await step.check('retry(fails with 503 every time)', () => retry(story((attempt) => httpError(503, `attempt ${attempt} failed`)), options), throws("rejects with the last attempt's own error: attempt 3 failed", isMessage('attempt 3 failed')));
  await step.check('the attempts and the waits   // no wait after the last', afterwards, value({ attempts: [0, 1, 2, 3], waits: [50, 100, 200] }));
  reset();
  const controller = new AbortController();
  // The request's client goes away during the first wait.
  const abortingSleep = (ms: number, signal?: AbortSignal) => {
    waits.push(ms);
    controller.abort(new Error('the client went away'));
    return sleep(ms, signal);
  };
  await step.check('retry(fails with 503, and the signal aborts during the wait)', () => retry(story(() => httpError(503)), { ...options, sleep: abortingSleep, signal: controller.signal }), throws('rejects with signal.reason, and starts nothing more', isMessage('the client went away')));
  await step.check('the attempts and the waits', afterwards, value({ attempts: [0], waits: [50] }));
});

await run.example('README, section 3: a circuit breaker (failureThreshold 5, coolDownMs 30_000, on a clock moved by hand)', async (step) => {
  const clock = { t: 0, now: () => clock.t };
  let calls = 0;
  const failing = () => {
    calls += 1;
    return Promise.reject(new Error('inventory timed out'));
  };
  const working = () => {
    calls += 1;
    return Promise.resolve('stock: 12');
  };
  const inventory = await step.run('const inventory = createCircuitBreaker({ failureThreshold: 5, coolDownMs: 30_000, now: clock.now })', () => createCircuitBreaker({ failureThreshold: 5, coolDownMs: 30_000, now: clock.now }));
  const timedOut = throws('rejects with Error: inventory timed out', isMessage('inventory timed out'));
  const open = (retryAfterMs: number) => throws(`rejects at once with CircuitOpenError, retryAfterMs ${retryAfterMs}`, (error) => error instanceof CircuitOpenError && error.retryAfterMs === retryAfterMs);
  for (let failure = 1; failure <= 4; failure += 1) await step.check(`inventory.call(failing)   // failure ${failure} in a row`, () => inventory.call(failing), timedOut);
  await step.check('inventory.state()', () => inventory.state(), value('closed'));
  await step.check('inventory.call(failing)   // failure 5 in a row', () => inventory.call(failing), timedOut);
  await step.check('inventory.state()', () => inventory.state(), value('open'));
  calls = 0;
  await step.check('inventory.call(working)', () => atOnce(inventory.call(working)), open(30_000));
  await step.check('operations called', () => calls, value(0));
  await step.run('clock.t = 10_000', () => (clock.t = 10_000));
  await step.check('inventory.call(working)', () => atOnce(inventory.call(working)), open(20_000));
  await step.run('clock.t = 30_000', () => (clock.t = 30_000));
  await step.check('inventory.state()   // the cool-down is over', () => inventory.state(), value('half-open'));
  let finishTrial: (text: string) => void = () => undefined;
  const trial = step.start('const trial = inventory.call(slow)   // a trial, still running', () => inventory.call(() => new Promise<string>((resolve) => (finishTrial = resolve))));
  // Checked below; handled now, so that a trial the breaker refuses is not an unhandled rejection meanwhile.
  trial.catch(() => undefined);
  await step.check('inventory.call(working)   // only one trial at a time', () => atOnce(inventory.call(working)), open(0));
  await step.run("the trial answers 'stock: 12'", () => finishTrial('stock: 12'));
  await step.check('await trial', () => trial, value('stock: 12'));
  await step.check('inventory.state()', () => inventory.state(), value('closed'));
  await step.run('five failures in a row at 30_000, then clock.t = 60_000', async () => {
    for (let failure = 0; failure < 5; failure += 1) await inventory.call(failing).catch(() => undefined);
    clock.t = 60_000;
  });
  await step.check('inventory.call(failing)   // the trial fails', () => inventory.call(failing), timedOut);
  await step.check('inventory.call(working)   // a whole new cool-down from that failure', () => atOnce(inventory.call(working)), open(30_000));
});

await run.example('README, section 4: the command line (service.ts as its own process, an upstream of this script\'s that answers when told)', async (step) => {
  const upstream = await startUpstream();
  const agent = new Agent({ keepAlive: true });
  let program: Program | undefined;
  try {
    const started = await step.run(`$ UPSTREAM_URL=${upstream.url} node --import tsx exercises/10-architecture/src/service.ts`, () => startProgram(path.join(root, 'exercises/10-architecture/src/service.ts'), { UPSTREAM_URL: upstream.url }));
    program = started;
    const listening = await step.check('its first line', () => started.line(/^listening \d+$/, 30_000), like('listening 40117 (its own port)', (text) => /^listening \d+$/.test(String(text))), { boundMs: 40_000 });
    const port = Number(String(listening).split(' ')[1]);
    await step.check(`curl localhost:${port}/health`, async () => (await getText(port, '/health', agent)).body, value('{"status":"ok"}'));
    const report = getText(port, '/report', agent);
    report.catch(() => undefined);
    await step.run(`curl -i localhost:${port}/report   // in flight: the upstream holds it`, () => bounded(upstream.arrived, 10_000, 'the upstream never got the call'));
    await step.run('kill -TERM (as pkill -TERM -f src/service.ts)', () => started.child.kill('SIGTERM'));
    await step.check('its next line', () => started.line(/^draining$/, 10_000), value('draining'), { boundMs: 15_000 });
    await step.check(`curl localhost:${port}/health   // a new connection`, () => getText(port, '/health'), throws('refused (ECONNREFUSED)', (error) => (error as { code?: string }).code === 'ECONNREFUSED'));
    await step.run("the upstream answers '42 widgets'", () => upstream.release('42 widgets'));
    await step.check('the /report in flight gets', async () => {
      const { status, headers, body } = await report;
      return { status, connection: headers.connection, body };
    }, value({ status: 200, connection: 'close', body: '{"report":"42 widgets"}' }));
    await step.check('$ echo $?', () => started.exitCode(10_000), value(0), { boundMs: 15_000 });
  } finally {
    program?.child.kill('SIGKILL');
    agent.destroy();
    await upstream.close();
  }
});

run.finish();

function listen(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve(server)));
}

function bounded<T>(promise: Promise<T>, ms: number, why: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why)), ms)))]).finally(() => clearTimeout(timer));
}

/** A GET on a connection of `agent` (a kept-alive one, as a browser's), with the headers fetch would hide. */
function getText(port: number, pathname: string, agent?: Agent): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: pathname, ...(agent ? { agent } : { agent: false }) }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

interface Program {
  child: ChildProcess;
  /** The next stdout line matching `pattern`; rejects with the program's own error when it ends first. */
  line: (pattern: RegExp, ms: number) => Promise<string>;
  /** The exit code, once it has ended. */
  exitCode: (ms: number) => Promise<number | null>;
}

/** Starts the learner's program as the README's command line does, and reads its stdout line by line. */
function startProgram(file: string, env: Record<string, string>): Program {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let wake = () => {};
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    lines.push(text);
    wake();
  });
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void ended.then(() => wake());
  const line = async (pattern: RegExp, ms: number): Promise<string> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = lines.findIndex((text) => pattern.test(text));
      if (index >= 0) return lines.splice(0, index + 1).at(-1) ?? '';
      if (child.exitCode !== null || child.signalCode !== null) throw programError(stderr, child.exitCode);
      if (Date.now() >= deadline) throw new Error(`no line matching ${pattern} within ${ms / 1000} s; it wrote ${JSON.stringify(lines)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return { child, line, exitCode: (ms) => bounded(ended, ms, `still running ${ms / 1000} s later`) };
}

/** The error the program printed on stderr as it ended, rebuilt so that its line in src/ can be shown. */
function programError(stderr: string, code: number | null): Error {
  const text = stderr.trim();
  const [first = '', ...rest] = text.split('\n');
  const named = /^(\w*Error): (.*)$/.exec(first);
  if (!named) return new Error(`it ended with code ${code} before writing that line; its stderr: ${text === '' ? '(empty)' : text}`);
  const error = new Error(named[2]);
  error.name = named[1] ?? 'Error';
  error.stack = [first, ...rest].join('\n');
  return error;
}
