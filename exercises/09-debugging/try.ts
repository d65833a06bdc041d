// `npm run try 09` runs this file: the README's examples, one by one, on your code from
// src/: the lines your logger writes (on a clock fixed at the README's time), errors,
// redaction and cycles through your sanitize(), your request logging in front of a real
// HTTP server on a free port, and last the README's command line that runs your own
// tests of slugify(). Each line shows what your code gave beside what the README says,
// and a line that differs is marked with ✗. A TODO that throws ends its example only. It
// runs again whenever you save, and ends by itself. Nothing to edit here.
import { spawn } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { prettyFactory } from 'pino-pretty';
import { exampleRun, like, show, value } from '../../runner/kit/try-examples.js';
import { createLogger, type Fields } from './src/logger.js';
import { currentRequestId, requestFields, requestIdFrom, withRequestLogging } from './src/request-context.js';
import { isSensitiveKey, sanitize, serializeError } from './src/serialize.js';
import { slugify } from './src/slugify.js';

/** The time of the README's line, 2025-03-14T03:07:42.123Z: a fixed clock makes the lines comparable. */
const README_TIME = 1741921662123;
const NOTHING = '(nothing written)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const uuid = like('a fresh crypto.randomUUID()', (id) => typeof id === 'string' && UUID.test(id));

/**
 * A destination that keeps the lines; `take()` hands over what was written since the last
 * call, each stack trace written as "…" as the README writes them (a stack is ten lines of
 * this script's frames, and only its presence is the learner's).
 */
function capture(): { write: (line: string) => void; take: () => string } {
  let written: string[] = [];
  return {
    write: (line) => void written.push(line),
    take: () => {
      const text = written.join('').replace(/"stack":"(?:[^"\\]|\\.)*"/g, '"stack":"…"');
      written = [];
      return text === '' ? NOTHING : text;
    },
  };
}

/** The line parsed, or undefined when it is not one JSON object and a newline. */
function parsed(text: unknown): Fields | undefined {
  if (typeof text !== 'string' || !text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) return undefined;
  try {
    const line: unknown = JSON.parse(text);
    return typeof line === 'object' && line !== null && !Array.isArray(line) ? (line as Fields) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The README's line, pid and hostname elided (they are this machine's), compared field by
 * field in any order; `time: 'any'` where the README elides the time too.
 */
function line(fields: Fields, { time = 'fixed' }: { time?: 'fixed' | 'any' } = {}) {
  const readme = JSON.stringify({ level: fields.level, time: '…', pid: '…', hostname: '…', ...fields })
    .replace('"time":"…","pid":"…","hostname":"…"', time === 'any' ? '…' : `"time":${README_TIME},"pid":…,"hostname":…`);
  return like(readme, (text) => {
    const found = parsed(text);
    const expected = { time: time === 'any' ? found?.time : README_TIME, pid: process.pid, hostname: hostname(), ...fields };
    return typeof found?.time === 'number' && isDeepStrictEqual(found, expected);
  });
}

/** Lines the README describes by some of their fields: `test` holds for one of them. */
function lineWith(readme: string, test: (fields: Fields) => boolean) {
  return like(readme, (text) =>
    String(text)
      .split(/(?<=\n)/)
      .some((chunk) => {
        const fields = parsed(chunk);
        return fields !== undefined && test(fields);
      }),
  );
}

/** A nested field of a parsed line, or undefined. */
function field(fields: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Fields)[key] : undefined), fields);
}

/** A copy with every stack trace written as "…", as the README writes them. */
function withoutStacks(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(withoutStacks);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'stack' && typeof inner === 'string' ? '…' : withoutStacks(inner)]));
}

const run = exampleRun();

