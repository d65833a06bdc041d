import type { RequestListener } from 'node:http';
import { describe, expect, it } from 'vitest';
import { explain, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { withCors, type CorsPolicy } from '../src/cors.js';

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-expose-headers',
];

function randomPolicy(rng: Random, overrides: Partial<CorsPolicy> = {}): CorsPolicy {
  return {
    origins: [`https://${rng.word(6)}.example`, `http://localhost:${rng.int(3000, 9999)}`, `https://${rng.word(4)}.${rng.word(5)}.test`],
    credentials: rng.next() < 0.5,
    methods: ['GET', 'POST', 'PUT', 'PATCH'],
    headers: ['Content-Type', 'Authorization', `X-${rng.word(5)}`],
    exposeHeaders: ['Location', 'X-Request-Id'],
    maxAgeSeconds: rng.int(60, 7200),
    ...overrides,
  };
}

/** A server whose application handler counts its calls and answers 200 JSON. */
async function startCors(policy: CorsPolicy) {
  const seen = { calls: 0 };
  const app: RequestListener = (req, res) => {
    seen.calls += 1;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Location', '/notes/1');
    res.end(JSON.stringify({ reached: true, method: req.method }));
  };
  const { url } = await serve(withCors(policy, app));
  return { url, seen };
}

function preflight(url: string, origin: string, method: string, headers: string[]): Promise<Exchange> {
  return send(url, 'OPTIONS', '/notes', {
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers.join(',').toLowerCase() },
  });
}

/** The comma-separated values of a header, lower-cased, trimmed. */
function listOf(res: Exchange, name: string): string[] {
  return (res.headers.get(name) ?? '').split(',').map((value) => value.trim().toLowerCase()).filter(Boolean);
}

function corsHeadersOf(res: Exchange): string[] {
  return CORS_HEADERS.filter((name) => res.headers.has(name));
}

