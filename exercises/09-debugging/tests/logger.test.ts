// Task 1: the logger's lines are read by machines first. Each test parses them as a
// log shipper would; pino itself is the oracle for the layout, and pino-pretty must be
// able to format them (it passes a line it cannot read through unchanged, so the
// tests look at what it printed, not at whether it failed).
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { createLogger, type LevelName, type Logger } from '../src/logger.js';
import { capture, pretty, show, type Line } from './support/log-lines.js';

const rng = seededRandom();
/** pino's level numbers, from its documentation (not from the learner's LEVELS). */
const PINO_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
const NAMES = Object.keys(PINO_LEVELS) as LevelName[];
/** 03:07 on a Friday night: when these lines get read. */
const T0 = Date.UTC(2025, 2, 14, 3, 7, 42, 123);
const T0_SHOWN = '2025-03-14 03:07:42.123';

function onlyLine(lines: Line[], what: string): Line {
  expect(lines.length, `${what} must write exactly one line, and ${lines.length} were written`).toBe(1);
  return lines[0] as Line;
}

function callEach(logger: Logger, fields: Record<string, unknown> = {}): void {
  for (const name of NAMES) logger[name](fields, `${name} line`);
}

function levelsWritten(lines: Line[]): unknown[] {
  return lines.map((line) => line.level);
}

