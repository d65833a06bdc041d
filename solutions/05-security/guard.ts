// Task 3: an authorisation guard for bearer tokens (RFC 6750, section 3; RFC 9110, section 11).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { JwtError, verifyJwt, type JwtClaims } from './jwt.js';

export interface GuardOptions {
  /** The HS256 key the tokens are signed with. */
  key: Uint8Array;
  /** The role a token's `roles` claim must contain. */
  role: string;
  /** Names the protected area in the `WWW-Authenticate` challenge. */
  realm: string;
  /** The clock, in milliseconds since the epoch (as Date.now). */
  now?: () => number;
}

export type ProtectedHandler = (req: IncomingMessage, res: ServerResponse, claims: JwtClaims) => void | Promise<void>;

/** Wraps a handler so that it runs only for a valid bearer token whose `roles` include the role. */
export function requireRole(options: GuardOptions, handler: ProtectedHandler): RequestListener {
  return (req, res) => {
    const token = bearerToken(req.headers.authorization);
    // RFC 6750, section 3.1: no credentials at all get a bare challenge, without an error code.
    if (token === undefined) return refuse(res, 401, `Bearer realm="${options.realm}"`, 'authentication required');
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, options.key, { now: options.now });
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
      return refuse(res, 401, `Bearer realm="${options.realm}", error="invalid_token"`, 'invalid_token');
    }
    // Who you are is known; what you may do is not enough: 403, and asking again will not help.
    if (!hasRole(claims, options.role))
      return refuse(res, 403, `Bearer realm="${options.realm}", error="insufficient_scope"`, 'insufficient_scope');
    return handler(req, res, claims);
  };
}

// The auth scheme is case-insensitive (RFC 9110, section 11.1); anything but Bearer counts as no token.
function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}

function hasRole(claims: JwtClaims, role: string): boolean {
  return Array.isArray(claims.roles) && claims.roles.includes(role);
}

function refuse(res: ServerResponse, status: 401 | 403, challenge: string, error: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'www-authenticate': challenge });
  res.end(JSON.stringify({ error }));
}
