// Task 3: an authorisation guard for bearer tokens (RFC 6750, section 3).
// It verifies tokens with your verifyJwt from task 2; see the README, section 3.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { JwtClaims } from './jwt.js';

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
  throw new Error('TODO: task 3 — answer 401 or 403 with WWW-Authenticate, or call the handler with the claims');
}