describe('task 1: structured lines, levels and child loggers', { timeout: 5_000 }, () => {
  it('writes one JSON line with the numeric level, the time from the clock and the message as msg', () => {
    const out = capture();
    const logger = createLogger({ destination: out.write, clock: () => T0 });
    logger.info('server started');
    const line = onlyLine(out.lines(), "logger.info('server started')");
    const raw = show(out.chunks[0] ?? '');
    expect(line.level, `"level" is a number in pino's layout (info is 30), so that tools can filter with level >= 40; the line was ${raw}`).toBe(30);
    expect(line.time, `"time" is the injected clock's value in milliseconds since the epoch, as a number; the line was ${raw}`).toBe(T0);
    expect(line.msg, `the message goes in "msg" (pino's messageKey), not "message"; the line was ${raw}`).toBe('server started');
  });

  it('gives each method pino’s level number, from trace 10 to fatal 60', () => {
    const out = capture();
    callEach(createLogger({ destination: out.write, level: 'trace', clock: () => T0 }));
    expect(levelsWritten(out.lines()), 'trace, debug, info, warn, error and fatal are 10, 20, 30, 40, 50 and 60 in pino’s layout: numbers, not names').toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('writes the fields of an object argument on the line, next to msg', () => {
    const orderId = rng.int(1000, 99999);
    const customer = rng.word(7);
    const out = capture();
    createLogger({ destination: out.write, clock: () => T0 }).warn({ orderId, customer, items: [rng.word(4), rng.word(5)] }, 'payment retried');
    const line = onlyLine(out.lines(), 'logger.warn({ orderId, customer, items }, msg)');
    expect(line, rng.tag(`logger.warn(fields, message) writes each field at the top level of the line, as pino does, so that a query can find orderId ${orderId}`)).toMatchObject({
      level: 40,
      orderId,
      customer,
      msg: 'payment retried',
    });
    expect(line.items, rng.tag('a field that is an array stays an array')).toHaveLength(2);
  });

  it('writes pid and hostname on every line, as pino does by default', () => {
    const out = capture();
    const logger = createLogger({ destination: out.write });
    logger.info('one');
    logger.child({ module: 'billing' }).error('two');
    for (const line of out.lines()) {
      expect(line.pid, 'each line carries the process id as "pid": with several processes behind a load balancer it says which one wrote it').toBe(process.pid);
      expect(line.hostname, 'each line carries os.hostname() as "hostname": it says which machine wrote it').toBe(hostname());
    }
  });

  it('writes, for the same calls, the lines that pino itself writes', () => {
    const service = rng.word(6);
    const orderId = rng.int(1, 10_000);
    const calls: [string, (logger: Logger) => void][] = [
      ["info('plain message')", (logger) => logger.info('plain message')],
      ['warn({ orderId, attempt }, msg)', (logger) => logger.warn({ orderId, attempt: 2 }, 'retrying payment')],
      ['debug({ nested, list }) with no message', (logger) => logger.debug({ nested: { a: 1, b: [true, null] }, list: ['x'] })],
      ['child({ service }).error({ orderId }, msg)', (logger) => logger.child({ service }).error({ orderId }, 'payment failed')],
      ['child({ service }).child({ step }).trace(msg)', (logger) => logger.child({ service }).child({ step: 'capture' }).trace('entering')],
      ["child({ service }).child({ service: 'other' }).info(msg)", (logger) => logger.child({ service }).child({ service: 'other' }).info('overridden')],
    ];
    const theirs: string[] = [];
    const reference = pino({ level: 'trace', timestamp: () => `,"time":${T0}` }, { write: (chunk: string) => void theirs.push(chunk) });
    const out = capture();
    const logger = createLogger({ destination: out.write, level: 'trace', clock: () => T0 });
    for (const [, call] of calls) {
      // pino's Logger has the same methods; the cast only spares the test pino's overloads.
      call(reference as unknown as Logger);
      call(logger);
    }
    const ours = out.lines();
    calls.forEach(([name], index) => {
      const expected = JSON.parse(theirs[index] ?? '{}') as Line;
      expect(ours[index], rng.tag(`${name}: pino writes ${show(theirs[index] ?? '')}, and your logger must write the same fields with the same values (their order does not matter); yours wrote ${show(out.chunks[index] ?? '(nothing)')}`)).toEqual(expected);
    });
  });

  it('reads the clock again for every line', () => {
    const out = capture();
    let now = T0;
    const logger = createLogger({ destination: out.write, clock: () => now });
    const steps = [rng.int(1, 500), rng.int(1, 500)];
    logger.info('first');
    now += steps[0] as number;
    logger.info('second');
    now += steps[1] as number;
    logger.child({ step: 'third' }).info('third');
    expect(out.lines().map((line) => line.time), rng.tag('"time" is when the line was written: clock() is called for every line, by a child too, not once when the logger is made (pino calls its timestamp function for every line)')).toEqual([T0, T0 + (steps[0] as number), T0 + (steps[0] as number) + (steps[1] as number)]);
  });

  it('writes msg "" for an empty message, as pino does', () => {
    const theirs: string[] = [];
    pino({ timestamp: () => `,"time":${T0}` }, { write: (chunk: string) => void theirs.push(chunk) }).info('');
    const out = capture();
    createLogger({ destination: out.write, clock: () => T0 }).info('');
    const line = onlyLine(out.lines(), "logger.info('')");
    expect(line.msg, `an empty message is still a message: pino writes ${show(theirs[0] ?? '')}, with "msg":"". Test for undefined, not for a falsy message; the line was ${show(out.chunks[0] ?? '')}`).toBe('');
  });

  it('keeps level and time its own when the call has fields of those names', () => {
    const out = capture();
    createLogger({ destination: out.write, clock: () => T0 }).warn({ level: 'critical', time: `${rng.int(1, 59)} minutes`, orderId: 7 }, 'slow payment');
    const line = onlyLine(out.lines(), "logger.warn({ level, time, orderId }, msg)");
    expect([line.level, line.time], rng.tag(`"level" and "time" belong to the format (README, task 1): a caller's field of the same name must not replace them, or level >= 40 and time ranges stop finding the line; the line was ${show(out.chunks[0] ?? '')}`)).toEqual([40, T0]);
  });

  it('lets a call’s field win over a child’s field of the same name', () => {
    const out = capture();
    const child = createLogger({ destination: out.write }).child({ step: 'authorise', orderId: 1 });
    const orderId = rng.int(2, 9999);
    child.info({ orderId }, 'captured');
    const line = onlyLine(out.lines(), 'child.info({ orderId }, msg)');
    expect(line, rng.tag(`the line holds the parents' fields, the logger's own, then the call's (README, task 1; pino writes the call's after the bindings, so the call's value is the one a JSON reader keeps); the line was ${show(out.chunks[0] ?? '')}`)).toMatchObject({ step: 'authorise', orderId });
  });

  it('builds nothing for a call below the threshold', () => {
    const out = capture();
    let reads = 0;
    const fields = {
      get cart() {
        reads += 1;
        return { items: rng.int(1, 9) };
      },
    };
    createLogger({ destination: out.write, level: 'info' }).debug(fields, 'cart loaded');
    expect(out.chunks, 'a debug call below an info threshold writes nothing').toEqual([]);
    expect(reads, 'a call below the threshold must cost nothing (README, task 1; pino checks the level before it builds the line): check the level first, and only then read and serialise the fields').toBe(0);
  });

  it('writes lines that pino-pretty formats with the level’s label, the time and the message', () => {
    const level = rng.pick(NAMES);
    const orderId = rng.int(1000, 9999);
    const out = capture();
    createLogger({ destination: out.write, level: 'trace', clock: () => T0 })[level]({ orderId }, 'card declined');
    const raw = out.chunks[0] ?? '';
    const printed = pretty(raw);
    const why = rng.tag(`pino-pretty reads the line ${show(raw)} and printed ${JSON.stringify(printed)}`);
    expect(printed, `${why}: it hands back a line it cannot read unchanged, so this line is not in pino's layout`).not.toBe(raw);
    expect(printed, `${why}: the heading shows the time, the level's label and the message when "time", a numeric "level" and "msg" are right`).toContain(`[${T0_SHOWN}] ${level.toUpperCase()}: card declined`);
    expect(printed, `${why}: each other field is printed below the heading`).toContain(`orderId: ${orderId}`);
  });

  it('writes nothing below the threshold, and every line at or above it', () => {
    const threshold = rng.pick(NAMES);
    const out = capture();
    callEach(createLogger({ destination: out.write, level: threshold }));
    const expected = NAMES.filter((name) => PINO_LEVELS[name] >= PINO_LEVELS[threshold]).map((name) => PINO_LEVELS[name]);
    expect(levelsWritten(out.lines()), rng.tag(`with level '${threshold}', only ${threshold} and above are written: a debug line in production costs I/O and may carry data nobody meant to keep`)).toEqual(expected);
  });

  it('writes info and above when no level is given, and nothing when the level is silent', () => {
    const byDefault = capture();
    callEach(createLogger({ destination: byDefault.write }));
    expect(levelsWritten(byDefault.lines()), 'without a level option the threshold is info (pino’s default): trace and debug are not written').toEqual([30, 40, 50, 60]);
    const silent = capture();
    callEach(createLogger({ destination: silent.write, level: 'silent' }));
    expect(silent.chunks, "level 'silent' writes nothing at all, not even fatal").toEqual([]);
  });

  it('tells with isLevelEnabled whether a level would be written', () => {
    const logger = createLogger({ destination: () => undefined, level: 'warn' });
    const enabled = NAMES.filter((name) => logger.isLevelEnabled(name));
    expect(enabled, "with level 'warn', isLevelEnabled is true for warn, error and fatal only: code checks it before building an expensive log field").toEqual(['warn', 'error', 'fatal']);
    expect(logger.level, 'logger.level is the threshold it was given').toBe('warn');
  });

  it('writes each line with one call, to a function or to a writable stream', async () => {
    const received: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ destination: stream, clock: () => T0 });
    logger.info({ n: 1 }, 'first');
    logger.error({ n: 2 }, 'second');
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.length, 'a stream destination gets one write() per line: two writes for a line would interleave with other code writing to the same stream').toBe(2);
    const parsed = received.map((chunk) => JSON.parse(chunk) as Line);
    expect(parsed.map((line) => line.msg), 'the stream gets the lines, in order').toEqual(['first', 'second']);
    expect(received.every((chunk) => chunk.endsWith('\n')), `every line ends with "\\n" (newline-delimited JSON); the stream got ${JSON.stringify(received)}`).toBe(true);
  });

  it('gives a child logger its parent’s fields and its own, down to a grandchild', () => {
    const service = rng.word(6);
    const orderId = rng.int(1, 9999);
    const out = capture();
    const root = createLogger({ destination: out.write }).child({ service });
    root.child({ orderId }).child({ step: 'refund' }).info({ amount: 12 }, 'refund issued');
    const line = onlyLine(out.lines(), 'a grandchild’s info()');
    expect(line, rng.tag('a child keeps every field of the loggers above it and adds its own: a line from deep in the refund code still says which service and which order')).toMatchObject({
      service,
      orderId,
      step: 'refund',
      amount: 12,
      msg: 'refund issued',
    });
  });

  it('leaves the parent’s lines unchanged when a child adds or overrides a field', () => {
    const out = capture();
    const parent = createLogger({ destination: out.write }).child({ service: 'billing' });
    const child = parent.child({ requestId: rng.word(8), service: 'billing-worker' });
    child.info('from the child');
    parent.info('from the parent');
    const [fromChild, fromParent] = out.lines();
    expect(fromChild?.service, rng.tag('a child’s own field wins over its parent’s field of the same name')).toBe('billing-worker');
    expect(fromParent, rng.tag('creating a child must not change its parent: the parent’s line has no requestId, and its service is still "billing"')).not.toHaveProperty('requestId');
    expect(fromParent?.service, 'the parent’s own field is unchanged').toBe('billing');
  });

  it('gives a child logger its parent’s threshold', () => {
    const out = capture();
    const child = createLogger({ destination: out.write, level: 'error' }).child({ module: 'mailer' });
    callEach(child);
    expect(levelsWritten(out.lines()), "a child of a logger with level 'error' writes error and fatal only: lowering the threshold is a decision, not a side effect of calling child()").toEqual([50, 60]);
  });
});
