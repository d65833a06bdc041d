// Task 2: what a line may contain. An error must arrive with its message, stack and
// causes (pino's own err serializer is the oracle for that layout), a secret must never
// arrive at all, and no value — not even a cyclic one — may make the logger throw or
// change the object the caller still uses.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { createLogger, type Fields } from '../src/logger.js';
import { serializeError } from '../src/serialize.js';
import { capture, show, type Line } from './support/log-lines.js';

const rng = seededRandom();
const REDACTED = '[Redacted]';
const CIRCULAR = '[Circular]';
const SENSITIVE = /password|token|authorization|cookie/i;

/** Logs one call and returns its line, with the raw text for messages. */
function logOne(call: (logger: ReturnType<typeof createLogger>) => void): { line: Line; raw: string } {
  const out = capture();
  call(createLogger({ destination: out.write, level: 'trace' }));
  expect(out.chunks.length, 'one log call must write exactly one line').toBe(1);
  return { line: out.lines()[0] as Line, raw: show(out.chunks[0] ?? '') };
}

/** The word in a random mix of upper and lower case: `pAsSWord`. */
function randomCase(random: Random, word: string): string {
  return [...word].map((letter) => (random.next() < 0.5 ? letter.toUpperCase() : letter)).join('');
}

/** A key that is not sensitive by accident. */
function plainKey(random: Random): string {
  let key = random.word(random.int(3, 8));
  while (SENSITIVE.test(key)) key = random.word(random.int(3, 8));
  return key;
}

/** What pino's own err serializer writes for an error, as it would appear in a line. */
function pinoErr(error: Error): unknown {
  return JSON.parse(JSON.stringify(pino.stdSerializers.errWithCause(error)));
}