await run.example("README, the opening example (on the README's clock, and into a capture instead of process.stdout)", async (step) => {
  const out = capture();
  const logger = await step.run(`const logger = createLogger({ destination, level: 'info', mixin: requestFields, clock: () => ${README_TIME} })`, () =>
    createLogger({ destination: out.write, level: 'info', mixin: requestFields, clock: () => README_TIME }),
  );
  const log = await step.run("const log = logger.child({ service: 'checkout' })", () => logger.child({ service: 'checkout' }));
  const written = await step.check("log.info({ orderId: 7 }, 'payment accepted')", () => (log.info({ orderId: 7 }, 'payment accepted'), out.take()), line({ level: 30, service: 'checkout', orderId: 7, msg: 'payment accepted' }));
  await step.check("log.debug({ cart }, 'cart loaded')   // below 'info': not written at all", () => (log.debug({ cart: { items: 3 } }, 'cart loaded'), out.take()), value(NOTHING));
  await step.check(
    "log.error(new Error('card declined', { cause: new Error('socket hang up') }))",
    () => (log.error(new Error('card declined', { cause: new Error('socket hang up') })), out.take()),
    lineWith('{"level":50,…,"err":{"type":"Error","message":"card declined","stack":"…","cause":{"type":"Error","message":"socket hang up","stack":"…"}},"msg":"card declined"}', (fields) =>
      fields.level === 50 && fields.msg === 'card declined' && field(fields, 'err', 'type') === 'Error' && typeof field(fields, 'err', 'stack') === 'string' && field(fields, 'err', 'cause', 'message') === 'socket hang up',
    ),
  );
  const user = { email: 'ada@example.com', password: 'correct horse' };
  await step.check("log.info({ user: { email, password } }, 'login')", () => (log.info({ user }, 'login'), out.take()), lineWith('{"level":30,…,"user":{"email":"ada@example.com","password":"[Redacted]"},"msg":"login"}', (fields) => isDeepStrictEqual(fields.user, { email: 'ada@example.com', password: '[Redacted]' })));
  await step.check('user.password   // the caller\'s object is not changed', () => user.password, value('correct horse'));
  // pino-pretty reads the time in UTC, as the README's "03:07:42.123" is; the pid is this machine's.
  const pretty = prettyFactory({ colorize: false });
  await step.check('$ node server.js | node_modules/.bin/pino-pretty   // the first line', () => pretty(typeof written === 'string' ? written : ''), value(`[03:07:42.123] INFO (${process.pid}): payment accepted\n    service: "checkout"\n    orderId: 7\n`));
});

await run.example('README, section 1: structured lines, levels and child loggers', async (step) => {
  const out = capture();
  const logger = await step.run(`const logger = createLogger({ destination, level: 'trace', clock: () => ${README_TIME} })`, () => createLogger({ destination: out.write, level: 'trace', clock: () => README_TIME }));
  await step.check("logger.info('server started')", () => (logger.info('server started'), out.take()), line({ level: 30, msg: 'server started' }));
  await step.check("logger.warn({ orderId: 7, attempt: 2 }, 'payment retried')", () => (logger.warn({ orderId: 7, attempt: 2 }, 'payment retried'), out.take()), line({ level: 40, orderId: 7, attempt: 2, msg: 'payment retried' }));
  await step.check('logger.debug({ cart: [\'book\'] })   // no message: no msg', () => (logger.debug({ cart: ['book'] }), out.take()), line({ level: 20, cart: ['book'] }));
  step.note('the README\'s child loggers');
  const log = await step.run("const log = createLogger({ destination, level: 'warn' }).child({ service: 'billing' })", () => createLogger({ destination: out.write, level: 'warn', clock: () => README_TIME }).child({ service: 'billing' }));
  const refund = await step.run('const refund = log.child({ orderId: 7 })', () => log.child({ orderId: 7 }));
  await step.check("refund.error('refund failed')", () => (refund.error('refund failed'), out.take()), line({ level: 50, service: 'billing', orderId: 7, msg: 'refund failed' }));
  await step.check("refund.info('refund started')   // the child keeps the parent's 'warn'", () => (refund.info('refund started'), out.take()), value(NOTHING));
  await step.check("log.warn('slow')   // no orderId on the parent's line", () => (log.warn('slow'), out.take()), line({ level: 40, service: 'billing', msg: 'slow' }));
  await step.check('[log.level, log.isLevelEnabled(\'debug\'), log.isLevelEnabled(\'error\')]', () => [log.level, log.isLevelEnabled('debug'), log.isLevelEnabled('error')], value(['warn', false, true]));
});

await run.example('README, section 2: errors', async (step) => {
  class PaymentDeclinedError extends Error {
    readonly code = 'card_declined';
  }
  const declined = new PaymentDeclinedError('card declined', { cause: new Error('socket hang up') });
  await step.check(
    "serializeError(new PaymentDeclinedError('card declined', { cause: new Error('socket hang up') }))   // stacks shown as …",
    () => withoutStacks(serializeError(declined)),
    value({ type: 'PaymentDeclinedError', message: 'card declined', stack: '…', code: 'card_declined', cause: { type: 'Error', message: 'socket hang up', stack: '…' } }),
  );
});

