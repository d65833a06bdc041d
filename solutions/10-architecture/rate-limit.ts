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

interface Bucket {
  tokens: number;
  updatedAt: number;
}

// Floating-point sums drift (0.1 + 0.2 is not 0.3): rounding to a millionth of a token
// makes a bucket refilled for exactly one token's time hold exactly one token.
const round = (tokens: number): number => Math.round(tokens * 1e6) / 1e6;

export function createRateLimiter({ capacity, refillPerSecond, now = () => performance.now() }: BucketOptions): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const time = now();
      // A client never seen before starts with a full bucket.
      const bucket = buckets.get(key) ?? { tokens: capacity, updatedAt: time };
      const refilled = ((time - bucket.updatedAt) * refillPerSecond) / 1000;
      bucket.tokens = round(Math.min(capacity, bucket.tokens + refilled));
      bucket.updatedAt = time;
      buckets.set(key, bucket);
      // A refused request takes nothing: a client that keeps knocking must not
      // push its own recovery further away.
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens = round(bucket.tokens - 1);
      const remaining = Math.floor(bucket.tokens);
      const resetSeconds = Math.ceil((remaining + 1 - bucket.tokens) / refillPerSecond);
      return { allowed, remaining, resetSeconds };
    },
  };
}

export function rateLimit(options: RateLimitOptions, handler: RequestListener): RequestListener {
  const limiter = createRateLimiter(options);
  const keyOf = options.keyOf ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
  // A full bucket refills in capacity / rate seconds: "capacity requests per that window".
  const window = Math.ceil(options.capacity / options.refillPerSecond);
  const policy = `"${POLICY_NAME}";q=${options.capacity};w=${window}`;
  return (req, res) => {
    const { allowed, remaining, resetSeconds } = limiter.take(keyOf(req));
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `"${POLICY_NAME}";r=${remaining};t=${resetSeconds}`);
    if (allowed) {
      handler(req, res);
      return;
    }
    const body = JSON.stringify({
      type: QUOTA_EXCEEDED_TYPE,
      title: 'Too Many Requests',
      status: 429,
      detail: `Request quota exceeded; try again in ${resetSeconds} s.`,
      'violated-policies': [POLICY_NAME],
    });
    res.writeHead(429, {
      'Retry-After': String(resetSeconds),
      'Content-Type': 'application/problem+json',
      'Content-Length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  };
}
