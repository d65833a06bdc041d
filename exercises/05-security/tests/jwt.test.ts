import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { JwtError, signJwt, verifyJwt, type JwtClaims, type JwtFailure } from '../src/jwt.js';
import { decodeSegment, encodeSegment, handMadeToken, joseToken, newKey, withPayload } from './support/tokens.js';

const rng = seededRandom();
// An injected clock far from the real one: code that reads Date.now() instead gets caught.
const NOW_SECONDS = Math.floor(Date.UTC(2041, 2, 3, 4, 5, 6) / 1000) + rng.int(0, 86_400);
const at = (seconds: number) => () => seconds * 1000;
const now = at(NOW_SECONDS);
const SKEW = 30;

function claims(extra: JwtClaims = {}): JwtClaims {
  return { sub: rng.word(8), roles: [rng.pick(['reader', 'editor', 'admin'])], iat: NOW_SECONDS, exp: NOW_SECONDS + 600, ...extra };
}

function describeToken(token: string): string {
  const [header = '', payload = ''] = token.split('.');
  const show = (segment: string) => {
    try {
      return JSON.stringify(decodeSegment(segment));
    } catch {
      return '(not base64url JSON)';
    }
  };
  return `token ${token}\n  header ${show(header)}\n  payload ${show(payload)}`;
}

/** verifyJwt must throw a JwtError with this reason; the message says why it matters. */
function expectRefusal(run: () => unknown, reason: JwtFailure, why: string, token = ''): void {
  const context = token ? `\n  ${describeToken(token)}` : '';
  let returned: unknown;
  try {
    returned = run();
  } catch (error) {
    expect(error, rng.tag(`${why}; it should throw a JwtError, and threw ${String(error)}${context}`)).toBeInstanceOf(JwtError);
    expect((error as JwtError).reason, rng.tag(`${why}: wrong JwtError reason${context}`)).toBe(reason);
    return;
  }
  expect.fail(rng.tag(`${why}; but it was accepted and returned ${JSON.stringify(returned)}${context}`));
}

function expectAccepted(run: () => JwtClaims, why: string, token: string): JwtClaims {
  try {
    return run();
  } catch (error) {
    return expect.fail(rng.tag(`${why}; but verifyJwt threw ${String(error)}\n  ${describeToken(token)}`));
  }
}

