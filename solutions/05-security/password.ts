// Task 1: password storage with scrypt (OWASP Password Storage Cheat Sheet).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N: 17 means N = 2^17. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

// The OWASP minimum for scrypt; raise it as hardware gets faster, never lower it.
const OWASP_MINIMUM: ScryptParams = { logN: 17, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

/** Hashes a password into `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` with a fresh random salt. */
export async function hashPassword(password: string, params: ScryptParams = OWASP_MINIMUM): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, HASH_BYTES, params);
  return formatPhc({ params, salt, hash });
}

/** True when the password matches; the parameters come from the stored string, not from today's defaults. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const expected = parsePhc(stored);
  const candidate = await deriveKey(password, expected.salt, expected.hash.length, expected.params);
  return timingSafeEqual(candidate, expected.hash);
}

/** True when the stored hash is weaker than the wanted parameters: rehash it at the next login. */
export function needsRehash(stored: string, wanted: ScryptParams = OWASP_MINIMUM): boolean {
  const { params } = parsePhc(stored);
  return params.logN < wanted.logN || params.r < wanted.r || params.p < wanted.p;
}

function deriveKey(password: string, salt: Buffer, length: number, { logN, r, p }: ScryptParams): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs about 128 * N * r bytes; Node's default cap (32 MiB) is too small for N = 2^17.
  const maxmem = 256 * N * r;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function formatPhc({ params, salt, hash }: StoredHash): string {
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${toB64(salt)}$${toB64(hash)}`;
}

// A stored string we cannot read is a bug or foreign data, not a wrong password: say so loudly.
function parsePhc(stored: string): StoredHash {
  const match = PHC.exec(stored);
  if (!match) throw new Error('not a scrypt PHC string ($scrypt$ln=..,r=..,p=..$salt$hash)');
  const [, logN, r, p, salt, hash] = match;
  return {
    params: { logN: Number(logN), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
}

// PHC strings use standard base64 without the '=' padding.
function toB64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
