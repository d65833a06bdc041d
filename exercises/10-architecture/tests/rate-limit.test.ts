import { afterEach, describe, expect, it, vi } from 'vitest';
import { explain, jsonOf, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { createRateLimiter, rateLimit, type Decision } from '../src/rate-limit.js';
import { manualClock } from '../../../runner/kit/time.js';
import { parseList, type Item } from './support/structured-fields.js';

const DRAFT = 'draft-ietf-httpapi-ratelimit-headers-11';
const QUOTA_EXCEEDED = 'https://iana.org/assignments/http-problem-types#quota-exceeded';
// Powers of two keep the arithmetic exact: 1000 / rate is a whole number of milliseconds.
const RATES = [0.25, 0.5, 1, 2, 4];

/** A real server behind the learner's limiter, a clock moved by hand, and a random policy. */
/** A rate-limited server with a random capacity and rate, or the ones given. */
async function limitedServer(rng: Random, fixed?: { capacity: number; refillPerSecond: number }) {
  const capacity = fixed?.capacity ?? rng.int(3, 8);
  const refillPerSecond = fixed?.refillPerSecond ?? rng.pick(RATES);
  const clock = manualClock(1_000_000);
  let handled = 0;
  const listener = rateLimit({ capacity, refillPerSecond, now: clock.now, keyOf: (req) => String(req.headers['x-api-key'] ?? 'anonymous') }, (_req, res) => {
    handled += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"widgets":[]}');
  });
  const { url } = await serve(listener);
  const get = (key: string) => send(url, 'GET', '/widgets', { headers: { 'x-api-key': key } });
  /** Sends `count` requests for `key` at the same instant. */
  const burst = async (key: string, count: number): Promise<Exchange[]> => {
    const answers: Exchange[] = [];
    for (let i = 0; i < count; i += 1) answers.push(await get(key));
    return answers;
  };
  const msPerToken = 1000 / refillPerSecond;
  const settings = `capacity ${capacity}, refillPerSecond ${refillPerSecond} (one token every ${msPerToken} ms)`;
  return { capacity, refillPerSecond, msPerToken, clock, get, burst, handled: () => handled, settings, client: () => `client-${rng.word(6)}` };
}

/** `count` takes for `key` at the same instant. */
function takeTimes(limiter: { take: (key: string) => Decision }, key: string, count: number): Decision[] {
  return Array.from({ length: count }, () => limiter.take(key));
}

function statuses(exchanges: readonly Exchange[]): string {
  return exchanges.map((exchange) => exchange.status).join(', ');
}

/** The one item of a RateLimit or RateLimit-Policy field, parsed; the failure message says why not. */
function limitItem(exchange: Exchange, field: string, rng: Random): Item {
  const value = exchange.headers.get(field);
  expect(value, rng.tag(explain(exchange, `every response must carry a ${field} field (${DRAFT}, sections 3 and 4)`))).not.toBeNull();
  let items: Item[] = [];
  try {
    items = parseList(value ?? '');
  } catch (error) {
    expect.fail(rng.tag(explain(exchange, `${field} must be a Structured Fields list (RFC 8941, section 3.1), such as "default";r=4;t=1; it does not parse: ${(error as Error).message}`)));
  }
  expect(items.length, rng.tag(explain(exchange, `${field} must hold exactly one item: the one policy this limiter enforces`))).toBe(1);
  const item = items[0] as Item;
  expect({ value: item.value, isString: item.isString }, rng.tag(explain(exchange, `the item of ${field} names its policy as a quoted String, "default" (${DRAFT}, sections 3 and 4.1)`))).toEqual({
    value: 'default',
    isString: true,
  });
  return item;
}

