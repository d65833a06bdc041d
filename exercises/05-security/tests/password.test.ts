import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { hashPassword, needsRehash, verifyPassword, type ScryptParams } from '../src/password.js';

const rng = seededRandom();
// Cheap parameters keep the suite fast; one test checks that the defaults meet OWASP.
const CHEAP: ScryptParams = { logN: 10, r: 8, p: 1 };
const OWASP: ScryptParams = { logN: 17, r: 8, p: 1 };
const PHC = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]*)\$([A-Za-z0-9+/]*)$/;
const PHC_SHAPE = '$scrypt$ln=<logN>,r=<r>,p=<p>$<salt in base64, no padding>$<hash in base64, no padding>';
// The test vectors of RFC 7914, section 12, written as PHC strings (64-byte keys, short salts).
const RFC_7914_VECTORS = [
  ['password', '$scrypt$ln=10,r=8,p=16$TmFDbA$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA'],
  ['pleaseletmein', '$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGU$cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofLVQylVYT8Pz2LUlwUkKpr55h6F3A1lHkDfzwF7RVdYhw'],
] as const;
// Made once with node:crypto's scryptSync: N=2^15, r=8 needs just over 32 MiB, a quarter of the OWASP cost.
const MEMORY_HARD = {
  password: 'memory-hard horse battery',
  stored: '$scrypt$ln=15,r=8,p=1$/9ixZ1XbhKmHP5NQx3UCZw$evJAKymtOadmrR7jvBrZfh5Xup9Q26uLC41e32aqK1A',
};

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed {
  const match = PHC.exec(stored);
  expect(match, rng.tag(`a stored hash must be a PHC string ${PHC_SHAPE}; got ${JSON.stringify(stored)}`)).not.toBeNull();
  const [, logN, r, p, salt, hash] = match as RegExpExecArray;
  return {
    params: { logN: Number(logN), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt as string, 'base64'),
    hash: Buffer.from(hash as string, 'base64'),
  };
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** A PHC string made here with node:crypto, as another program (or last year's code) would. */
function phcMadeElsewhere(password: string, params: ScryptParams): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: 2 ** 30 });
  return phcText(params, salt, hash);
}

