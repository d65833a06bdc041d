// Task 3: request logging on a real node:http server, spoken to with fetch. The order in
// which concurrent requests resume is decided by the test with deferred promises, not
// by timers, so a mix-up of ids shows on every run, not once in a while.
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { createLogger, type Logger } from '../src/logger.js';
import { currentRequestId, requestFields, withRequestLogging, type RequestHandler } from '../src/request-context.js';
import { capture, deferred, manualClock, show, type Capture, type Line } from './support/log-lines.js';

const rng = seededRandom();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-';
const T0 = Date.UTC(2025, 2, 14, 3, 12, 0);
const REDACTED = '[Redacted]';

interface Setup {
  url: string;
  out: Capture;
  logger: Logger;
  clock: ReturnType<typeof manualClock>;
}

/** A logger whose lines carry the request's fields (the mixin), behind withRequestLogging on a real server. */
async function serveLogged(handler: (logger: Logger, clock: Setup['clock']) => RequestHandler): Promise<Setup> {
  const out = capture();
  const clock = manualClock(T0);
  const logger = createLogger({ destination: out.write, clock: clock.now, mixin: requestFields });
  const { url } = await serve(withRequestLogging(handler(logger, clock), { logger, clock: clock.now }));
  return { url, out, logger, clock };
}

function safeId(random: Random, length: number): string {
  return Array.from({ length }, () => random.pick([...SAFE])).join('');
}

