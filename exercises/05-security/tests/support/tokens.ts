// Token-making helpers for the tests: jose signs the honest tokens; the forged ones
// (alg none, a switched algorithm, a changed payload) are put together by hand here,
// the way an attacker would.
import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

export const HS256_KEY_BYTES = 32;

export function newKey(bytes = HS256_KEY_BYTES): Uint8Array {
  return new Uint8Array(randomBytes(bytes));
}

/** An honest token, signed by jose. */
export function joseToken(claims: JWTPayload, key: Uint8Array, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

export function encodeSegment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

export function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

/** A token with any header, HMAC-SHA256-signed with the key (or with the signature given). */
export function handMadeToken(header: unknown, payload: unknown, key: Uint8Array | string): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  const signature = typeof key === 'string' ? key : createHmac('sha256', key).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** The same token with its payload swapped for another, the signature left as it was. */
export function withPayload(token: string, payload: unknown): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encodeSegment(payload)}.${signature}`;
}
