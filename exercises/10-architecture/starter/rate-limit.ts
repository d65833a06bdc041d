// A token-bucket rate limiter in front of any node:http handler: one bucket per client,
// 429 with Retry-After once a client's bucket is empty, and the RateLimit fields of the
// IETF draft on every answer, so that a polite client can slow down before it is
// refused. README.md, task 1.
import type { IncomingMessage, RequestListener } from 'node:http';

export interface BucketOptions {
  /** The most tokens a bucket holds: the largest burst one client may send at once. */
  capacity: number;
  /** Tokens added to a bucket per second, continuously (0.5 is one every two seconds). */
  refillPerSecond: number;
  /** The clock, in milliseconds; performance.now (monotonic) when left out. */
  now?: () => number;
}

export interface Decision {
  /** Whether a token was taken: the request may go on. */
  allowed: boolean;
  /** Whole tokens left in the bucket after this request. */
  remaining: number;
  /** Whole seconds, rounded up, until the bucket holds one more whole token than `remaining`. */
  resetSeconds: number;
}

export interface RateLimiter {
  /** Takes one token from the bucket of `key` if it holds one. */
  take(key: string): Decision;
}

export interface RateLimitOptions extends BucketOptions {
  /** Names the client a request comes from; the socket's remote address when left out. */
  keyOf?: (req: IncomingMessage) => string;
}

/** The name of the one quota policy this limiter advertises. */
export const POLICY_NAME = 'default';
/** The problem type the ratelimit-headers draft registers for a client over its quota. */
export const QUOTA_EXCEEDED_TYPE = 'https://iana.org/assignments/http-problem-types#quota-exceeded';

export function createRateLimiter(options: BucketOptions): RateLimiter {
  // Keep a Map from client key to { tokens, updatedAt } here; take() refills, then takes.
  throw new Error('TODO: task 1 — return a limiter whose take(key) refills the bucket of that key and takes one token if it holds one');
}

export function rateLimit(options: RateLimitOptions, handler: RequestListener): RequestListener {
  throw new Error('TODO: task 1 — return a listener that sets RateLimit-Policy and RateLimit, calls the handler when a token is taken, and answers 429 with Retry-After otherwise');
}
