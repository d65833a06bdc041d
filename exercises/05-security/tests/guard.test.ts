import { describe, expect, it } from 'vitest';
import { explain, send, serve, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { requireRole } from '../src/guard.js';
import type { JwtClaims } from '../src/jwt.js';
import { handMadeToken, joseToken, newKey } from './support/tokens.js';
import { thrownAt } from '../../../runner/kit/where.js';

const rng = seededRandom();
const NOW_SECONDS = Math.floor(Date.UTC(2041, 2, 3, 4, 5, 6) / 1000) + rng.int(0, 86_400);
const REALM = 'katas';
const ROLE = 'auditor';
const SECRET_REPORT = 'quarterly-figures';

interface Guarded {
  url: string;
  key: Uint8Array;
  /** Claims the protected handler received, one entry per call. */
  calls: JwtClaims[];
}

async function guardedServer(now: () => number = () => NOW_SECONDS * 1000): Promise<Guarded> {
  const key = newKey();
  const calls: JwtClaims[] = [];
  const listener = requireRole({ key, role: ROLE, realm: REALM, now }, (_req, res, claims) => {
    calls.push(claims);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ report: SECRET_REPORT, for: claims.sub }));
  });
  // A throw in the guard becomes a 500 that shows the error, instead of a hung request.
  const { url } = await serve((req, res) => {
    Promise.resolve()
      .then(() => listener(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`the guard threw: ${String(error)}${thrownAt(error)}`);
      });
  });
  return { url, key, calls };
}

function claims(roles: string[], extra: JwtClaims = {}): JwtClaims {
  return { sub: rng.word(8), roles, exp: NOW_SECONDS + 600, ...extra };
}

function otherRoles(): string[] {
  return [rng.pick(['reader', 'editor', 'support']), `${ROLE}s`];
}

function challengeOf(res: Exchange): string {
  return res.headers.get('www-authenticate') ?? '';
}

function getReport(server: Guarded, authorization?: string): Promise<Exchange> {
  return send(server.url, 'GET', '/reports/2041-q1', authorization === undefined ? {} : { headers: { authorization } });
}

function expectNotServed(server: Guarded, res: Exchange, why: string): void {
  expect(server.calls.length, rng.tag(explain(res, `${why}: the protected handler must not run`))).toBe(0);
  expect(res.text, rng.tag(explain(res, `${why}: the protected data must not be in the response`))).not.toContain(SECRET_REPORT);
}