describe('task 2: sign and verify JWTs', () => {
  it('signs a token that jose verifies as HS256, with the claims unchanged', async () => {
    const key = newKey();
    const sent = claims();
    const token = signJwt(sent, key);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(now()) }));
    } catch (error) {
      expect.fail(rng.tag(`jose, a widely used JWT library, must accept your token as HS256 (RFC 7515, RFC 7518 section 3.2); it said: ${String(error)}\n  ${describeToken(token)}`));
    }
    expect(payload, rng.tag(`jose read other claims than were signed\n  ${describeToken(token)}`)).toEqual(sent);
  });

  it('writes three base64url parts without padding and a header whose alg is HS256', () => {
    const token = signJwt(claims(), newKey());
    expect(token, rng.tag('a compact JWT is base64url(header).base64url(payload).base64url(signature), with - and _ and no = padding (RFC 7515, section 7.1)')).toMatch(
      /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    );
    expect(decodeSegment(token.split('.')[0] ?? ''), rng.tag(`the header must say which algorithm signed the token\n  ${describeToken(token)}`)).toMatchObject({ alg: 'HS256' });
  });

  it('verifies a token signed by jose and returns its claims', async () => {
    const key = newKey();
    const sent = claims();
    const token = await joseToken(sent, key);
    const got = expectAccepted(() => verifyJwt(token, key, { now }), 'a valid HS256 token from jose must verify', token);
    expect(got, rng.tag(`verifyJwt should return the token's claims\n  ${describeToken(token)}`)).toEqual(sent);
  });

  it('rejects a token whose payload was changed after signing', async () => {
    const key = newKey();
    const token = withPayload(await joseToken(claims({ roles: ['reader'] }), key), claims({ roles: ['admin'] }));
    expectRefusal(() => verifyJwt(token, key, { now }), 'signature', 'a payload changed after signing (here: roles raised to admin) must fail the signature check', token);
  });

  it('rejects a token signed with another key', async () => {
    const token = await joseToken(claims(), newKey());
    expectRefusal(() => verifyJwt(token, newKey(), { now }), 'signature', 'a token signed with a different key must fail the signature check', token);
  });

  it('rejects an unsigned token whose header says alg "none", in any letter case', () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const token = handMadeToken({ alg, typ: 'JWT' }, claims({ roles: ['admin'] }), '');
      expectRefusal(
        () => verifyJwt(token, newKey(), { now }),
        'algorithm',
        `an unsigned token (alg "${alg}") must never be accepted: anyone could write one (RFC 8725, section 2.1)`,
        token,
      );
    }
  });

  it('rejects a token whose header names another algorithm, even when its signature is valid for it', async () => {
    const key = newKey();
    const hs512 = await joseToken(claims(), key, 'HS512');
    expectRefusal(() => verifyJwt(hs512, key, { now }), 'algorithm', 'only HS256 is accepted: the verifier chooses the algorithm, never the token (RFC 8725, section 3.1)', hs512);
    // Algorithm confusion: an RS256 header over an HMAC made with a key the attacker knows.
    const rs256 = handMadeToken({ alg: 'RS256', typ: 'JWT' }, claims({ roles: ['admin'] }), key);
    expectRefusal(() => verifyJwt(rs256, key, { now }), 'algorithm', 'a header saying RS256 must be refused before any signature is checked (RFC 8725, section 2.1)', rs256);
  });

  it('rejects a token whose exp has passed, by the injected clock', async () => {
    const key = newKey();
    const token = await joseToken(claims({ exp: NOW_SECONDS - 3600 }), key);
    expectRefusal(
      () => verifyJwt(token, key, { now }),
      'expired',
      `a token that expired an hour ago must be refused (RFC 7519, section 4.1.4); the clock is options.now(), in milliseconds (${now()}), and exp is in seconds`,
      token,
    );
  });

  it('accepts a token up to the clock skew (30 seconds by default) past its exp, and not at exp plus the skew', async () => {
    const key = newKey();
    const exp = NOW_SECONDS;
    const token = await joseToken(claims({ exp }), key);
    expectAccepted(() => verifyJwt(token, key, { now: at(exp + SKEW - 1) }), `at exp + ${SKEW - 1} s the default ${SKEW} s clock skew still accepts the token`, token);
    expectRefusal(() => verifyJwt(token, key, { now: at(exp + SKEW) }), 'expired', `at exp + ${SKEW} s the token is expired: valid means now < exp + skew (RFC 7519, section 4.1.4)`, token);
  });

  it('takes the clock skew from options.clockSkewSeconds', async () => {
    const key = newKey();
    const exp = NOW_SECONDS;
    const skew = rng.int(0, 5);
    const token = await joseToken(claims({ exp }), key);
    expectAccepted(() => verifyJwt(token, key, { now: at(exp + skew - 1), clockSkewSeconds: skew }), `with clockSkewSeconds ${skew}, exp + ${skew - 1} s is still valid`, token);
    expectRefusal(() => verifyJwt(token, key, { now: at(exp + skew), clockSkewSeconds: skew }), 'expired', `with clockSkewSeconds ${skew}, at exp + ${skew} s the token is expired`, token);
  });

  it('rejects a token whose nbf is further in the future than the clock skew', async () => {
    const key = newKey();
    const token = await joseToken(claims({ nbf: NOW_SECONDS + 300 }), key);
    expectRefusal(() => verifyJwt(token, key, { now }), 'not-yet-valid', 'a token whose nbf is five minutes away must not be accepted yet (RFC 7519, section 4.1.5)', token);
  });

  it('accepts a token whose nbf is within the clock skew, and not one second earlier', async () => {
    const key = newKey();
    const nbf = NOW_SECONDS;
    const token = await joseToken(claims({ nbf }), key);
    expectAccepted(() => verifyJwt(token, key, { now: at(nbf - SKEW) }), `at nbf - ${SKEW} s the default ${SKEW} s clock skew accepts the token`, token);
    expectRefusal(() => verifyJwt(token, key, { now: at(nbf - SKEW - 1) }), 'not-yet-valid', `at nbf - ${SKEW + 1} s the token is not valid yet: valid means now >= nbf - skew`, token);
  });

  it('refuses to sign or verify with a key shorter than 32 bytes (RFC 7518, section 3.2)', async () => {
    const short = newKey(rng.int(8, 31));
    expectRefusal(() => signJwt(claims(), short), 'weak-key', `signJwt with a ${short.length}-byte key must refuse: HS256 needs a key of at least 256 bits, which jose does not enforce`);
    const token = await joseToken(claims(), short);
    expectRefusal(() => verifyJwt(token, short, { now }), 'weak-key', `verifyJwt with a ${short.length}-byte key must refuse, even though jose signed with it`, token);
  });

  it('rejects a token whose exp or nbf is not a number, rather than treating it as no limit', () => {
    const key = newKey();
    for (const odd of [{ exp: 'tomorrow' }, { exp: null }, { nbf: '2041-01-01' }]) {
      const token = handMadeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims(), ...odd }, key);
      expectRefusal(() => verifyJwt(token, key, { now }), 'malformed', `exp and nbf are NumericDates, numbers of seconds (RFC 7519, section 2); ${JSON.stringify(odd)} must not pass as "never expires"`, token);
    }
  });

  it('rejects malformed tokens with a JwtError instead of crashing', () => {
    const key = newKey();
    const header = encodeSegment({ alg: 'HS256', typ: 'JWT' });
    const malformed = [
      '',
      'not-a-token',
      `${header}.${encodeSegment(claims())}`,
      `${header}.${encodeSegment(claims())}.sig.extra`,
      handMadeToken('this is not JSON', claims(), key),
      handMadeToken({ alg: 'HS256' }, '[1, 2, 3]', key),
    ];
    for (const token of malformed) {
      expectRefusal(() => verifyJwt(token, key, { now }), 'malformed', `${JSON.stringify(token)} is not a compact JWT with JSON-object header and payload (RFC 7519, section 7.2)`, token);
    }
  });
});