class PaymentDeclinedError extends Error {
  readonly code = 'card_declined';
  constructor(
    message: string,
    readonly statusCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

describe('task 2: errors, redaction and cycles', { timeout: 5_000 }, () => {
  it('writes an Error as its type, message and stack, not as {}', () => {
    const host = `db-${rng.int(1, 9)}.internal:5432`;
    const err = new Error(`connect ECONNREFUSED ${host}`);
    const { line, raw } = logOne((logger) => logger.error({ err }, 'payment failed'));
    expect(line.err, rng.tag(`JSON.stringify(new Error(...)) is "{}": message and stack are not enumerable, so an error must be copied field by field into { type, message, stack }. The line was ${raw}`)).toEqual({
      type: 'Error',
      message: err.message,
      stack: err.stack,
    });
  });

  it('puts an Error logged on its own under "err", with its message as msg unless one is given', () => {
    const err = new TypeError(`cannot read properties of undefined (reading '${rng.word(5)}')`);
    const alone = logOne((logger) => logger.error(err));
    expect(alone.line.err, rng.tag(`logger.error(err) writes the error under "err", as pino does; the line was ${alone.raw}`)).toMatchObject({ type: 'TypeError', message: err.message });
    expect(alone.line.msg, rng.tag(`logger.error(err) with no message uses the error's message as msg; the line was ${alone.raw}`)).toBe(err.message);
    const withMessage = logOne((logger) => logger.warn(err, 'retrying'));
    expect(withMessage.line.msg, `logger.warn(err, 'retrying') keeps its own message; the line was ${withMessage.raw}`).toBe('retrying');
    expect(withMessage.line.err, `logger.warn(err, message) still writes the error under "err"; the line was ${withMessage.raw}`).toMatchObject({ message: err.message });
  });

  it('names the type after the error’s class and keeps the error’s own fields, such as code', () => {
    const status = rng.pick([402, 409, 422]);
    const err = new PaymentDeclinedError('card declined by issuer', status);
    const { line, raw } = logOne((logger) => logger.error({ err }, 'checkout failed'));
    expect(line.err, rng.tag(`"type" is the class's name (err.constructor.name, as pino writes it) and fields set on the error, like code and statusCode, are kept: they are what an on-call engineer searches for. The line was ${raw}`)).toMatchObject({
      type: 'PaymentDeclinedError',
      message: 'card declined by issuer',
      code: 'card_declined',
      statusCode: status,
    });
  });

  it('follows the cause chain, in the layout of pino’s err serializer', () => {
    const depth = rng.int(2, 4);
    let err: Error = new Error(`socket hang up after ${rng.int(1, 30)} s`);
    Object.assign(err, { code: 'ECONNRESET' });
    for (let level = 1; level < depth; level += 1) {
      err = rng.pick([
        (cause: Error) => new PaymentDeclinedError(`attempt ${level} failed`, 502, { cause }),
        (cause: Error) => new RangeError(`retry budget ${level} spent`, { cause }),
        (cause: Error) => new Error(`step ${level} of checkout failed`, { cause }),
      ])(err);
    }
    const expected = pinoErr(err);
    expect(serializeError(err), rng.tag(`serializeError() must give what pino.stdSerializers.errWithCause gives, down a chain of ${depth} errors: each cause as { type, message, stack, cause?, ...own fields }. "Caused by" is where the real problem is`)).toEqual(expected);
    const { line, raw } = logOne((logger) => logger.error({ err }, 'checkout failed'));
    expect(line.err, rng.tag(`the logger writes the same chain; the line was ${raw}`)).toEqual(expected);
  });

  it('keeps a cause that is not an error as a value, even a falsy one', () => {
    const reason = { code: `E${rng.int(100, 999)}`, retryable: false };
    const causes: unknown[] = [`timeout after ${rng.int(1, 30)} s`, reason, 0, '', false, null];
    for (const cause of causes) {
      const serialised = serializeError(new Error('upstream failed', { cause }));
      expect(serialised.cause, rng.tag(`new Error(message, { cause: ${JSON.stringify(cause)} }): a cause that is not an error is kept as a value (README, task 2; ECMAScript 2022 InstallErrorCause keeps any value but undefined), so test for undefined, not for truthiness or for instanceof Error`)).toEqual(cause);
    }
  });

  it('sanitises a cause that is not an error like any other value', () => {
    const secret = `sk-${rng.word(16)}`;
    const amount = 2n ** 63n + BigInt(rng.int(0, 1000));
    const err = new Error('charge failed', { cause: { gateway: 'acme', accessToken: secret, amount } });
    let result: { line: Line; raw: string } | undefined;
    expect(() => (result = logOne((logger) => logger.error({ err }, 'checkout failed'))), 'a cause that is not an error is kept as a value, and that value goes through sanitize like every other: a bigint in it must not make JSON.stringify throw (README, task 2)').not.toThrow();
    expect((result?.line.err as Line | undefined)?.cause, rng.tag(`a cause kept as a value is copied like any logged value: its secrets redacted (OWASP Logging Cheat Sheet), its bigint written as digits. The line was ${result?.raw}`)).toEqual({ gateway: 'acme', accessToken: REDACTED, amount: amount.toString() });
  });

  it('redacts a sensitive key whatever its value: a number, an object, an array', () => {
    const pin = rng.int(1000, 9999);
    const { line, raw } = logOne((logger) => logger.info({ password: pin, token: { value: rng.word(12), expires: 3600 }, cookies: [`sid=${rng.word(8)}`] }, 'login'));
    expect([line.password, line.token, line.cookies], rng.tag(`a key with a sensitive word has its whole value written as "${REDACTED}", whatever its type (pino's redact censors the value): a numeric PIN or a token object is as secret as a string. The line was ${raw}`)).toEqual([REDACTED, REDACTED, REDACTED]);
  });

  it('writes an array that contains itself as "[Circular]" instead of throwing', () => {
    const list: unknown[] = [rng.word(5)];
    list.push(list);
    const out = capture();
    expect(() => createLogger({ destination: out.write }).info({ list }, 'list loaded'), 'an array is an object too: one that contains itself is a cycle, and the logger must not recurse until the stack overflows').not.toThrow();
    expect(out.lines()[0]?.list, `the reference back to the array (an ancestor) is "${CIRCULAR}"; the line was ${show(out.chunks[0] ?? '')}`).toEqual([list[0], CIRCULAR]);
  });

  it('redacts inside what toJSON() returns', () => {
    const hash = `$scrypt$${rng.word(20)}`;
    const user = { toJSON: () => ({ name: 'ada', passwordHash: hash }) };
    const { line, raw } = logOne((logger) => logger.info({ user }, 'user loaded'));
    expect(line.user, rng.tag(`an object with toJSON() is written as what toJSON() returns, and that value is sanitised like any other: a model's toJSON often returns every column, password hash included. The line was ${raw}`)).toEqual({ name: 'ada', passwordHash: REDACTED });
  });

  it('redacts password, token, authorization and cookie in any letter case', () => {
    const keys = ['password', 'token', 'authorization', 'cookie'].map((word) => randomCase(rng, word));
    const fields: Fields = Object.fromEntries(keys.map((key) => [key, `secret-${rng.word(6)}`]));
    const user = rng.word(6);
    const { line, raw } = logOne((logger) => logger.info({ user, ...fields }, 'login'));
    for (const key of keys) {
      expect(line[key], rng.tag(`"${key}" must be written as "${REDACTED}": logs are copied to many systems and read by many people, a secret in them is a leaked secret (OWASP Logging Cheat Sheet). Keys compare without regard to case. The line was ${raw}`)).toBe(REDACTED);
    }
    expect(line.user, rng.tag('a field that is not sensitive is kept as it is')).toBe(user);
  });

  it('redacts a key that contains one of those words, such as accessToken or Set-Cookie', () => {
    const secrets = { accessToken: 'eyJhbGciOi', refresh_token: 'r-1', 'Set-Cookie': 'sid=1', newPassword: 'hunter2', 'Proxy-Authorization': 'Basic eA==' };
    const { line, raw } = logOne((logger) => logger.info({ ...secrets, email: 'ada@example.com', attempts: 3 }, 'profile updated'));
    for (const key of Object.keys(secrets)) {
      expect(line[key], `"${key}" contains a sensitive word, so it is redacted too: real code names its secrets accessToken or newPassword, rarely just "token". The line was ${raw}`).toBe(REDACTED);
    }
    expect(line, 'fields without a sensitive word stay').toMatchObject({ email: 'ada@example.com', attempts: 3 });
  });

  it('redacts at any depth, inside arrays too', () => {
    const word = rng.pick(['password', 'token', 'authorization', 'cookie']);
    const key = randomCase(rng, word);
    const note = rng.word(8);
    let value: unknown = { [key]: `secret-${rng.word(5)}`, note };
    const path: (string | number)[] = [];
    const depth = rng.int(3, 6);
    const arrayAt = rng.int(1, depth);
    for (let level = depth; level > 0; level -= 1) {
      // One level at least is an array, wherever it falls.
      if (level === arrayAt || rng.next() < 0.3) {
        value = [{ filler: true }, value];
        path.unshift(1);
      } else {
        const name = plainKey(rng);
        value = { [name]: value };
        path.unshift(name);
      }
    }
    const { line, raw } = logOne((logger) => logger.info({ payload: value }, 'webhook received'));
    const reached = path.reduce<unknown>((node, step) => (node as Record<string | number, unknown> | undefined)?.[step], line.payload) as Record<string, unknown> | undefined;
    const where = `payload${path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
    expect(reached?.[key], rng.tag(`${where}.${key} must be "${REDACTED}": a secret nested in objects and arrays is still a secret. The line was ${raw}`)).toBe(REDACTED);
    expect(reached?.note, rng.tag(`${where}.note, next to it, is kept`)).toBe(note);
  });

  it('redacts inside an error’s own fields and inside a child logger’s fields', () => {
    const bearer = `Bearer ${rng.word(20)}`;
    const apiToken = `tok-${rng.word(12)}`;
    const err = Object.assign(new Error('Request failed with status code 401'), { apiToken, config: { url: '/charges', headers: { Authorization: bearer } } });
    const out = capture();
    const child = createLogger({ destination: out.write }).child({ db: { user: 'app', password: `pw-${rng.word(6)}` } });
    child.error({ err }, 'charge failed');
    expect(out.chunks.length, 'one log call must write exactly one line').toBe(1);
    const line = out.lines()[0] as Line;
    const raw = show(out.chunks[0] ?? '');
    expect(JSON.stringify(line), rng.tag(`an HTTP client's error carries the request's headers, and a child's bindings are written on every line: the secrets in both must be redacted too. The line was ${raw}`)).not.toContain(bearer);
    expect((line.err as Line | undefined)?.apiToken, rng.tag(`a field set on the error itself (err.apiToken) is one of its own fields: its key is checked like any other key, not only the keys of the objects inside it. The line was ${raw}`)).toBe(REDACTED);
    expect(line, rng.tag(`the line was ${raw}`)).toMatchObject({ db: { user: 'app', password: REDACTED }, err: { config: { url: '/charges', headers: { Authorization: REDACTED } } } });
  });

  it('leaves the caller’s object exactly as it was', () => {
    const password = `pw-${rng.word(8)}`;
    const cause = Object.assign(new Error('token expired'), { token: `t-${rng.word(6)}` });
    const err = new Error('login failed', { cause });
    const headers = { authorization: `Bearer ${rng.word(12)}`, accept: 'application/json' };
    const payload = { user: { name: 'ada', password }, sessions: [{ cookie: 'sid=1' }], headers, err };
    const before = JSON.stringify(payload);
    const errorFields = JSON.stringify({ ...cause });
    logOne((logger) => logger.warn({ payload }, 'login failed'));
    expect(payload.user.password, rng.tag('redaction happens in a copy: the caller logged this object and goes on using it; overwriting its password with "[Redacted]" breaks the login right after the log line')).toBe(password);
    expect(JSON.stringify(payload), rng.tag('no field of the caller’s object, at any depth, may change when it is logged')).toBe(before);
    expect(payload.headers, 'the caller’s nested objects are the same objects as before').toBe(headers);
    expect(JSON.stringify({ ...cause }), 'an error’s own fields are not changed either').toBe(errorFields);
  });

  it('writes a reference back to an ancestor as "[Circular]" instead of throwing', () => {
    const order: Record<string, unknown> & { items: unknown[] } = { id: rng.int(1, 999), items: [] };
    order.items.push({ sku: rng.word(5), order });
    order.self = order;
    const out = capture();
    const logger = createLogger({ destination: out.write });
    expect(() => logger.info({ order }, 'order loaded'), 'an object graph with a cycle (an ORM entity and its relations) makes JSON.stringify throw "Converting circular structure to JSON"; a logger that throws turns a log call into an outage').not.toThrow();
    const line = out.lines()[0] as Line;
    expect(line.order, `a reference back to an object on the way down is written as "${CIRCULAR}", as pino does; the line was ${show(out.chunks[0] ?? '')}`).toEqual({
      id: order.id,
      items: [{ sku: (order.items[0] as { sku: string }).sku, order: CIRCULAR }],
      self: CIRCULAR,
    });
    const looping = new Error('retry loop');
    looping.cause = looping;
    expect(() => logger.error(looping), 'an error that is its own cause must not make the logger throw or loop').not.toThrow();
    expect((out.lines()[1]?.err as Line | undefined)?.cause, 'the cause that points back is "[Circular]"').toBe(CIRCULAR);
  });

  it('writes an object that appears twice, without a cycle, in full both times', () => {
    const address = { street: `${rng.int(1, 200)} ${rng.word(6)} street`, city: 'Lyon' };
    const { line, raw } = logOne((logger) => logger.info({ billing: address, shipping: address }, 'order placed'));
    expect(line, rng.tag(`only a reference back to an ancestor is a cycle; the same address used for billing and shipping is no cycle and is written twice. The line was ${raw}`)).toMatchObject({ billing: address, shipping: address });
  });

  it('writes a Date as its ISO string and a bigint as its digits', () => {
    const at = new Date(Date.UTC(2025, 2, 14, 3, rng.int(0, 59)));
    const big = 2n ** 64n + BigInt(rng.int(0, 1000));
    let result: { line: Line; raw: string } | undefined;
    expect(() => (result = logOne((logger) => logger.info({ at, big }, 'ledger entry'))), 'JSON.stringify throws on a bigint ("Do not know how to serialize a BigInt"): write it as a string of digits instead').not.toThrow();
    expect(result?.line.at, `a Date says how it is written (its toJSON is its ISO string): copied as a plain object it becomes {}. The line was ${result?.raw}`).toBe(at.toISOString());
    expect(result?.line.big, 'a bigint is written as its digits, in a string, so that no precision is lost').toBe(big.toString());
  });
});