await run.example('README, section 2: redaction', async (step) => {
  const keys = ['Password', 'accessToken', 'refresh_token', 'Set-Cookie', 'Proxy-Authorization', 'email'];
  await step.check(`${show(keys)}.map(isSensitiveKey)`, () => keys.map(isSensitiveKey), value([true, true, true, true, true, false]));
  const user = { email: 'ada@example.com', password: 'correct horse', sessions: [{ token: 't-1' }] };
  await step.check('sanitize({ user })   // at any depth, inside arrays', () => sanitize({ user }), value({ user: { email: 'ada@example.com', password: '[Redacted]', sessions: [{ token: '[Redacted]' }] } }));
  await step.check('user.password   // never change the caller\'s object', () => user.password, value('correct horse'));
});

await run.example('README, section 2: cycles, dates and bigints', async (step) => {
  const customer: { id: number; orders: unknown[] } = { id: 1, orders: [] };
  customer.orders.push({ id: 7, customer });
  await step.check('sanitize(customer)   // customer.orders[0].customer is customer: a cycle', () => sanitize(customer), value({ id: 1, orders: [{ id: 7, customer: '[Circular]' }] }));
  const address = { city: 'Lyon' };
  await step.check('sanitize({ billing: address, shipping: address })   // twice is no cycle', () => sanitize({ billing: address, shipping: address }), value({ billing: { city: 'Lyon' }, shipping: { city: 'Lyon' } }));
  await step.check('sanitize({ at: new Date(0), id: 9007199254740993n })', () => sanitize({ at: new Date(0), id: 9007199254740993n }), value({ at: '1970-01-01T00:00:00.000Z', id: '9007199254740993' }));
});

await run.example('README, section 2: errors through the logger', async (step) => {
  class PaymentDeclinedError extends Error {}
  const declined = new PaymentDeclinedError('card declined');
  const out = capture();
  const logger = await step.run(`const logger = createLogger({ destination, clock: () => ${README_TIME} })`, () => createLogger({ destination: out.write, clock: () => README_TIME }));
  await step.check("logger.error(err, 'refund failed')", () => (logger.error(declined, 'refund failed'), out.take()), lineWith('{"level":50,…,"err":{"type":"PaymentDeclinedError",…},"msg":"refund failed"}', (fields) => fields.msg === 'refund failed' && field(fields, 'err', 'type') === 'PaymentDeclinedError'));
  const looping = new Error('loop');
  looping.cause = looping;
  await step.check('logger.error(looping)   // an error that is its own cause', () => (logger.error(looping), out.take()), lineWith('{"level":50,…,"err":{"type":"Error","message":"loop","stack":"…","cause":"[Circular]"},"msg":"loop"}', (fields) => field(fields, 'err', 'cause') === '[Circular]'));
});

await run.example('README, section 3: pick an id', async (step) => {
  await step.check("requestIdFrom('f3b2-7c1e')", () => requestIdFrom('f3b2-7c1e'), value('f3b2-7c1e'));
  await step.check("requestIdFrom('<script>alert(1)</script>')", () => requestIdFrom('<script>alert(1)</script>'), uuid);
  await step.check("requestIdFrom('x'.repeat(129))", () => requestIdFrom('x'.repeat(129)), uuid);
  await step.check('requestIdFrom(undefined)', () => requestIdFrom(undefined), uuid);
});

await run.example('README, section 3: outside any request', async (step) => {
  await step.check('currentRequestId()', () => currentRequestId(), value(undefined));
  await step.check('requestFields()', () => requestFields(), value({}));
});