describe('task 1: CORS with an origin allow-list', () => {
  it('answers a preflight from an allowed origin with 204 and grants that origin, the method and the headers it asked for', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const origin = rng.pick(policy.origins);
    const { url } = await startCors(policy);
    const asked = ['Content-Type', policy.headers[2] as string];
    const res = await preflight(url, origin, 'PUT', asked);
    expect(res.status, explain(res, rng.tag('a granted preflight is answered by the CORS layer with an ok status and no body: 204 No Content (Fetch Standard, "CORS-preflight fetch": the status must be 200-299)'))).toBe(204);
    expect(res.headers.get('access-control-allow-origin'), explain(res, rng.tag(`Access-Control-Allow-Origin must be the requesting origin itself, ${origin}, or the browser refuses to send the real request (Fetch Standard, "CORS check")`))).toBe(origin);
    expect(listOf(res, 'access-control-allow-methods'), explain(res, rng.tag('Access-Control-Allow-Methods must list the method the preflight asked for (Access-Control-Request-Method: PUT) when the policy allows it'))).toContain('put');
    for (const header of asked) {
      expect(listOf(res, 'access-control-allow-headers'), explain(res, rng.tag(`Access-Control-Allow-Headers must list every allowed header the preflight asked for; ${header} is missing (header names compare case-insensitively)`))).toContain(header.toLowerCase());
    }
  });

  it('answers the preflight itself: the application handler never sees it', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const { url, seen } = await startCors(policy);
    const res = await preflight(url, rng.pick(policy.origins), 'POST', ['Content-Type']);
    expect(seen.calls, explain(res, rng.tag('a preflight (OPTIONS with Origin and Access-Control-Request-Method) is a question about the policy, answered by the CORS layer; passing it on to the routes runs application code for a request the browser never made'))).toBe(0);
  });

  it('lets the browser cache a granted preflight with Access-Control-Max-Age from the policy', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const { url } = await startCors(policy);
    const res = await preflight(url, rng.pick(policy.origins), 'PATCH', ['Content-Type']);
    expect(res.headers.get('access-control-max-age'), explain(res, rng.tag(`Access-Control-Max-Age says how many seconds the browser may reuse this preflight answer (policy: ${policy.maxAgeSeconds}); without it every request costs an extra round trip after 5 s (Fetch Standard, "HTTP responses")`))).toBe(String(policy.maxAgeSeconds));
  });

  it('echoes the one matching origin, never *, and allows credentials when the policy does', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng, { credentials: true });
    const origin = rng.pick(policy.origins);
    const { url } = await startCors(policy);
    const pre = await preflight(url, origin, 'POST', ['Content-Type', 'Authorization']);
    const real = await send(url, 'GET', '/notes', { headers: { Origin: origin, Cookie: `session=${rng.word(12)}` } });
    for (const res of [pre, real]) {
      expect(res.headers.get('access-control-allow-origin'), explain(res, rng.tag(`with credentials the browser accepts only the exact requesting origin (${origin}): "*" is refused for credentialed requests, and a list of origins is never valid (Fetch Standard, "CORS protocol and credentials")`))).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials'), explain(res, rng.tag('the policy allows credentials, so the answer carries Access-Control-Allow-Credentials: true (the only valid value); without it the browser hides the response from a fetch made with credentials: "include"'))).toBe('true');
    }
  });

  it('does not send Access-Control-Allow-Credentials when the policy does not allow credentials', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng, { credentials: false });
    const origin = rng.pick(policy.origins);
    const { url } = await startCors(policy);
    const pre = await preflight(url, origin, 'POST', ['Content-Type']);
    const real = await send(url, 'GET', '/notes', { headers: { Origin: origin } });
    for (const res of [pre, real]) {
      expect(res.headers.get('access-control-allow-credentials'), explain(res, rng.tag('this policy does not allow credentials: sending Access-Control-Allow-Credentials would let other sites read answers made with the user\'s cookies'))).toBeNull();
      expect(res.headers.get('access-control-allow-origin'), explain(res, rng.tag('an allowed origin is still granted, by its exact value'))).toBe(origin);
    }
  });

  it('grants an actual request from an allowed origin, exposes the policy\'s response headers and still runs the handler', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const origin = rng.pick(policy.origins);
    const { url, seen } = await startCors(policy);
    const res = await send(url, 'POST', '/notes', { headers: { Origin: origin }, body: { title: rng.word(8) } });
    expect(res.status, explain(res, rng.tag('an actual cross-origin request goes through to the application, which answers as usual'))).toBe(200);
    expect(seen.calls, explain(res, rng.tag('the application handler must run once for an actual request'))).toBe(1);
    expect(res.headers.get('access-control-allow-origin'), explain(res, rng.tag(`the actual response needs Access-Control-Allow-Origin: ${origin} too, not only the preflight: the browser checks both (Fetch Standard, "CORS check")`))).toBe(origin);
    expect(listOf(res, 'access-control-expose-headers'), explain(res, rng.tag('Access-Control-Expose-Headers must list the policy\'s exposeHeaders, or the front end\'s script cannot read Location after a POST (only safelisted response headers are readable by default)'))).toEqual(expect.arrayContaining(policy.exposeHeaders.map((name) => name.toLowerCase())));
  });

  it('adds Vary: Origin to every answer: granted, refused, and without an Origin header', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const { url } = await startCors(policy);
    const answers = [
      await send(url, 'GET', '/notes', { headers: { Origin: rng.pick(policy.origins) } }),
      await send(url, 'GET', '/notes', { headers: { Origin: `https://${rng.word(7)}.example` } }),
      await send(url, 'GET', '/notes'),
      await preflight(url, rng.pick(policy.origins), 'PUT', ['Content-Type']),
    ];
    for (const res of answers) {
      expect(listOf(res, 'vary'), explain(res, rng.tag('the answer depends on the Origin request header, so it must say Vary: Origin; otherwise a shared cache serves one origin\'s grant (or a no-Origin answer without any grant) to another origin (Fetch Standard, "CORS protocol and HTTP caches"; RFC 9110, section 12.5.5)'))).toContain('origin');
    }
  });

  it('sends no CORS headers at all to an origin that is not on the list', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng, { credentials: true });
    const stranger = `https://${rng.word(8)}.example`;
    const { url } = await startCors(policy);
    const pre = await preflight(url, stranger, 'PUT', ['Content-Type']);
    const real = await send(url, 'GET', '/notes', { headers: { Origin: stranger } });
    for (const res of [pre, real]) {
      expect(corsHeadersOf(res), explain(res, rng.tag(`${stranger} is not on the allow-list, so no Access-Control-* header may be sent: their absence is what makes the browser keep the response from that site's script`))).toEqual([]);
    }
  });

  it('matches origins exactly: look-alike origins are refused', async () => {
    const rng = seededRandom();
    const allowed = `https://${rng.word(6)}.example`;
    const policy = randomPolicy(rng, { origins: [allowed], credentials: true });
    const { url } = await startCors(policy);
    const lookAlikes = [
      `${allowed}.evil.test`,
      `https://evil${allowed.slice('https://'.length)}`,
      allowed.replace('https://', 'http://'),
      `${allowed}:8443`,
      'null',
    ];
    for (const origin of lookAlikes) {
      const res = await send(url, 'GET', '/notes', { headers: { Origin: origin } });
      expect(res.headers.get('access-control-allow-origin'), explain(res, rng.tag(`only ${allowed} is allowed; ${origin} is a different origin (scheme, host and port must all be equal, RFC 6454 section 5). A prefix, suffix or substring test, or an unanchored regular expression, lets an attacker's domain in`))).toBeNull();
    }
  });

  it('grants only the allow-listed methods and headers, not whatever the preflight asks for', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const { url } = await startCors(policy);
    const unlisted = `X-${rng.word(9)}`;
    const res = await preflight(url, rng.pick(policy.origins), 'DELETE', ['Content-Type', unlisted]);
    expect(listOf(res, 'access-control-allow-methods'), explain(res, rng.tag(`the policy allows ${policy.methods.join(', ')}; echoing Access-Control-Request-Method back grants DELETE to any allowed site's script`))).not.toContain('delete');
    expect(listOf(res, 'access-control-allow-headers'), explain(res, rng.tag(`the policy allows the headers ${policy.headers.join(', ')}; echoing Access-Control-Request-Headers back grants ${unlisted} too`))).not.toContain(unlisted.toLowerCase());
  });

  it('treats OPTIONS without Access-Control-Request-Method as an ordinary request for the application', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const { url, seen } = await startCors(policy);
    const res = await send(url, 'OPTIONS', '/notes', { headers: { Origin: rng.pick(policy.origins) } });
    expect(seen.calls, explain(res, rng.tag('a CORS-preflight request is OPTIONS with both Origin and Access-Control-Request-Method (Fetch Standard, "HTTP requests"); a plain OPTIONS request belongs to the application'))).toBe(1);
    expect(res.status, explain(res, rng.tag('the application answered this OPTIONS request (200 here); the CORS layer must not replace its answer'))).toBe(200);
  });

  it('answers a preflight from an origin that is not allowed itself: the application never sees it either', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const stranger = `https://${rng.word(8)}.example`;
    const { url, seen } = await startCors(policy);
    const res = await preflight(url, stranger, 'PUT', ['Content-Type']);
    expect(seen.calls, explain(res, rng.tag(`a preflight is OPTIONS with Origin and Access-Control-Request-Method (Fetch Standard, "HTTP requests"), granted or not: the CORS layer answers it, without a grant for ${stranger}. Passing a refused one on runs application code for a request the browser never made`))).toBe(0);
    expect(corsHeadersOf(res), explain(res, rng.tag(`${stranger} is not on the allow-list, so the preflight answer carries no Access-Control-* header`))).toEqual([]);
  });

  it('passes an actual request from an origin that is not allowed on to the application: CORS is not authorisation', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const stranger = `https://${rng.word(8)}.example`;
    const { url, seen } = await startCors(policy);
    const res = await send(url, 'GET', '/notes', { headers: { Origin: stranger } });
    expect(seen.calls, explain(res, rng.tag(`an actual request from ${stranger} still goes to the application: the browser, not the server, keeps the response from that site's script, and curl ignores CORS anyway, so protect data with authentication (Fetch Standard, "CORS protocol"; OWASP HTML5 Security Cheat Sheet, "Cross Origin Resource Sharing")`))).toBe(1);
    expect(res.status, explain(res, rng.tag('the application answered 200; the CORS layer must not replace its answer with a refusal of its own'))).toBe(200);
  });

  it('treats OPTIONS with Access-Control-Request-Method but no Origin as an ordinary request for the application', async () => {
    const rng = seededRandom();
    const { url, seen } = await startCors(randomPolicy(rng));
    const res = await send(url, 'OPTIONS', '/notes', { headers: { 'Access-Control-Request-Method': rng.pick(['PUT', 'DELETE', 'PATCH']) } });
    expect(seen.calls, explain(res, rng.tag('a CORS-preflight request has both Origin and Access-Control-Request-Method (Fetch Standard, "HTTP requests"); without Origin no browser sent it, and it belongs to the application'))).toBe(1);
    expect(corsHeadersOf(res), explain(res, rng.tag('a request without Origin is not a CORS request: nothing to grant'))).toEqual([]);
  });

  it('sends Access-Control-Max-Age: 0 when the policy says not to cache preflights', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng, { maxAgeSeconds: 0 });
    const { url } = await startCors(policy);
    const res = await preflight(url, rng.pick(policy.origins), 'PUT', ['Content-Type']);
    expect(res.headers.get('access-control-max-age'), explain(res, rng.tag('maxAgeSeconds 0 means "do not reuse this preflight": send Access-Control-Max-Age: 0. Leaving the header out because 0 is falsy lets the browser cache the answer for its default of 5 seconds (Fetch Standard, "HTTP responses" and "CORS-preflight cache")'))).toBe('0');
  });

  it('compares the Origin header byte for byte: another spelling of an allowed origin is refused', async () => {
    const rng = seededRandom();
    const host = `${rng.word(6)}.example`;
    const allowed = `https://${host}`;
    const policy = randomPolicy(rng, { origins: [allowed], credentials: true });
    const { url } = await startCors(policy);
    for (const origin of [`https://${host.toUpperCase()}`, `HTTPS://${host}`, `${allowed}/`]) {
      const res = await send(url, 'GET', '/notes', { headers: { Origin: origin } });
      expect(res.headers.get('access-control-allow-origin'), explain(res, rng.tag(`only ${allowed} is allowed, and "${origin}" is not exactly equal to it: a browser sends its origin's ASCII serialisation (lower-case scheme and host, no path, no trailing slash; RFC 6454 section 6.2) and compares Access-Control-Allow-Origin with it byte for byte (Fetch Standard, "CORS check"). Compare the header with the list as it is: no lower-casing, no trimming of a slash`))).toBeNull();
    }
  });

  it('answers a preflight that asks for a method alone, without Access-Control-Request-Headers', async () => {
    const rng = seededRandom();
    const policy = randomPolicy(rng);
    const origin = rng.pick(policy.origins);
    const { url, seen } = await startCors(policy);
    const res = await send(url, 'OPTIONS', '/notes', { headers: { Origin: origin, 'Access-Control-Request-Method': rng.pick(['PUT', 'PATCH']) } });
    expect(seen.calls, explain(res, rng.tag('OPTIONS with Origin and Access-Control-Request-Method is a preflight, with or without Access-Control-Request-Headers (Fetch Standard, "HTTP requests": a PUT with no unsafe header still needs one). The CORS layer answers it; the application never sees it'))).toBe(0);
    expect(res.status, explain(res, rng.tag('a granted preflight is answered with 204 No Content'))).toBe(204);
    expect(res.headers.get('access-control-allow-origin'), explain(res, rng.tag(`the preflight comes from an allowed origin, so it is granted: Access-Control-Allow-Origin: ${origin}`))).toBe(origin);
  });

  it('applies each policy to its own listener: two withCors with different allow-lists do not share them', async () => {
    const rng = seededRandom();
    const first = randomPolicy(rng, { origins: [`https://first-${rng.word(6)}.example`] });
    const second = randomPolicy(rng, { origins: [`https://second-${rng.word(6)}.example`] });
    const one = await startCors(first);
    const two = await startCors(second);
    const own = await send(two.url, 'GET', '/notes', { headers: { Origin: second.origins[0] as string } });
    expect(own.headers.get('access-control-allow-origin'), explain(own, rng.tag(`the second listener was made with the allow-list [${second.origins.join(', ')}], so it grants ${second.origins[0]}: keep the allow-list inside withCors (a closure), not in a module-level variable filled by the first call`))).toBe(second.origins[0]);
    const other = await send(one.url, 'GET', '/notes', { headers: { Origin: second.origins[0] as string } });
    expect(other.headers.get('access-control-allow-origin'), explain(other, rng.tag(`the first listener's allow-list is [${first.origins.join(', ')}]: it must not grant ${second.origins[0]}, which only the second policy allows`))).toBeNull();
  });

  it('sends no Access-Control-* header to a request without an Origin header', async () => {
    const rng = seededRandom();
    const { url, seen } = await startCors(randomPolicy(rng));
    const res = await send(url, 'GET', '/notes');
    expect(corsHeadersOf(res), explain(res, rng.tag('a request without Origin is not a CORS request (a same-origin page, curl, another server): there is nothing to grant'))).toEqual([]);
    expect(seen.calls, explain(res, rng.tag('the application handler must still run'))).toBe(1);
  });
});