/** The "request completed" line arrives when the response is finished on the server; give it a few turns of the event loop. */
async function completedLines(out: Capture, count: number): Promise<Line[]> {
  const completed = () => out.lines().filter((line) => line.msg === 'request completed');
  for (let turn = 0; turn < 50 && completed().length < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  return completed();
}

function handlerLines(out: Capture): Line[] {
  return out.lines().filter((line) => line.msg !== 'request completed');
}

function shown(out: Capture): string {
  return out.chunks.length === 0 ? '(no lines)' : out.chunks.map((chunk) => `\n    ${show(chunk)}`).join('');
}

const ok: (logger: Logger) => RequestHandler = (logger) => (_req, res) => {
  logger.info('handling');
  res.end('ok');
};

describe('task 3: request ids and request logging', { timeout: 5_000 }, () => {
  it('echoes a sane X-Request-Id in the response and writes it as reqId on the handler’s lines', async () => {
    const id = safeId(rng, rng.int(8, 40));
    const { url, out } = await serveLogged(ok);
    const res = await send(url, 'GET', '/orders/7', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id'), rng.tag(explain(res, 'the id the client (or the load balancer in front) sent comes back in X-Request-Id: the client can quote it in a bug report, and support can find every line of that request'))).toBe(id);
    const lines = handlerLines(out);
    expect(lines.length, explain(res, 'the handler logged one line')).toBe(1);
    expect(lines[0]?.reqId, rng.tag(`a line logged while serving the request carries its id as "reqId", through the logger’s mixin; the lines were ${shown(out)}`)).toBe(id);
  });

  it('generates a UUID when the request has no X-Request-Id, a new one for each request', async () => {
    const { url, out } = await serveLogged(ok);
    const first = await send(url, 'GET', '/orders');
    const second = await send(url, 'GET', '/orders');
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ids[0], explain(first, 'without X-Request-Id, the server makes one with crypto.randomUUID() (RFC 9562, version 4) and sends it back')).toMatch(UUID);
    expect(ids[1], explain(second, 'every request gets its own id: two requests with one id cannot be told apart in the logs')).not.toBe(ids[0]);
    expect(handlerLines(out).map((line) => line.reqId), `each handler line carries its request's generated id; the lines were ${shown(out)}`).toEqual(ids);
  });

  it('replaces an X-Request-Id that is empty, too long or has unsafe characters with a generated one', async () => {
    const { url } = await serveLogged(ok);
    const unsafe = ['', 'x'.repeat(129), `${rng.word(4)} ${rng.word(4)}`, '<script>alert(1)</script>', `id"${rng.word(3)}`, `a,b`, `${rng.word(5)}\t{}`];
    for (const value of unsafe) {
      const res: Exchange = await send(url, 'GET', '/', { headers: { 'x-request-id': value } });
      const sent = value.length > 40 ? `an id of ${value.length} characters` : JSON.stringify(value);
      expect(res.headers.get('x-request-id'), rng.tag(explain(res, `${sent} is not a safe id (1 to 128 of A-Z a-z 0-9 . _ : -): a header is input, and an id that is huge or full of quotes and markup goes into every log line and every log viewer. Generate a UUID instead`))).toMatch(UUID);
    }
  });

  it('accepts an id of exactly 128 safe characters', async () => {
    const id = safeId(rng, 128);
    const { url } = await serveLogged(ok);
    const res = await send(url, 'GET', '/', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id'), rng.tag(explain(res, '128 characters is the limit and is allowed: an off-by-one here throws away the ids of a client that uses long ones'))).toBe(id);
  });

  it('keeps the id on lines logged after awaits in the handler', async () => {
    const id = safeId(rng, 24);
    const { url, out } = await serveLogged((logger) => async (_req, res) => {
      logger.info('before any await');
      await Promise.resolve();
      logger.info('after an await');
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('after a turn of the event loop');
      res.end('ok');
    });
    const res = await send(url, 'GET', '/checkout', { headers: { 'x-request-id': id } });
    const ids = handlerLines(out).map((line) => [line.msg, line.reqId]);
    expect(ids, rng.tag(explain(res, `every line of the request carries its id, also after an await: a variable set before the handler runs and cleared when it returns is gone at the first await, which is why the id lives in an AsyncLocalStorage. The lines were ${shown(out)}`))).toEqual([
      ['before any await', id],
      ['after an await', id],
      ['after a turn of the event loop', id],
    ]);
  });

  it('keeps each request’s id apart when two requests interleave', async () => {
    const idA = `a-${safeId(rng, 12)}`;
    const idB = `b-${safeId(rng, 12)}`;
    const arrived = { '/a': deferred(), '/b': deferred() };
    const release = { '/a': deferred(), '/b': deferred() };
    const { url, out } = await serveLogged((logger) => async (req, res) => {
      const path = req.url as '/a' | '/b';
      logger.info({ path }, 'started');
      arrived[path].resolve();
      await release[path].promise;
      logger.info({ path }, 'resumed');
      res.end(path);
    });
    // A arrives first, then B; then B is let go and answered first, then A.
    const a = send(url, 'GET', '/a', { headers: { 'x-request-id': idA } });
    await arrived['/a'].promise;
    const b = send(url, 'GET', '/b', { headers: { 'x-request-id': idB } });
    await arrived['/b'].promise;
    release['/b'].resolve();
    await b;
    release['/a'].resolve();
    await a;
    const seen = handlerLines(out).map((line) => `${String(line.msg)} ${String(line.path)}: ${String(line.reqId)}`);
    expect(seen, rng.tag(`request /a (id ${idA}) started, then /b (id ${idB}); /b resumed and finished first, then /a. Each line must carry its own request's id: a variable shared by all requests holds whichever id was set last, and one cleared when the handler's call returns holds none after the await. The lines were ${shown(out)}`)).toEqual([
      `started /a: ${idA}`,
      `started /b: ${idB}`,
      `resumed /b: ${idB}`,
      `resumed /a: ${idA}`,
    ]);
  });

  it('writes no reqId on a line logged outside any request, and currentRequestId() is undefined there', async () => {
    const id = safeId(rng, 16);
    let inside: string | undefined;
    const { url, out, logger } = await serveLogged((log) => (_req, res) => {
      inside = currentRequestId();
      log.info('inside');
      res.end('ok');
    });
    await send(url, 'GET', '/', { headers: { 'x-request-id': id } });
    logger.info('a timer, after the request');
    expect(inside, rng.tag('inside the handler, currentRequestId() is the request’s id')).toBe(id);
    expect(currentRequestId(), rng.tag('outside any request there is no current id: the last request’s id must not stay behind')).toBeUndefined();
    const last = out.lines().find((line) => line.msg === 'a timer, after the request');
    expect(last, rng.tag(`a line logged after the request, outside it, must not carry that request's id (it would send whoever searches for it to the wrong place); the lines were ${shown(out)}`)).not.toHaveProperty('reqId');
  });

  it('writes one "request completed" line with method, path, status and the duration from the clock', async () => {
    const id = safeId(rng, 20);
    const took = rng.int(3, 900);
    const orderId = rng.int(1, 9999);
    const { url, out } = await serveLogged((_logger, clock) => async (_req, res) => {
      clock.advance(took);
      res.statusCode = 201;
      res.end('{}');
    });
    const res = await send(url, 'POST', `/orders/${orderId}/refunds`, { headers: { 'x-request-id': id }, body: { amount: 5 } });
    const completed = await completedLines(out, 1);
    expect(completed.length, explain(res, `exactly one line with msg "request completed" is written when the response is finished; the lines were ${shown(out)}`)).toBe(1);
    expect(completed[0], rng.tag(explain(res, `the request line says who (reqId), what (req.method, req.path), the outcome (res.statusCode) and how long in milliseconds (responseTime, from the injected clock: the handler moved it ${took} ms). The lines were ${shown(out)}`))).toMatchObject({
      level: 30,
      reqId: id,
      req: { method: 'POST', path: `/orders/${orderId}/refunds` },
      res: { statusCode: 201 },
      responseTime: took,
    });
  });

  it('logs the path without its query string', async () => {
    const token = rng.word(16);
    const { url, out } = await serveLogged(ok);
    const res = await send(url, 'GET', `/reset-password?token=${token}&lang=fr`);
    const completed = await completedLines(out, 1);
    expect((completed[0]?.req as Line | undefined)?.path, rng.tag(explain(res, `req.path is the path alone: a query string carries tokens and e-mail addresses, and redaction by key cannot see inside a URL. The lines were ${shown(out)}`))).toBe('/reset-password');
  });

  it('logs a 4xx response at warn and a 5xx response at error', async () => {
    const { url, out } = await serveLogged(() => (req, res) => {
      res.statusCode = Number((req.url ?? '/200').slice(1));
      res.end();
    });
    const statuses = [200, rng.pick([400, 404, 409, 422]), rng.pick([500, 502, 503])];
    for (const status of statuses) await send(url, 'GET', `/${status}`);
    const completed = await completedLines(out, 3);
    expect(completed.map((line) => [(line.res as Line | undefined)?.statusCode, line.level]), rng.tag(`a request line is info (30) for a success, warn (40) for a client error and error (50) for a server error (pino-http's documented customLogLevel mapping): an alert on level >= 50 then means "the server failed". The lines were ${shown(out)}`)).toEqual([
      [statuses[0], 30],
      [statuses[1], 40],
      [statuses[2], 50],
    ]);
  });

  it('gives a child logger its parent’s mixin', () => {
    const out = capture();
    const traceId = rng.word(10);
    const child = createLogger({ destination: out.write, mixin: () => ({ traceId }) }).child({ module: 'mailer' });
    child.info('sent');
    expect(out.lines()[0]?.traceId, rng.tag(`a child has its parent's threshold, destination, clock and mixin (README, task 1; pino's children keep the mixin): a child made in a module three calls deep must still write the request id; the line was ${show(out.chunks[0] ?? '')}`)).toBe(traceId);
  });

  it('adds the mixin’s fields after the loggers’ own and before the call’s', () => {
    const out = capture();
    const fromMixin = rng.word(6);
    const fromCall = rng.word(7);
    const logger = createLogger({ destination: out.write, mixin: () => ({ a: fromMixin, b: fromMixin }) }).child({ a: 'binding', b: 'binding' });
    logger.info({ b: fromCall }, 'both');
    const line = out.lines()[0] ?? {};
    expect([line.a, line.b], rng.tag(`the mixin's fields come after the loggers' own fields and before the call's (README, task 3; pino's mixin): "a" is the mixin's over the child's, "b" is the call's over the mixin's; the line was ${show(out.chunks[0] ?? '')}`)).toEqual([fromMixin, fromCall]);
  });

  it('passes the mixin’s fields through sanitize, like the call’s', () => {
    const out = capture();
    const cookie = `sid=${rng.word(12)}`;
    const at = new Date(Date.UTC(2025, 2, 14, 3, rng.int(0, 59)));
    createLogger({ destination: out.write, mixin: () => ({ session: { cookie, startedAt: at } }) }).info('page viewed');
    const line = out.lines()[0] ?? {};
    expect(line.session, rng.tag(`the mixin's fields go through sanitize as the call's and a child's do (README, task 2: "and in task 3 the mixin's"): a mixin that adds the session must not write its cookie in clear (OWASP Logging Cheat Sheet), and a Date in it is its ISO string; the line was ${show(out.chunks[0] ?? '')}`)).toEqual({ cookie: REDACTED, startedAt: at.toISOString() });
  });

  it('accepts a client id that uses each safe punctuation mark: . _ : -', async () => {
    const id = `lb.${safeId(rng, 6)}_${rng.int(1, 9)}:${rng.word(4)}-${rng.word(4)}`;
    const { url } = await serveLogged(ok);
    const res = await send(url, 'GET', '/', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id'), rng.tag(explain(res, `${id} is 1 to 128 characters of A-Z a-z 0-9 . _ : - (README, task 3, SAFE_REQUEST_ID): keep it. Load balancers and tracing tools write ids with dots, underscores and colons, and replacing theirs loses the link to their logs`))).toBe(id);
  });

  it('chooses the level at the exact edges: 399 info, 400 and 499 warn, 500 and 599 error', async () => {
    const { url, out } = await serveLogged(() => (req, res) => {
      res.statusCode = Number((req.url ?? '/200').slice(1));
      res.end();
    });
    const statuses = [399, 400, 499, 500, 599];
    for (const status of statuses) await send(url, 'GET', `/${status}`);
    const completed = await completedLines(out, statuses.length);
    expect(completed.map((line) => [(line.res as Line | undefined)?.statusCode, line.level]), `info below 400, warn from 400 to 499, error from 500 (pino-http's documented customLogLevel mapping: >= 400 and >= 500, both ends included). The lines were ${shown(out)}`).toEqual([
      [399, 30],
      [400, 40],
      [499, 40],
      [500, 50],
      [599, 50],
    ]);
  });

  it('writes the request line when the response finishes, after the handler’s awaits', async () => {
    const took = rng.int(5, 900);
    const { url, out } = await serveLogged((_logger, clock) => async (_req, res) => {
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(took);
      res.statusCode = 202;
      res.end();
    });
    const res = await send(url, 'POST', '/jobs', { body: { run: true } });
    const completed = await completedLines(out, 1);
    expect(completed[0], rng.tag(explain(res, `the request line is written on the response's 'finish' event (README, task 3, step 4): an async handler's call returns at its first await, long before the status is set and the time has passed (${took} ms here). The lines were ${shown(out)}`))).toMatchObject({ res: { statusCode: 202 }, responseTime: took });
  });

  it('writes the request line when the response finishes, after the handler has returned', async () => {
    const took = rng.int(5, 900);
    const { url, out } = await serveLogged((_logger, clock) => (_req, res) => {
      // A callback-style handler: it returns at once and answers later.
      setImmediate(() => {
        clock.advance(took);
        res.statusCode = 202;
        res.end();
      });
    });
    const res = await send(url, 'POST', '/jobs', { body: { run: true } });
    const completed = await completedLines(out, 1);
    expect(completed[0], rng.tag(explain(res, `the request line is written on the response's 'finish' event (README, task 3, step 4), not when the handler's call or its promise returns: a handler that answers from a callback or a stream returns before the status is set and the time has passed (${took} ms here). The lines were ${shown(out)}`))).toMatchObject({ res: { statusCode: 202 }, responseTime: took });
  });

  it('writes reqId on the request line even when the logger has no mixin', async () => {
    const id = safeId(rng, 18);
    const out = capture();
    const logger = createLogger({ destination: out.write });
    const { url } = await serve(withRequestLogging((_req, res) => void res.end('ok'), { logger }));
    const res = await send(url, 'GET', '/', { headers: { 'x-request-id': id } });
    const completed = await completedLines(out, 1);
    expect(completed[0]?.reqId, rng.tag(explain(res, `the request line carries reqId itself, in pino-http's layout (README, task 3, step 4): withRequestLogging is given any logger, with or without the requestFields mixin. The lines were ${shown(out)}`))).toBe(id);
  });

  it('cuts the connection when the handler fails after the response has started', async () => {
    const { url } = await serveLogged(() => async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first half of the report');
      await Promise.resolve();
      throw new Error(`disk full ${rng.word(4)}`);
    });
    const outcome = await send(url, 'GET', '/report').then(
      (res) => `a complete answer: ${res.status} ${JSON.stringify(res.text)}`,
      () => 'cut',
    );
    expect(outcome, rng.tag('once the status and part of the body are sent, a 500 is no longer possible: destroy the connection (res.destroy()) so the client sees a failed transfer, not a cut-off body that looks complete (README, task 3, step 5; RFC 9112, section 6.3: an incomplete message)')).toBe('cut');
  });

  it('answers a handler’s failure with {"error":"internal server error"} and nothing of the error', async () => {
    const message = `column "card_${rng.word(4)}" of relation "payments" does not exist`;
    const { url } = await serveLogged(() => async () => {
      await Promise.resolve();
      throw new Error(message);
    });
    const res = await send(url, 'GET', '/payments');
    expect(res.status, explain(res, 'a handler that fails is the server’s failure: 500 (RFC 9110, section 15.6.1)')).toBe(500);
    expect(jsonOf(res), explain(res, 'the body is exactly {"error":"internal server error"} (README, task 3, step 5): the error’s message, with its table and column names, belongs in the log, never in the response (OWASP Error Handling Cheat Sheet)')).toEqual({ error: 'internal server error' });
    expect(res.headers.get('content-type') ?? '(none)', explain(res, 'the body is JSON, so the response says so: Content-Type application/json (RFC 9110, section 8.3: a sender of content should say its media type; a client that checks it would otherwise not parse the error)')).toMatch(/^application\/json\b/);
  });

  it('answers 500 to a handler that throws before its first await', async () => {
    const id = safeId(rng, 20);
    const message = `cannot read properties of undefined (reading '${rng.word(5)}')`;
    const { url, out } = await serveLogged(() => () => {
      throw new TypeError(message);
    });
    const res = await send(url, 'GET', '/orders', { headers: { 'x-request-id': id } });
    expect(res.status, rng.tag(explain(res, 'a handler that throws synchronously (this one is a plain function, not async) fails like one that rejects: 500 (README, task 3, step 5; RFC 9110, section 15.6.1). A .catch() on what the handler returns never sees a synchronous throw: call the handler inside try/catch, or inside an async function that you await'))).toBe(500);
    const failure = handlerLines(out).find((line) => line.level === 50 && line.err !== undefined);
    expect(failure, rng.tag(`the synchronous throw is logged like a rejection: level 50, the error under "err", the request's id; the lines were ${shown(out)}`)).toMatchObject({ reqId: id, err: { type: 'TypeError', message } });
  });

  it('answers 500 to a handler that throws, and logs the error with the request’s id', async () => {
    const id = safeId(rng, 20);
    const message = `relation "orders_${rng.word(4)}" does not exist`;
    const { url, out } = await serveLogged(() => async () => {
      await Promise.resolve();
      throw new Error(message);
    });
    const res = await send(url, 'GET', '/orders', { headers: { 'x-request-id': id } });
    expect(res.status, explain(res, 'a handler that throws is the server’s failure: 500 (RFC 9110, section 15.6.1), and the process goes on serving')).toBe(500);
    expect(res.text, explain(res, 'the error’s message stays in the log, never in the response')).not.toContain(message);
    const failure = handlerLines(out).find((line) => line.level === 50 && line.err !== undefined);
    expect(failure, rng.tag(`an error line (level 50) with the serialised error under "err" and the request's id is what on-call reads at 3 a.m.; the lines were ${shown(out)}`)).toMatchObject({
      reqId: id,
      err: { type: 'Error', message },
    });
    expect(typeof (failure?.err as Line | undefined)?.stack, 'the error line carries the stack').toBe('string');
  });
});