await run.example('README, section 3: request logging (a real server on a free port, the clock moved by the handler)', async (step) => {

  const out = capture();
  let time = README_TIME;
  const logger = await step.run('const logger = createLogger({ destination, mixin: requestFields, clock })', () => createLogger({ destination: out.write, mixin: requestFields, clock: () => time }));
  let idAfterAwait: string | undefined;
  const handler = async (req: { url?: string | undefined }, res: ServerResponse) => {
    if (req.url === '/boom') throw new Error('the handler failed');
    await new Promise((resolve) => setTimeout(resolve, 1));
    idAfterAwait = currentRequestId();
    time += 12;
    if (req.url?.startsWith('/orders/7/refunds')) {
      logger.info({ orderId: 7 }, 'refund created');
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"refund":1}');
    } else res.writeHead(404).end();
  };
  const server = await step.run('createServer(withRequestLogging(handler, { logger, clock })).listen(0)', () => listen(createServer(withRequestLogging(handler, { logger, clock: () => time }))));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const refund = await step.run("curl -X POST 'localhost/orders/7/refunds?token=abc' -H 'X-Request-Id: f3b2-7c1e'", () => fetch(`${base}/orders/7/refunds?token=abc`, { method: 'POST', headers: { 'x-request-id': 'f3b2-7c1e' } }));
    await refund.text();
    await step.check('its status and X-Request-Id', () => [refund.status, refund.headers.get('x-request-id')], value([201, 'f3b2-7c1e']));
    await step.check('currentRequestId() in the handler, after an await', () => idAfterAwait, value('f3b2-7c1e'));
    const [handlerLine, completed] = out.take().split(/(?<=\n)/);
    await step.check("the handler's logger.info({ orderId: 7 }, 'refund created')", () => handlerLine, line({ level: 30, reqId: 'f3b2-7c1e', orderId: 7, msg: 'refund created' }, { time: 'any' }));
    await step.check('the line when the response finished', () => completed, line({ level: 30, reqId: 'f3b2-7c1e', req: { method: 'POST', path: '/orders/7/refunds' }, res: { statusCode: 201 }, responseTime: 12, msg: 'request completed' }, { time: 'any' }));
    const missing = await step.run('curl localhost/nowhere', () => fetch(`${base}/nowhere`));
    await step.check('its X-Request-Id   // none was sent', async () => (await missing.text(), missing.headers.get('x-request-id')), uuid);
    await step.check('the line when the response finished   // a 4xx is a warning', () => out.take(), lineWith('{"level":40,…,"req":{"method":"GET","path":"/nowhere"},"res":{"statusCode":404},…,"msg":"request completed"}', (fields) => fields.level === 40 && field(fields, 'res', 'statusCode') === 404));
    const boom = await step.run('curl localhost/boom   // the handler throws', () => fetch(`${base}/boom`));
    await step.check('its status and body', async () => [boom.status, await boom.text()], value([500, '{"error":"internal server error"}']));
    await step.check('the lines when the response finished', () => out.take(), lineWith('{"level":50,…,"err":{"type":"Error","message":"the handler failed",…},"msg":"request failed"}', (fields) => fields.level === 50 && fields.msg === 'request failed' && field(fields, 'err', 'message') === 'the handler failed'));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

await run.example('README, section 4: the rules of the given slugify() (the examples your tests start from), then your tests of it', async (step) => {
  const examples: [Parameters<typeof slugify>, string][] = [
    [['Hello World'], 'hello-world'],
    [['Crème Brûlée'], 'creme-brulee'],
    [['Straße'], 'strasse'],
    [["Don't Panic"], 'dont-panic'],
    [['Rock & Roll'], 'rock-roll'],
    [['¿Qué?'], 'que'],
    [['hello world again', 11], 'hello-world'],
    [['hello world again', 10], 'hello'],
    [['!!!'], ''],
  ];
  for (const [args, expected] of examples) await step.check(`slugify(${args.map((arg) => show(arg)).join(', ')})`, () => slugify(...args), value(expected));
  const command = 'node_modules/.bin/vitest run --config exercises/09-debugging/tests/support/slugify-suite.config.ts';
  await step.check(`$ ${command}   // your src/slugify.test.ts; npm run check 09 also runs it against twenty-four buggy versions`, () => vitestSummary(), like('every test passes, and at least one runs', (summary) => /\d+ passed/.test(String(summary)) && !/failed|todo|no test/i.test(String(summary))), { boundMs: 120_000 });
});

run.finish();

function listen(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs the README's command line for the learner's suite and gives vitest's "Tests" summary line. */
function vitestSummary(): Promise<string> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', '--config', path.join(root, 'exercises/09-debugging/tests/support/slugify-suite.config.ts')], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const summary = /^\s*Tests\s+(.+)$/m.exec(output)?.[1]?.trim();
      resolve(summary ?? (/No test files? found/i.exec(output)?.[0] ?? output.trim().split('\n').slice(-3).join(' ')));
    });
  });
}
