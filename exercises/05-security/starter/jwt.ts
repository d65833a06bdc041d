// Task 2: JSON Web Tokens signed with HS256 (RFC 7519, RFC 7515, RFC 7518).
// Use node:crypto only (createHmac, timingSafeEqual); see the README, section 2.

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

/** Signs the claims as a compact HS256 JWT: base64url(header).base64url(claims).base64url(signature). */
export function signJwt(claims: JwtClaims, key: Uint8Array): string {
  throw new Error('TODO: task 2 — sign the claims as an HS256 JWT');
}

/** Returns the claims of a valid token; throws a JwtError saying why otherwise. */
export function verifyJwt(token: string, key: Uint8Array, options?: VerifyOptions): JwtClaims {
  throw new Error('TODO: task 2 — check the algorithm, the signature, exp and nbf, then return the claims');
}