describe('task 3: guard routes by role', () => {
  it('answers 401 with a bare Bearer challenge when the request carries no token', async () => {
    const server = await guardedServer();
    const res = await getReport(server);
    expect(res.status, rng.tag(explain(res, 'no credentials at all is 401 Unauthorized: the client must authenticate first (RFC 9110, section 15.5.2)'))).toBe(401);
    expect(challengeOf(res), rng.tag(explain(res, `a 401 must carry WWW-Authenticate naming the Bearer scheme and realm, e.g. Bearer realm="${REALM}" (RFC 6750, section 3)`))).toMatch(
      new RegExp(`^Bearer realm="${REALM}"`, 'i'),
    );
    expect(challengeOf(res), rng.tag(explain(res, 'a request without credentials gets no error code in the challenge (RFC 6750, section 3.1)'))).not.toContain('error=');
    expectNotServed(server, res, 'without a token');
  });

  it('answers 401 with error="invalid_token" for a token signed with another key', async () => {
    const server = await guardedServer();
    const forged = await joseToken(claims([ROLE]), newKey());
    const res = await getReport(server, `Bearer ${forged}`);
    expect(res.status, rng.tag(explain(res, 'a token whose signature does not verify is 401, not 403: who the caller is is unknown (RFC 6750, section 3.1)'))).toBe(401);
    expect(challengeOf(res), rng.tag(explain(res, 'the challenge for a bad token is Bearer with error="invalid_token" (RFC 6750, section 3.1)'))).toMatch(
      /^Bearer .*error="invalid_token"/i,
    );
    expectNotServed(server, res, 'with a forged token');
  });

  it('answers 401 with error="invalid_token" for an expired token, by the injected clock', async () => {
    const server = await guardedServer();
    const expired = await joseToken(claims([ROLE], { exp: NOW_SECONDS - 3600 }), server.key);
    const res = await getReport(server, `Bearer ${expired}`);
    expect(res.status, rng.tag(explain(res, 'a token that expired an hour ago is 401: pass the guard\'s now option to verifyJwt'))).toBe(401);
    expect(challengeOf(res), rng.tag(explain(res, 'an expired token is an invalid_token (RFC 6750, section 3.1)'))).toMatch(/^Bearer .*error="invalid_token"/i);
    expectNotServed(server, res, 'with an expired token');
  });

  it('verifies the token on every request: one that has expired since an earlier request is 401', async () => {
    let nowSeconds = NOW_SECONDS;
    const server = await guardedServer(() => nowSeconds * 1000);
    const token = await joseToken(claims([ROLE], { exp: NOW_SECONDS + 60 }), server.key);
    const first = await getReport(server, `Bearer ${token}`);
    expect(first.status, rng.tag(explain(first, `a valid token with the role "${ROLE}" reaches the handler`))).toBe(200);
    nowSeconds = NOW_SECONDS + 3600;
    const second = await getReport(server, `Bearer ${token}`);
    expect(
      second.status,
      rng.tag(
        explain(
          second,
          'an hour later the same token has expired: the guard checks every request with verifyJwt and the clock of that moment, and remembers no earlier verdict (RFC 7519, section 4.1.4; RFC 6750, section 3.1: invalid_token)',
        ),
      ),
    ).toBe(401);
    expect(server.calls.length, rng.tag(explain(second, 'the protected handler must run for the first request only'))).toBe(1);
  });

  it('answers 401 with error="invalid_token" for an unsigned alg "none" token', async () => {
    const server = await guardedServer();
    const unsigned = handMadeToken({ alg: 'none', typ: 'JWT' }, claims([ROLE]), '');
    const res = await getReport(server, `Bearer ${unsigned}`);
    expect(res.status, rng.tag(explain(res, 'an unsigned token proves nothing: 401 (RFC 8725, section 2.1)'))).toBe(401);
    expectNotServed(server, res, 'with an unsigned token');
  });

  it('answers 401 with a bare Bearer challenge for another authentication scheme', async () => {
    const server = await guardedServer();
    const res = await getReport(server, `Basic ${Buffer.from(`${rng.word(6)}:${rng.word(10)}`).toString('base64')}`);
    expect(res.status, rng.tag(explain(res, 'Basic credentials are not a bearer token: 401'))).toBe(401);
    expect(challengeOf(res), rng.tag(explain(res, 'the challenge tells the client which scheme to use: Bearer (RFC 6750, section 3)'))).toMatch(/^Bearer /i);
    expect(
      challengeOf(res),
      rng.tag(explain(res, 'credentials of another scheme are no bearer token at all: the challenge carries no error code, as for a request without credentials (RFC 6750, section 3.1)')),
    ).not.toContain('error=');
    expectNotServed(server, res, 'with Basic credentials');
  });

  it('answers 403 with error="insufficient_scope" for a valid token without the role', async () => {
    const server = await guardedServer();
    const token = await joseToken(claims(otherRoles()), server.key);
    const res = await getReport(server, `Bearer ${token}`);
    expect(
      res.status,
      rng.tag(explain(res, `a valid token whose roles lack "${ROLE}" is 403 Forbidden, not 401: the caller is known, and authenticating again will not help (RFC 9110, section 15.5.4)`)),
    ).toBe(403);
    expect(challengeOf(res), rng.tag(explain(res, 'a 403 for a missing role carries error="insufficient_scope" (RFC 6750, section 3.1)'))).toMatch(
      /^Bearer .*error="insufficient_scope"/i,
    );
    expectNotServed(server, res, 'without the role');
  });

  it('answers 403 for a token without any roles claim', async () => {
    const server = await guardedServer();
    const token = await joseToken({ sub: rng.word(8), exp: NOW_SECONDS + 600 }, server.key);
    const res = await getReport(server, `Bearer ${token}`);
    expect(res.status, rng.tag(explain(res, 'a valid token with no roles claim has no role: 403'))).toBe(403);
    expectNotServed(server, res, 'without a roles claim');
  });

  it('calls the handler with the verified claims when the token carries the role', async () => {
    const server = await guardedServer();
    const sent = claims([...otherRoles(), ROLE]);
    const token = await joseToken(sent, server.key);
    const res = await getReport(server, `Bearer ${token}`);
    expect(res.status, rng.tag(explain(res, `a valid token whose roles include "${ROLE}" reaches the handler`))).toBe(200);
    expect(server.calls, rng.tag(explain(res, 'the handler should be called once, with the claims of the verified token'))).toEqual([sent]);
  });

  it('accepts the scheme name in any letter case', async () => {
    const server = await guardedServer();
    const token = await joseToken(claims([ROLE]), server.key);
    for (const scheme of ['bearer', 'BEARER']) {
      const res = await getReport(server, `${scheme} ${token}`);
      expect(res.status, rng.tag(explain(res, 'authentication scheme names are case-insensitive (RFC 9110, section 11.1)'))).toBe(200);
    }
  });

  it('answers 403 when a role differs from the needed one only in letter case', async () => {
    const server = await guardedServer();
    const token = await joseToken(claims([ROLE.toUpperCase(), `${ROLE[0]?.toUpperCase()}${ROLE.slice(1)}`]), server.key);
    const res = await getReport(server, `Bearer ${token}`);
    expect(
      res.status,
      rng.tag(explain(res, `roles are compared exactly: "${ROLE.toUpperCase()}" is not "${ROLE}", as scope values are case-sensitive (RFC 6749, section 3.3); 403 (RFC 9110, section 15.5.4)`)),
    ).toBe(403);
    expectNotServed(server, res, 'with the role in another letter case');
  });

  it('answers 403 when the roles claim is a string that merely contains the role', async () => {
    const server = await guardedServer();
    const token = await joseToken({ sub: rng.word(8), roles: `${ROLE}s-${rng.word(4)}`, exp: NOW_SECONDS + 600 }, server.key);
    const res = await getReport(server, `Bearer ${token}`);
    expect(
      res.status,
      rng.tag(explain(res, `roles is an array of role names, each compared whole; "${ROLE}s-..." as text contains "${ROLE}" but grants no such role: 403 (RFC 9110, section 15.5.4)`)),
    ).toBe(403);
    expectNotServed(server, res, 'with a roles string');
  });
});