describe('task 1: a token-bucket rate limiter per client', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a client send `capacity` requests at once, then answers 429 without calling the handler', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const client = server.client();
    const answers = await server.burst(client, server.capacity + 1);
    const last = answers.at(-1) as Exchange;
    expect(statuses(answers.slice(0, -1)), rng.tag(`with ${server.settings}: a full bucket holds ${server.capacity} tokens, so ${server.capacity} requests sent at once must all pass; got ${statuses(answers)}`)).toBe(
      Array(server.capacity).fill(200).join(', '),
    );
    expect(last.status, rng.tag(explain(last, `with ${server.settings}: request ${server.capacity + 1} at the same instant finds the bucket empty and must be refused with 429 Too Many Requests (RFC 6585, section 4)`))).toBe(429);
    expect(server.handled(), rng.tag(`a refused request must never reach the handler: the point of a limiter is that the work is not done; the handler ran ${server.handled()} times for ${server.capacity} allowed requests`)).toBe(
      server.capacity,
    );
  });

  it('gives every client its own bucket: one client running dry does not slow down another', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const greedy = server.client();
    await server.burst(greedy, server.capacity + 2);
    const other = server.client();
    const answers = await server.burst(other, server.capacity);
    expect(
      statuses(answers),
      rng.tag(
        `with ${server.settings}: ${greedy} used up its bucket; ${other} has sent nothing yet, so its ${server.capacity} requests must all pass. Keep one bucket per key (a Map from keyOf(req) to its bucket): one bucket shared by all clients lets a single noisy client lock everybody out`,
      ),
    ).toBe(Array(server.capacity).fill(200).join(', '));
  });

  it('sends Retry-After with a 429: the whole seconds until a token is back (RFC 9110, section 10.2.3)', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const client = server.client();
    await server.burst(client, server.capacity);
    // Part of the way to the next token: Retry-After is the rest, rounded up to whole seconds.
    const elapsed = rng.int(0, server.msPerToken - 1);
    server.clock.advance(elapsed);
    const refused = await server.get(client);
    const expected = Math.ceil((server.msPerToken - elapsed) / 1000);
    const retryAfter = refused.headers.get('retry-after');
    expect(refused.status, rng.tag(explain(refused, `with ${server.settings}, ${elapsed} ms after the bucket ran dry the next token is not back yet: 429`))).toBe(429);
    expect(retryAfter, rng.tag(explain(refused, 'a 429 should say when to come back: RFC 6585, section 4 names Retry-After for it, and clients that honour it stop hammering the server'))).not.toBeNull();
    expect(
      retryAfter,
      rng.tag(explain(refused, 'Retry-After is delay-seconds: a non-negative whole number of seconds, no unit, no fraction, not milliseconds (RFC 9110, section 10.2.3)')),
    ).toMatch(/^\d+$/);
    expect(
      Number(retryAfter),
      rng.tag(explain(refused, `with ${server.settings}: the next token is ${server.msPerToken - elapsed} ms away; rounded up to whole seconds that is ${expected} (round up: a client that comes back too early is refused again)`)),
    ).toBe(expected);
  });

  it('serves the client again exactly when Retry-After said, and not a second earlier', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const client = server.client();
    await server.burst(client, server.capacity);
    const refused = await server.get(client);
    const seconds = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(seconds) && seconds > 0, rng.tag(explain(refused, 'a 429 carries Retry-After in whole seconds'))).toBe(true);
    server.clock.advance((seconds - 1) * 1000);
    const early = await server.get(client);
    if (seconds > 1) {
      expect(early.status, rng.tag(explain(early, `with ${server.settings}: Retry-After said ${seconds} s, and ${seconds - 1} s later the token is not back yet; an earlier Retry-After sends clients back to be refused`))).toBe(429);
    }
    server.clock.advance(1000);
    const onTime = await server.get(client);
    expect(
      onTime.status,
      rng.tag(explain(onTime, `with ${server.settings}: Retry-After said ${seconds} s, and ${seconds} s later the client must be served; refill continuously, tokens = min(capacity, tokens + elapsedMs × refillPerSecond / 1000)`)),
    ).toBe(200);
  });

  it('refills at refillPerSecond while a client is quiet, and never beyond capacity', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const client = server.client();
    await server.burst(client, server.capacity + 1);
    const tokens = rng.int(1, server.capacity - 1);
    server.clock.advance(tokens * server.msPerToken);
    const partial = await server.burst(client, tokens + 1);
    expect(statuses(partial), rng.tag(`with ${server.settings}: ${tokens * server.msPerToken} ms after running dry, ${tokens} tokens are back: ${tokens} requests pass and the next is refused; got ${statuses(partial)}`)).toBe(
      [...Array(tokens).fill(200), 429].join(', '),
    );
    server.clock.advance(3_600_000);
    const afterAnHour = await server.burst(client, server.capacity + 1);
    expect(
      statuses(afterAnHour),
      rng.tag(`with ${server.settings}: after an hour of silence the bucket is full, but full means ${server.capacity} tokens: exactly ${server.capacity} requests pass and the next is refused (cap the refill with Math.min(capacity, …)); got ${statuses(afterAnHour)}`),
    ).toBe([...Array(server.capacity).fill(200), 429].join(', '));
  });

  it('takes no token for a refused request, so a client that keeps knocking still gets in after Retry-After', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const client = server.client();
    await server.burst(client, server.capacity);
    const first = await server.get(client);
    const seconds = Number(first.headers.get('retry-after'));
    const knocks = await server.burst(client, rng.int(3, 8));
    server.clock.advance(seconds * 1000);
    const after = await server.get(client);
    expect(
      after.status,
      rng.tag(
        explain(after, `with ${server.settings}: the first 429 said Retry-After: ${seconds}, then the client was refused ${knocks.length} more times. Refusals must not take tokens (or push the bucket below zero): a client that retries too eagerly would lock itself out for ever`),
      ),
    ).toBe(200);
  });

  it('advertises its policy on every response: RateLimit-Policy: "default";q=<capacity>;w=<seconds to refill it>', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const client = server.client();
    const answers = await server.burst(client, server.capacity + 1);
    const window = Math.ceil(server.capacity / server.refillPerSecond);
    for (const answer of [answers[0] as Exchange, answers.at(-1) as Exchange]) {
      const policy = limitItem(answer, 'RateLimit-Policy', rng);
      expect(
        { q: policy.params.q, w: policy.params.w },
        rng.tag(
          explain(answer, `with ${server.settings}: q is the quota, the ${server.capacity} requests a full bucket allows, and w the window in whole seconds over which that quota refills, capacity / refillPerSecond rounded up = ${window} (${DRAFT}, sections 3.1.1 and 3.1.3); on a ${answer.status} too`),
        ),
      ).toEqual({ q: server.capacity, w: window });
    }
  });

  it('reports the tokens left and the seconds to the next one: RateLimit: "default";r=<left>;t=<seconds>', async () => {
    const rng = seededRandom();
    // The drawn settings, and fixed ones at one token a second: with a fast refill and a
    // small bucket the seconds to the next token and to a full bucket can round alike.
    for (const server of [await limitedServer(rng), await limitedServer(rng, { capacity: 4, refillPerSecond: 1 })]) await expectRateLimitFields(server, rng);
  });

  async function expectRateLimitFields(server: Awaited<ReturnType<typeof limitedServer>>, rng: Random): Promise<void> {
    const client = server.client();
    const answers = await server.burst(client, server.capacity + 1);
    const next = Math.ceil(server.msPerToken / 1000);
    const seen = answers.map((answer) => {
      const { r, t } = limitItem(answer, 'RateLimit', rng).params;
      return { status: answer.status, r, t };
    });
    const expected = answers.map((_, index) => ({ status: index < server.capacity ? 200 : 429, r: Math.max(0, server.capacity - 1 - index), t: next }));
    expect(
      seen,
      rng.tag(
        `with ${server.settings}, ${server.capacity + 1} requests at one instant: r is the whole tokens left after each request (${server.capacity - 1} down to 0), and t the whole seconds until the next token, ${next} (${DRAFT}, sections 4.1.1 and 4.1.2). On the 429, r=0 and t equal to Retry-After: the draft wants Retry-After no earlier than the end of that window (section 6)\n  last response:\n${explain(answers.at(-1) as Exchange, '')}`,
      ),
    ).toEqual(expected);
  }

  it('rounds Retry-After up even when the time left is less than half a second over a whole one', async () => {
    const rng = seededRandom();
    const clock = manualClock(1_000_000);
    const listener = rateLimit({ capacity: 3, refillPerSecond: 0.5, now: clock.now, keyOf: () => 'one-client' }, (_req, res) => res.end('ok'));
    const { url } = await serve(listener);
    for (let i = 0; i < 3; i += 1) await send(url, 'GET', '/widgets');
    clock.advance(700);
    const refused = await send(url, 'GET', '/widgets');
    expect(
      { status: refused.status, retryAfter: refused.headers.get('retry-after') },
      rng.tag(explain(refused, 'with capacity 3 and refillPerSecond 0.5 (one token every 2000 ms), 700 ms after the bucket ran dry the next token is 1300 ms away: 1.3 s rounded *up* is 2. Rounded to the nearest second it would be 1, and a client that comes back after 1 s is refused again (RFC 9110, section 10.2.3: delay-seconds)')),
    ).toEqual({ status: 429, retryAfter: '2' });
  });

  it('rounds the policy window w up to whole seconds when capacity / refillPerSecond is a fraction', async () => {
    const rng = seededRandom();
    const seen: string[] = [];
    for (const { capacity, refillPerSecond } of [
      { capacity: 5, refillPerSecond: 2 },
      { capacity: 3, refillPerSecond: 4 },
    ]) {
      const listener = rateLimit({ capacity, refillPerSecond, now: manualClock(1_000_000).now, keyOf: () => 'one-client' }, (_req, res) => res.end('ok'));
      const { url } = await serve(listener);
      const answer = await send(url, 'GET', '/widgets');
      const { q, w } = limitItem(answer, 'RateLimit-Policy', rng).params;
      seen.push(`capacity ${capacity}, refillPerSecond ${refillPerSecond}: q=${String(q)};w=${String(w)}`);
    }
    expect(
      seen,
      rng.tag(`w is the window in whole seconds over which the quota refills, capacity / refillPerSecond rounded up (Math.ceil): 5 / 2 = 2.5 s is w=3, 3 / 4 = 0.75 s is w=1; rounded down the window would be too short, or 0 (${DRAFT}, section 3.1.3)`),
    ).toEqual(['capacity 5, refillPerSecond 2: q=5;w=3', 'capacity 3, refillPerSecond 4: q=3;w=1']);
  });

  it('reports remaining as the whole tokens left, rounded down', () => {
    const rng = seededRandom();
    const clock = manualClock(1_000_000);
    const capacity = rng.int(3, 8);
    const limiter = createRateLimiter({ capacity, refillPerSecond: 1, now: clock.now });
    takeTimes(limiter, 'client', capacity);
    clock.advance(2_600);
    const decision = limiter.take('client');
    expect(
      { allowed: decision.allowed, remaining: decision.remaining, resetSeconds: decision.resetSeconds },
      rng.tag(`with capacity ${capacity} and refillPerSecond 1: 2600 ms after the bucket ran dry it holds 2.6 tokens; this request takes one and leaves 1.6, so remaining is Math.floor(1.6) = 1 (not 2: a client told it has 2 requests left would be refused on the second), and the bucket holds 2 whole tokens 0.4 s later, rounded up: resetSeconds 1`),
    ).toEqual({ allowed: true, remaining: 1, resetSeconds: 1 });
  });

  it('lets a client in after exactly one token\'s time, however many small refills it took (0.1 + 0.2 is not 0.3)', () => {
    const rng = seededRandom();
    const clock = manualClock(1_000_000);
    const capacity = rng.int(2, 6);
    const limiter = createRateLimiter({ capacity, refillPerSecond: 1, now: clock.now });
    takeTimes(limiter, 'client', capacity);
    const answers: boolean[] = [];
    for (let knock = 1; knock <= 10; knock += 1) {
      clock.advance(100);
      answers.push(limiter.take('client').allowed);
    }
    expect(
      answers,
      rng.tag(`with capacity ${capacity} and refillPerSecond 1, a client with an empty bucket knocks every 100 ms: each refused knock adds 0.1 token, and ten of them make exactly one token after 1000 ms. In floating point ten times 0.1 is 0.9999999999999999: round the token count to a millionth (Math.round(tokens * 1e6) / 1e6), or the client is refused when its token is due`),
    ).toEqual([...Array(9).fill(false), true]);
  });

  it('keeps the refill a refused request found: a client that knocks early loses no time', () => {
    const rng = seededRandom();
    const clock = manualClock(1_000_000);
    const capacity = rng.int(3, 8);
    const refillPerSecond = rng.pick(RATES);
    const msPerToken = 1000 / refillPerSecond;
    const limiter = createRateLimiter({ capacity, refillPerSecond, now: clock.now });
    takeTimes(limiter, 'client', capacity);
    const early = rng.int(1, msPerToken - 1);
    clock.advance(early);
    const knock = limiter.take('client');
    clock.advance(msPerToken - early);
    const due = limiter.take('client');
    expect(
      { knock: knock.allowed, due: due.allowed },
      rng.tag(`with capacity ${capacity} and refillPerSecond ${refillPerSecond} (one token every ${msPerToken} ms): a knock ${early} ms after the bucket ran dry is refused, and ${msPerToken} ms after it ran dry the token is back. Refill, then take: the refused request keeps the ${early} ms of refill it found (set tokens and updatedAt together), or each early knock pushes the client's recovery further away`),
    ).toEqual({ knock: false, due: true });
  });

  it('keeps the buckets of two limiters apart: each createRateLimiter has its own Map', () => {
    const rng = seededRandom();
    const clock = manualClock(1_000_000);
    const capacity = rng.int(2, 6);
    const first = createRateLimiter({ capacity, refillPerSecond: 1, now: clock.now });
    const second = createRateLimiter({ capacity, refillPerSecond: 1, now: clock.now });
    const key = `client-${rng.word(6)}`;
    takeTimes(first, key, capacity + 1);
    const other = second.take(key);
    expect(
      { allowed: other.allowed, remaining: other.remaining },
      rng.tag(`two limiters (say, one in front of /search and one in front of /upload) with capacity ${capacity}: ${key} emptied its bucket in the first; in the second it has sent nothing yet and must find a full bucket. Create the Map inside createRateLimiter, not at module level, or every limiter in the process shares one set of buckets`),
    ).toEqual({ allowed: true, remaining: capacity - 1 });
  });

  it('reads performance.now by default: a system clock set forward does not refill the bucket', () => {
    const rng = seededRandom();
    vi.useFakeTimers({ toFake: ['Date'] });
    const capacity = rng.int(2, 6);
    const limiter = createRateLimiter({ capacity, refillPerSecond: 0.25 });
    takeTimes(limiter, 'client', capacity);
    vi.setSystemTime(Date.now() + 3_600_000);
    const next = limiter.take('client');
    expect(
      next.allowed,
      rng.tag(`with no \`now\` option, capacity ${capacity} and refillPerSecond 0.25 (a token every 4 s): the bucket ran dry, then the system clock (Date.now) was set an hour forward — an NTP correction. No real time has passed, so the next request is refused: \`now\` defaults to performance.now, a monotonic clock; a limiter on Date.now lets everybody through (or, set back, refuses everybody for an hour)`),
    ).toBe(false);
  });

  it("keys a client by its socket's remoteAddress when keyOf is left out: a new connection or an X-Forwarded-For header buys no new bucket", async () => {
    const rng = seededRandom();
    const capacity = rng.int(3, 8);
    const refillPerSecond = rng.pick(RATES);
    const listener = rateLimit({ capacity, refillPerSecond, now: manualClock(1_000_000).now }, (_req, res) => res.end('ok'));
    const { url } = await serve(listener);
    // Each request goes out on a connection of its own (a new source port) and claims another address.
    const answers: Exchange[] = [];
    for (let i = 1; i <= capacity + 1; i += 1) answers.push(await send(url, 'GET', '/widgets', { headers: { 'X-Forwarded-For': `203.0.113.${i}` } }));
    const last = answers.at(-1) as Exchange;
    expect(
      statuses(answers),
      rng.tag(
        explain(
          last,
          `with capacity ${capacity} and no keyOf option: ${capacity + 1} requests from one client (127.0.0.1), each on a new connection and each with a different X-Forwarded-For, share one bucket — the key is the socket's remoteAddress, the address alone. Keyed by address and port, a client that opens a new connection gets a fresh bucket; keyed by X-Forwarded-For, a client picks its own key with a header (only your own proxy's X-Forwarded-For can be trusted). Request ${capacity + 1} must be refused`,
        ),
      ),
    ).toBe([...Array(capacity).fill(200), 429].join(', '));
  });

  it('answers 429 with a problem details body of the draft type "quota-exceeded"', async () => {
    const rng = seededRandom();
    const server = await limitedServer(rng);
    const client = server.client();
    const answers = await server.burst(client, server.capacity + 1);
    const refused = answers.at(-1) as Exchange;
    expect(refused.headers.get('content-type') ?? '', rng.tag(explain(refused, 'a problem details body is sent as application/problem+json (RFC 9457, section 3)'))).toMatch(/^application\/problem\+json/);
    const body = jsonOf(refused) as Record<string, unknown>;
    expect(
      { type: body.type, status: body.status, 'violated-policies': body['violated-policies'] },
      rng.tag(explain(refused, `the draft registers the problem type ${QUOTA_EXCEEDED} with a "violated-policies" member naming the policies exceeded (${DRAFT}, section 5.1); "status" repeats the 429 (RFC 9457, section 3.1)`)),
    ).toEqual({ type: QUOTA_EXCEEDED, status: 429, 'violated-policies': ['default'] });
  });
});
