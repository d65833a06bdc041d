import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../runner/kit/random.js';
import { decryptField, encryptField, type Keyring } from '../src/field-crypto.js';
import { thrownAt } from '../../../runner/kit/where.js';

const rng = seededRandom();
const ENVELOPE = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]+)$/;
const SHAPE = 'v1.<kid>.<iv>.<ciphertext>.<tag>, the binary parts in base64url without padding';

interface Envelope {
  kid: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function keyId(): string {
  return `${rng.word(4)}-${rng.int(2020, 2040)}`;
}

function keyring(current = keyId()): Keyring {
  return { current, keys: { [current]: new Uint8Array(randomBytes(32)) } };
}

function plaintext(): string {
  return rng.pick([`${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`, `${rng.word(6)}@example.com`, `Zoë ${rng.word(7)}, 1 rue de l'Église`]);
}

function open(envelope: string): Envelope {
  const match = ENVELOPE.exec(envelope);
  expect(match, rng.tag(`an encrypted field must look like ${SHAPE}; got ${JSON.stringify(envelope)}`)).not.toBeNull();
  const [, kid, iv, ciphertext, tag] = match as RegExpExecArray;
  const bytes = (part: string | undefined) => Buffer.from(part ?? '', 'base64url');
  return { kid: kid ?? '', iv: bytes(iv), ciphertext: bytes(ciphertext), tag: bytes(tag) };
}

function seal({ kid, iv, ciphertext, tag }: Envelope): string {
  return ['v1', kid, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');
}

function flipBit(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const at = rng.int(0, copy.length - 1);
  copy[at] = (copy[at] ?? 0) ^ (1 << rng.int(0, 7));
  return copy;
}

function expectRefused(envelope: string, ring: Keyring, why: string, message?: RegExp): void {
  let plain: string;
  try {
    plain = decryptField(envelope, ring);
  } catch (error) {
    if (message) expect(String(error), rng.tag(`${why}; the error should say so`)).toMatch(message);
    return;
  }
  expect.fail(rng.tag(`${why}; but decryptField returned ${JSON.stringify(plain)} for ${envelope}`));
}

describe('task 4: encrypt fields with AES-256-GCM', () => {
  it('writes a v1 envelope with the current key id, a 12-byte IV and a 16-byte tag', () => {
    const ring = keyring();
    const text = plaintext();
    const envelope = encryptField(text, ring);
    const { kid, iv, ciphertext, tag } = open(envelope);
    expect(kid, rng.tag(`the envelope must name the key that encrypted it (the keyring's current one) so it can be decrypted after rotation; got ${envelope}`)).toBe(ring.current);
    expect(iv.length, rng.tag(`the IV must be 12 bytes, the size GCM is built for (NIST SP 800-38D, section 8.2); got ${envelope}`)).toBe(12);
    expect(tag.length, rng.tag(`the authentication tag must be the full 16 bytes (NIST SP 800-38D, section 5.2.1.2); got ${envelope}`)).toBe(16);
    expect(ciphertext.length, rng.tag(`GCM ciphertext is exactly as long as the UTF-8 plaintext (${JSON.stringify(text)}); got ${envelope}`)).toBe(Buffer.byteLength(text));
  });

  it('produces AES-256-GCM that node:crypto decrypts with the key, IV and tag from the envelope', () => {
    const ring = keyring();
    const text = plaintext();
    const envelope = encryptField(text, ring);
    const { iv, ciphertext, tag } = open(envelope);
    let decrypted = '';
    try {
      const decipher = createDecipheriv('aes-256-gcm', ring.keys[ring.current] as Uint8Array, iv, { authTagLength: 16 });
      decipher.setAuthTag(tag);
      decrypted = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      expect.fail(rng.tag(`node:crypto could not decrypt ${envelope} as AES-256-GCM with the current key: ${String(error)}`));
    }
    expect(decrypted, rng.tag(`AES-256-GCM decryption of ${envelope} gave other text`)).toBe(text);
  });

  it('decrypts what it encrypted, for any UTF-8 text including the empty string', () => {
    const ring = keyring();
    for (const text of ['', plaintext(), '🔐 clé secrète', 'x'.repeat(rng.int(100, 3000))]) {
      const envelope = encryptField(text, ring);
      expect(decryptField(envelope, ring), rng.tag(`decryptField(encryptField(${JSON.stringify(text.slice(0, 40))})) should give the text back; envelope ${envelope.slice(0, 120)}`)).toBe(text);
    }
  });

  it('uses a fresh random IV for every message, so equal plaintexts give different envelopes', () => {
    const ring = keyring();
    const text = plaintext();
    const envelopes = Array.from({ length: 20 }, () => encryptField(text, ring));
    const ivs = new Set(envelopes.map((envelope) => open(envelope).iv.toString('hex')));
    expect(
      ivs.size,
      rng.tag(`20 encryptions under one key must use 20 different IVs: a repeated GCM IV leaks the XOR of the two plaintexts and lets an attacker forge tags (NIST SP 800-38D, section 8):\n  ${envelopes.slice(0, 3).join('\n  ')}`),
    ).toBe(20);
  });

  it('still decrypts envelopes written under an old key after rotation, and encrypts new ones under the new key', () => {
    const before = keyring();
    const text = plaintext();
    const old = encryptField(text, before);
    const rotatedTo = keyId();
    const after: Keyring = { current: rotatedTo, keys: { ...before.keys, [rotatedTo]: new Uint8Array(randomBytes(32)) } };
    let got: string | undefined;
    try {
      got = decryptField(old, after);
    } catch (error) {
      expect.fail(rng.tag(`after rotating from "${before.current}" to "${rotatedTo}", ${old} must still decrypt with the key its envelope names; it threw ${String(error)}${thrownAt(error)}`));
    }
    expect(got, rng.tag(`after rotation, ${old} should decrypt to the original text`)).toBe(text);
    const fresh = encryptField(text, after);
    expect(open(fresh).kid, rng.tag(`after rotation new data is encrypted under the current key "${rotatedTo}"; got ${fresh}`)).toBe(rotatedTo);
  });

  it('refuses an envelope whose ciphertext was changed', () => {
    const ring = keyring();
    const parts = open(encryptField(plaintext(), ring));
    const tampered = seal({ ...parts, ciphertext: flipBit(parts.ciphertext) });
    expectRefused(tampered, ring, 'one flipped bit in the ciphertext must be detected by the GCM tag: set the tag with setAuthTag and call final(), which throws on a mismatch');
  });

  it('refuses an envelope whose tag or IV was changed', () => {
    const ring = keyring();
    const parts = open(encryptField(plaintext(), ring));
    expectRefused(seal({ ...parts, tag: flipBit(parts.tag) }), ring, 'a changed authentication tag must be refused');
    expectRefused(seal({ ...parts, iv: flipBit(parts.iv) }), ring, 'a changed IV must be refused: GCM authenticates it too');
  });

  it('refuses an envelope whose tag was cut short', () => {
    const ring = keyring();
    const parts = open(encryptField(plaintext(), ring));
    const short = seal({ ...parts, tag: parts.tag.subarray(0, 4) });
    expectRefused(
      short,
      ring,
      'a 4-byte tag must be refused: Node accepts short GCM tags unless you pass authTagLength: 16 (or check the length), and a 4-byte tag is forged in about 2^32 tries',
    );
  });

  it('refuses an envelope with an unknown key id, naming the id', () => {
    const ring = keyring();
    const parts = open(encryptField(plaintext(), ring));
    for (const kid of [keyId(), 'constructor']) {
      const lookup = kid === 'constructor' ? ' (keys.constructor is found on Object.prototype: look ids up with Object.hasOwn)' : '';
      const why = `key id "${kid}" is not in the keyring: refuse it with an error that names the id, so an operator knows which key is missing${lookup}`;
      expectRefused(seal({ ...parts, kid }), ring, why, new RegExp(kid));
    }
  });

  it('refuses an envelope of another version or shape', () => {
    const ring = keyring();
    const envelope = encryptField(plaintext(), ring);
    const rest = envelope.slice('v1.'.length);
    for (const odd of [`v2.${rest}`, `v10.${rest}`, `v1.${rest}.extra`, envelope.split('.').slice(0, 4).join('.'), '']) {
      expectRefused(odd, ring, `${JSON.stringify(odd)} is not a v1 envelope with five parts: refuse it rather than guess`);
    }
  });

  it('takes the key from the keyring of each call, keeping nothing from earlier calls', () => {
    const kid = keyId();
    const first = keyring(kid);
    const second: Keyring = { current: kid, keys: { [kid]: new Uint8Array(randomBytes(32)) } };
    const text = plaintext();
    expectRefused(encryptField(text, first), second, `an envelope made with the first keyring's "${kid}" must not decrypt with another keyring whose "${kid}" is a different key`);
    const { iv, ciphertext, tag } = open(encryptField(text, second));
    let decrypted = '';
    try {
      const decipher = createDecipheriv('aes-256-gcm', second.keys[kid] as Uint8Array, iv, { authTagLength: 16 });
      decipher.setAuthTag(tag);
      decrypted = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      expect.fail(rng.tag(`encryptField with the second keyring must use that keyring's "${kid}" key, not one remembered from an earlier call: ${String(error)}${thrownAt(error)}`));
    }
    expect(decrypted, rng.tag('the second keyring\'s key should decrypt its envelope')).toBe(text);
  });

  it('draws IVs that do not repeat when the module is loaded again, as after a restart', async () => {
    const ring = keyring();
    const text = plaintext();
    const ivs = new Set<string>();
    for (let load = 0; load < 3; load += 1) {
      vi.resetModules();
      const fresh = (await import('../src/field-crypto.js')) as typeof import('../src/field-crypto.js');
      ivs.add(open(fresh.encryptField(text, ring)).iv.toString('hex'));
    }
    expect(
      ivs.size,
      rng.tag(`the first message after each of 3 loads of the module got ${ivs.size} different IVs: a counter or clock kept in memory starts over after a restart and repeats IVs under the same key; draw each IV with randomBytes(12) (NIST SP 800-38D, section 8)`),
    ).toBe(3);
  });
});
