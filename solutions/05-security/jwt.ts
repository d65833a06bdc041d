// Task 2: JSON Web Tokens signed with HS256 (RFC 7519, RFC 7515, RFC 7518; RFC 8725 for the pitfalls).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims of a token; `exp`, `nbf` and `iat` are NumericDates: seconds since the epoch. */
export interface JwtClaims {
  [claim: string]: unknown;
  sub?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
}

export interface VerifyOptions {
  /** The clock, in milliseconds since the epoch (as Date.now). */
  now?: () => number;
  /** How far apart two servers' clocks may be; 30 seconds unless given. */
  clockSkewSeconds?: number;
}

export type JwtFailure = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'weak-key';

/** Given: every refusal of `signJwt` and `verifyJwt` is one of these, with its reason. */
export class JwtError extends Error {
  readonly reason: JwtFailure;

  constructor(reason: JwtFailure, message: string) {
    super(message);
    this.name = 'JwtError';
    this.reason = reason;
  }
}

// RFC 7518, section 3.2: an HS256 key must be at least as long as the hash output.
const MIN_KEY_BYTES = 32;
const DEFAULT_CLOCK_SKEW_SECONDS = 30;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const SIGNATURE = /^[A-Za-z0-9_-]*$/;

/** Signs the claims as a compact HS256 JWT: base64url(header).base64url(claims).base64url(signature). */
export function signJwt(claims: JwtClaims, key: Uint8Array): string {
  requireStrongKey(key);
  const signingInput = `${encodeJson({ alg: 'HS256', typ: 'JWT' })}.${encodeJson(claims)}`;
  return `${signingInput}.${hmacSha256(signingInput, key).toString('base64url')}`;
}

/** Returns the claims of a valid token; throws a JwtError saying why otherwise. */
export function verifyJwt(token: string, key: Uint8Array, options: VerifyOptions = {}): JwtClaims {
  requireStrongKey(key);
  const [header, payload, signature, ...extra] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || extra.length > 0)
    throw new JwtError('malformed', 'a JWT has exactly three dot-separated parts');
  if (!SEGMENT.test(header) || !SEGMENT.test(payload) || !SIGNATURE.test(signature))
    throw new JwtError('malformed', 'every part of a JWT is base64url without padding');
  // RFC 8725, section 3.1: the algorithm is ours to choose, never the token's.
  if (decodeObject(header).alg !== 'HS256') throw new JwtError('algorithm', 'only HS256 tokens are accepted');
  const expected = hmacSha256(`${header}.${payload}`, key);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new JwtError('signature', 'the signature does not match the header and claims');
  const claims = decodeObject(payload) as JwtClaims;
  checkTimes(claims, options);
  return claims;
}

function checkTimes(claims: JwtClaims, options: VerifyOptions): void {
  for (const name of ['exp', 'nbf'] as const) {
    if (claims[name] !== undefined && typeof claims[name] !== 'number')
      throw new JwtError('malformed', `"${name}" must be a NumericDate (seconds since the epoch)`);
  }
  const now = (options.now ?? Date.now)() / 1000;
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  // RFC 7519, section 4.1.4: valid only before exp; section 4.1.5: valid from nbf on.
  if (claims.exp !== undefined && now >= claims.exp + skew) throw new JwtError('expired', 'the token has expired');
  if (claims.nbf !== undefined && now < claims.nbf - skew) throw new JwtError('not-yet-valid', 'the token is not valid yet');
}

function requireStrongKey(key: Uint8Array): void {
  if (key.byteLength < MIN_KEY_BYTES)
    throw new JwtError('weak-key', `an HS256 key needs at least ${MIN_KEY_BYTES} bytes (RFC 7518, section 3.2)`);
}

function hmacSha256(signingInput: string, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(signingInput).digest();
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeObject(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed', 'a JWT part is not base64url-encoded JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new JwtError('malformed', 'a JWT header and payload are JSON objects');
  return value as Record<string, unknown>;
}
