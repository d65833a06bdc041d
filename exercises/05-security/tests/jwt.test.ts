import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { JwtError, signJwt, verifyJwt, type JwtClaims, type JwtFailure } from '../src/jwt.js';
import { decodeSegment, encodeSegment, handMadeToken, joseToken, newKey, withPayload } from './support/tokens.js';
import { thrownAt } from '../../../runner/kit/where.js';

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
    return expect.fail(rng.tag(`${why}; but verifyJwt threw ${String(error)}${thrownAt(error)}\n  ${describeToken(token)}`));
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

  it('takes the clock skew for nbf from options.clockSkewSeconds too: with 0, valid from nbf exactly', async () => {
    const key = newKey();
    const nbf = NOW_SECONDS;
    const token = await joseToken(claims({ nbf }), key);
    expectAccepted(
      () => verifyJwt(token, key, { now: at(nbf), clockSkewSeconds: 0 }),
      'with clockSkewSeconds 0, the token is valid from nbf on (now >= nbf - skew, RFC 7519, section 4.1.5)',
      token,
    );
    expectRefusal(
      () => verifyJwt(token, key, { now: at(nbf - 1), clockSkewSeconds: 0 }),
      'not-yet-valid',
      `with clockSkewSeconds 0, one second before nbf the token is not valid yet: the skew option applies to nbf as it does to exp, not the default ${SKEW} s`,
      token,
    );
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

  it('verifies a token whose header has no typ, as jose writes by default', async () => {
    const key = newKey();
    const sent = claims();
    const token = await new SignJWT(sent).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const got = expectAccepted(() => verifyJwt(token, key, { now }), 'typ is optional (RFC 7519, section 5.1): a header of {"alg":"HS256"} alone is a valid HS256 token', token);
    expect(got, rng.tag(`verifyJwt should return the token's claims\n  ${describeToken(token)}`)).toEqual(sent);
  });

  it('signs exactly the claims given, adding none of its own', () => {
    const sent: JwtClaims = { sub: rng.word(8), roles: [rng.pick(['reader', 'editor'])] };
    const token = signJwt(sent, newKey());
    expect(
      decodeSegment(token.split('.')[1] ?? ''),
      rng.tag(`signJwt signs the claims as given: the caller sets exp, nbf and iat (RFC 7519, section 4.1: all registered claims are optional); here the caller set none\n  ${describeToken(token)}`),
    ).toEqual(sent);
  });

  it('signs non-ASCII claims as UTF-8, which jose reads back unchanged', async () => {
    const key = newKey();
    const sent = claims({ name: `Zoë Ångström ${rng.word(4)} 東京 🙂` });
    const token = signJwt(sent, key);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(now()) }));
    } catch (error) {
      expect.fail(rng.tag(`jose must accept your token; it said: ${String(error)}\n  ${describeToken(token)}`));
    }
    expect(payload, rng.tag(`header and payload are the base64url of the JSON's UTF-8 bytes (RFC 7519, section 7.1, step 2; RFC 8259, section 8.1), so a name like ${JSON.stringify(sent.name)} must survive\n  ${describeToken(token)}`)).toEqual(sent);
  });

  it('returns the non-ASCII claims of a jose token unchanged', async () => {
    const key = newKey();
    const sent = claims({ name: `Zoë Ångström ${rng.word(4)} 東京 🙂` });
    const token = await joseToken(sent, key);
    const got = expectAccepted(() => verifyJwt(token, key, { now }), 'a valid HS256 token from jose must verify', token);
    expect(got, rng.tag(`decode the payload's bytes as UTF-8 (RFC 7519, section 7.2, step 10; RFC 8259, section 8.1): ${JSON.stringify(sent.name)} must come back as it was\n  ${describeToken(token)}`)).toEqual(sent);
  });

  it('computes the signature over the header and payload exactly as they appear in the token', () => {
    const key = newKey();
    const sent = claims();
    // Valid JSON with spaces and its own key order: re-encoding the parsed claims would give other bytes.
    const payload = `{ "exp": ${String(sent.exp)},  "sub": ${JSON.stringify(sent.sub)}, "roles": ${JSON.stringify(sent.roles)} }`;
    const token = handMadeToken({ typ: 'JWT', alg: 'HS256' }, payload, key);
    expectAccepted(
      () => verifyJwt(token, key, { now }),
      'the HMAC is over the ASCII text <header>.<payload>, the first two parts exactly as they appear in the token (RFC 7515, section 5.2; RFC 7518, section 3.2), not over JSON you re-encode',
      token,
    );
  });

  it('rejects a signature cut short or left empty', async () => {
    const key = newKey();
    const token = await joseToken(claims(), key);
    const [header, payload, signature = ''] = token.split('.');
    const cut = `${header}.${payload}.${signature.slice(0, 22)}`;
    expectRefusal(
      () => verifyJwt(cut, key, { now }),
      'signature',
      'a truncated signature is not the HMAC: compare all 32 bytes, after checking the lengths match (timingSafeEqual throws on different lengths; comparing only the bytes given accepts any prefix)',
      cut,
    );
    const empty = `${header}.${payload}.`;
    let returned: unknown;
    try {
      returned = verifyJwt(empty, key, { now });
    } catch (error) {
      expect(error, rng.tag(`an empty signature must be refused with a JwtError; it threw ${String(error)}\n  ${describeToken(empty)}`)).toBeInstanceOf(JwtError);
      expect(['signature', 'malformed'], rng.tag(`an empty signature is refused as signature (or malformed); got ${(error as JwtError).reason}`)).toContain((error as JwtError).reason);
      return;
    }
    expect.fail(rng.tag(`an HS256 token with an empty signature is unsigned and must be refused; it returned ${JSON.stringify(returned)}\n  ${describeToken(empty)}`));
  });

  it('rejects an alg of "hs256" or "Hs256": only exactly HS256 is accepted', () => {
    const key = newKey();
    for (const alg of ['hs256', 'Hs256']) {
      const token = handMadeToken({ alg, typ: 'JWT' }, claims(), key);
      expectRefusal(
        () => verifyJwt(token, key, { now }),
        'algorithm',
        `"alg" values are case-sensitive (RFC 7515, section 4.1.1): "${alg}" is not HS256, and the verifier accepts exactly the one algorithm it chose (RFC 8725, section 3.1)`,
        token,
      );
    }
  });

  it('rejects a part with = padding', async () => {
    const key = newKey();
    const token = `${await joseToken(claims(), key)}=`;
    expectRefusal(() => verifyJwt(token, key, { now }), 'malformed', 'compact JWT parts are base64url with the trailing = padding left out (RFC 7515, section 2): a padded part is malformed', token);
  });

  it('rejects a part written in standard base64 (+ and /) instead of base64url (- and _)', async () => {
    const key = newKey();
    // Sign until the signature has a - or _ (about one try in four has none), then spell it with + and /.
    let token = await joseToken(claims(), key);
    while (!/[-_]/.test(token.split('.')[2] ?? '')) token = await joseToken(claims(), key);
    const [header, payload, signature = ''] = token.split('.');
    const standard = `${header}.${payload}.${signature.replace(/-/g, '+').replace(/_/g, '/')}`;
    expectRefusal(
      () => verifyJwt(standard, key, { now }),
      'malformed',
      "base64url uses - and _, never + and / (RFC 4648, section 5; RFC 7515, section 2): Buffer's 'base64url' decoder accepts both alphabets, so check the characters yourself",
      standard,
    );
  });

  it('checks the signature before exp and nbf: a forged token is a signature failure whatever its exp says', async () => {
    const key = newKey();
    const forged = withPayload(await joseToken(claims(), key), claims({ exp: NOW_SECONDS - 3600 }));
    expectRefusal(
      () => verifyJwt(forged, key, { now }),
      'signature',
      'until the signature holds, the claims are the attacker\'s words: validate the JWS before the claims (RFC 7519, section 7.2), so an expired-looking forgery is refused as a bad signature',
      forged,
    );
  });

  it('rejects exp: 0 as long expired, not as "no expiry"', async () => {
    const key = newKey();
    const token = await joseToken(claims({ exp: 0 }), key);
    expectRefusal(() => verifyJwt(token, key, { now }), 'expired', 'exp: 0 is the first second of 1970 (RFC 7519, section 2, NumericDate), long past: test for presence (!== undefined), not truthiness', token);
  });

  it('counts the clock to the millisecond: valid 1 ms before exp plus the skew', async () => {
    const key = newKey();
    const exp = NOW_SECONDS;
    const token = await joseToken(claims({ exp }), key);
    const justBefore = () => (exp + SKEW) * 1000 - 1;
    expectAccepted(() => verifyJwt(token, key, { now: justBefore }), `at ${justBefore()} ms, 1 ms before exp + ${SKEW} s, the token is still valid (now < exp + skew, RFC 7519, section 4.1.4): divide options.now() by 1000 and do not round it up`, token);
  });

  it('honours clockSkewSeconds: 0, so the token expires exactly at exp', async () => {
    const key = newKey();
    const exp = NOW_SECONDS;
    const token = await joseToken(claims({ exp }), key);
    expectAccepted(() => verifyJwt(token, key, { now: at(exp - 1), clockSkewSeconds: 0 }), 'with clockSkewSeconds 0, one second before exp is valid', token);
    expectRefusal(
      () => verifyJwt(token, key, { now: at(exp), clockSkewSeconds: 0 }),
      'expired',
      'with clockSkewSeconds 0, at exp the token is expired (RFC 7519, section 4.1.4): 0 is a skew the caller chose, not a missing option (use ??, not ||)',
      token,
    );
  });

  it('uses Date.now as the clock when options.now is not given', async () => {
    const key = newKey();
    const valid = await joseToken(claims({ exp: NOW_SECONDS + 600 }), key);
    const expired = await joseToken(claims({ exp: NOW_SECONDS - 600 }), key);
    vi.useFakeTimers({ now: NOW_SECONDS * 1000, toFake: ['Date'] });
    try {
      // Loaded again after Date is faked, so a clock taken at load time is the fake one too.
      vi.resetModules();
      const fresh = (await import('../src/jwt.js')) as typeof import('../src/jwt.js');
      expectAccepted(() => fresh.verifyJwt(valid, key), `with no options, the clock is Date.now() (${Date.now()} ms here, divided by 1000 like options.now()), and a token with exp ten minutes later is valid`, valid);
      let refused: unknown;
      try {
        fresh.verifyJwt(expired, key);
      } catch (error) {
        refused = error;
      }
      expect(
        (refused as { reason?: unknown } | undefined)?.reason,
        rng.tag(`with no options, the clock is Date.now() (${Date.now()} ms here), and a token with exp ten minutes earlier is expired; verifyJwt ${refused === undefined ? 'accepted it' : `threw ${String(refused)}`}\n  ${describeToken(expired)}`),
      ).toBe('expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads Date.now at every call when options.now is not given, not once when the module loads', async () => {
    const key = newKey();
    const token = await joseToken(claims({ exp: NOW_SECONDS + 600 }), key);
    vi.useFakeTimers({ now: NOW_SECONDS * 1000, toFake: ['Date'] });
    try {
      vi.resetModules();
      const fresh = (await import('../src/jwt.js')) as typeof import('../src/jwt.js');
      expectAccepted(() => fresh.verifyJwt(token, key), `with no options, at ${Date.now()} ms a token with exp ten minutes later is valid`, token);
      vi.setSystemTime((NOW_SECONDS + 3600) * 1000);
      let refused: unknown;
      try {
        fresh.verifyJwt(token, key);
      } catch (error) {
        refused = error;
      }
      expect(
        (refused as { reason?: unknown } | undefined)?.reason,
        rng.tag(
          `an hour later (Date.now() is ${Date.now()} ms now) the same token is expired: the default clock is Date.now() read at every call, not a time taken once when the module loaded (RFC 7519, section 4.1.4); verifyJwt ${refused === undefined ? 'accepted it' : `threw ${String(refused)}`}\n  ${describeToken(token)}`,
        ),
      ).toBe('expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a 31-byte key and accepts a 32-byte one: the minimum is 256 bits exactly (RFC 7518, section 3.2)', () => {
    const short = newKey(31);
    expectRefusal(() => signJwt(claims(), short), 'weak-key', 'a 31-byte (248-bit) key is below the 256 bits an HS256 key MUST have');
    const key = newKey(32);
    let token = '';
    try {
      token = signJwt(claims(), key);
    } catch (error) {
      expect.fail(rng.tag(`a 32-byte key is exactly 256 bits, enough for HS256; signJwt threw ${String(error)}${thrownAt(error)}`));
    }
    expectAccepted(() => verifyJwt(token, key, { now }), 'a 32-byte key is exactly 256 bits, enough for HS256', token);
  });
});