/** Only the text: needsRehash reads the parameters and never hashes. */
function phcText(params: ScryptParams, salt = randomBytes(16), hash = randomBytes(32)): string {
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * A throw only says something once a well-formed string verifies: code that throws for
 * everything (a starter's TODO included) must not pass the tests that want a throw.
 */
async function verifiesWellFormed(pw: string, stored = phcMadeElsewhere(pw, CHEAP)): Promise<void> {
  expect(await verifyPassword(pw, stored), rng.tag(`the password's own scrypt PHC string ${stored} verifies: read its parameters, salt and hash, recompute, compare`)).toBe(true);
}

function password(): string {
  return `${rng.word(rng.int(6, 12))}-${rng.int(0, 9999)}-ÜñÏ`;
}

describe('task 1: hash passwords with scrypt', () => {
  it('returns a self-describing PHC string that names scrypt and the parameters it used', async () => {
    const stored = await hashPassword(password(), CHEAP);
    expect(
      parse(stored).params,
      rng.tag(`the string must carry the parameters it was made with (${JSON.stringify(CHEAP)}), so it can be verified after they change; got ${stored}`),
    ).toEqual(CHEAP);
  });

  it('salts every hash with at least 16 random bytes', async () => {
    const stored = await hashPassword(password(), CHEAP);
    expect(
      parse(stored).salt.length,
      rng.tag(`the salt (the part after the parameters) must be at least 16 bytes (OWASP Password Storage Cheat Sheet); without one, equal passwords have equal hashes and one precomputed table cracks them all; got ${stored}`),
    ).toBeGreaterThanOrEqual(16);
  });

  it('draws a new salt for every hash, so one password hashed twice gives two different strings', async () => {
    const pw = password();
    const stored = await Promise.all(Array.from({ length: 5 }, () => hashPassword(pw, CHEAP)));
    const salts = new Set(stored.map((text) => b64(parse(text).salt)));
    expect(
      salts.size,
      rng.tag(`the same password hashed 5 times must get 5 different salts from randomBytes; a fixed salt lets an attacker crack every account at once:\n  ${stored.join('\n  ')}`),
    ).toBe(5);
  });

  it('stores the scrypt key of the password, its salt and its parameters, at least 32 bytes long', async () => {
    const pw = password();
    const stored = await hashPassword(pw, CHEAP);
    const { params, salt, hash } = parse(stored);
    expect(hash.length, rng.tag(`the hash part should be at least 32 bytes of scrypt output; got ${stored}`)).toBeGreaterThanOrEqual(32);
    const oracle = scryptSync(pw, salt, hash.length, { N: 2 ** params.logN, r: params.r, p: params.p });
    expect(
      b64(hash),
      rng.tag(`the hash part must be scrypt(password, salt, { N: 2^logN, r, p }) from node:crypto; a fast hash (MD5, SHA-1, SHA-256) lets a GPU try billions of guesses a second. Password ${JSON.stringify(pw)} gave ${stored}`),
    ).toBe(b64(oracle));
  });

  it('accepts the password it hashed', async () => {
    const pw = password();
    const stored = await hashPassword(pw, CHEAP);
    expect(await verifyPassword(pw, stored), rng.tag(`verifyPassword(${JSON.stringify(pw)}, ${stored}) should be true`)).toBe(true);
  });

  it('rejects a password that differs from the hashed one, even by one character', async () => {
    const pw = password();
    const stored = await hashPassword(pw, CHEAP);
    for (const wrong of [`${pw}x`, pw.slice(0, -1), pw.toUpperCase(), '']) {
      expect(await verifyPassword(wrong, stored), rng.tag(`verifyPassword(${JSON.stringify(wrong)}, <hash of ${JSON.stringify(pw)}>) must be false`)).toBe(false);
    }
  });

  it('verifies PHC strings made elsewhere, taking the salt, parameters and hash length from the string', async () => {
    const pw = password();
    const params = { logN: 11, r: rng.int(4, 8), p: rng.int(1, 2) };
    for (const [plain, stored] of [...RFC_7914_VECTORS, [pw, phcMadeElsewhere(pw, params)] as const]) {
      expect(
        await verifyPassword(plain, stored),
        rng.tag(`verifyPassword(${JSON.stringify(plain)}, ${stored}) should be true: read N, r, p, the salt and the hash length from the string, not from today's defaults`),
      ).toBe(true);
    }
  });

  it('verifies a hash whose parameters need more than 32 MiB of memory', async () => {
    expect(
      await verifyPassword(MEMORY_HARD.password, MEMORY_HARD.stored),
      rng.tag(`${MEMORY_HARD.stored} (N=2^15, r=8) needs over 32 MiB, scrypt's default maxmem: pass a maxmem above 128 * N * r when verifying too`),
    ).toBe(true);
  });

  it('throws for a stored string that is not a scrypt PHC string, instead of answering false', async () => {
    const pw = password();
    await verifiesWellFormed(pw);
    for (const stored of ['5f4dcc3b5aa765d61d8327deb882cf99', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g', '$scrypt$ln=10,r=8$abc$def']) {
      await expect(
        verifyPassword(pw, stored),
        rng.tag(`${JSON.stringify(stored)} is not $scrypt$ln=..,r=..,p=..$salt$hash: that is corrupt or foreign data for an operator to see, not a wrong password`),
      ).rejects.toThrow();
    }
  });

  it('hashes with at least the OWASP parameters by default (N=2^17, r=8, p=1)', { timeout: 10_000 }, async () => {
    // The one test that pays for N=2^17 (a good fraction of a second, and 128 MiB).
    const stored = await hashPassword(password());
    const { params } = parse(stored);
    const meets = params.logN >= OWASP.logN && params.r >= OWASP.r && params.p >= OWASP.p;
    expect(meets, rng.tag(`with no parameters given, hashPassword must use at least ln=17, r=8, p=1 (OWASP Password Storage Cheat Sheet); got ${stored}`)).toBe(true);
  });

  it('asks to rehash a hash whose logN, r or p is below the wanted parameters', () => {
    const wanted = { logN: 12, r: 8, p: 2 };
    for (const weaker of [{ ...wanted, logN: 11 }, { ...wanted, r: 4 }, { ...wanted, p: 1 }]) {
      const stored = phcText(weaker);
      expect(needsRehash(stored, wanted), rng.tag(`needsRehash(${stored}, ${JSON.stringify(wanted)}) should be true: the stored hash is weaker than wanted`)).toBe(true);
    }
  });

  it('does not ask to rehash a hash that meets or exceeds the wanted parameters', () => {
    const wanted = { logN: 12, r: 8, p: 1 };
    for (const strong of [wanted, { logN: 13, r: 8, p: 1 }, { logN: 12, r: 16, p: 2 }]) {
      const stored = phcText(strong);
      expect(needsRehash(stored, wanted), rng.tag(`needsRehash(${stored}, ${JSON.stringify(wanted)}) should be false: rehashing a strong enough hash costs every login for nothing`)).toBe(false);
    }
  });

  it('measures against the OWASP parameters when no wanted parameters are given', () => {
    const old = phcText({ logN: 16, r: 8, p: 1 });
    const current = phcText(OWASP);
    expect(needsRehash(old), rng.tag(`needsRehash(${old}) should be true: N=2^16 is below the OWASP minimum of 2^17`)).toBe(true);
    expect(needsRehash(current), rng.tag(`needsRehash(${current}) should be false: it meets the OWASP minimum`)).toBe(false);
  });

  it('verifies a hash made elsewhere of a password with combining and compatibility characters, byte for byte', async () => {
    // "e" + U+0301 (combining acute), the "ﬁ" ligature and a full-width "Ａ": NFC or NFKC would change each.
    const pw = `cafe\u0301-\ufb01-\uff21-${rng.word(6)}`;
    const stored = phcMadeElsewhere(pw, { logN: 10, r: 8, p: 1 });
    expect(
      await verifyPassword(pw, stored),
      rng.tag(`verifyPassword(${JSON.stringify(pw)}, ${stored}) should be true: scrypt takes the password's UTF-8 bytes as given (RFC 7914, section 2, a passphrase is an octet string); normalising it (out of scope here) changes the bytes, and hashes made elsewhere stop verifying`),
    ).toBe(true);
  });

  it('throws for a scrypt PHC string with anything before or after it', async () => {
    const pw = password();
    const stored = phcMadeElsewhere(pw, CHEAP);
    await verifiesWellFormed(pw, stored);
    for (const odd of [`$argon2id$v=19${stored}`, `x${stored}`, `${stored}$extra`]) {
      await expect(
        verifyPassword(pw, odd),
        rng.tag(`${JSON.stringify(odd)} is not exactly $scrypt$ln=..,r=..,p=..$salt$hash: match the whole string (anchor the pattern at both ends), or foreign data is read as scrypt`),
      ).rejects.toThrow();
    }
  });

  it('hashes with exactly the parameters given, r and p included', async () => {
    const pw = password();
    const given = { logN: 10, r: 4, p: 2 };
    const stored = await hashPassword(pw, given);
    const { params, salt, hash } = parse(stored);
    expect(params, rng.tag(`with params ${JSON.stringify(given)} the string must record exactly those; got ${stored}`)).toEqual(given);
    const oracle = scryptSync(pw, salt, hash.length, { N: 2 ** given.logN, r: given.r, p: given.p });
    expect(
      b64(hash),
      rng.tag(`the hash part must be scrypt with N=2^10, r=4, p=2 as given: pass r and p to scrypt too (its defaults are r=8, p=1), or the string claims a cost the hash never paid. Password ${JSON.stringify(pw)} gave ${stored}`),
    ).toBe(b64(oracle));
  });

  it('verifies a hash made elsewhere with r = 4 and p = 2, read from the string', async () => {
    const pw = password();
    const stored = phcMadeElsewhere(pw, { logN: 10, r: 4, p: 2 });
    expect(
      await verifyPassword(pw, stored),
      rng.tag(`verifyPassword(${JSON.stringify(pw)}, ${stored}) should be true: r and p come from the stored string, not from scrypt's defaults (r=8, p=1)`),
    ).toBe(true);
  });
});
