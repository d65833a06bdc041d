// CORS: which other origins may read this API's responses from a browser, and with
// what. The browser enforces it; the server only states the policy, per request.
// README.md, task 1, lists the rules the tests hold you to.
import type { RequestListener } from 'node:http';

export interface CorsPolicy {
  /** Exact origins allowed to read responses, e.g. 'https://app.example.com'. Never '*'. */
  readonly origins: readonly string[];
  /** Whether the browser may send cookies or HTTP authentication with cross-origin requests. */
  readonly credentials: boolean;
  /** Methods a preflight may be granted, e.g. ['GET', 'POST', 'DELETE']. */
  readonly methods: readonly string[];
  /** Request headers a preflight may be granted, e.g. ['Content-Type', 'Authorization']. */
  readonly headers: readonly string[];
  /** Response headers the front end's script may read beyond the safelisted ones, e.g. ['Location']. */
  readonly exposeHeaders: readonly string[];
  /** How long the browser may cache a preflight answer, in seconds. */
  readonly maxAgeSeconds: number;
}

/** Wraps a request listener so that its responses follow the CORS policy. */
export function withCors(policy: CorsPolicy, next: RequestListener): RequestListener {
  void policy;
  void next;
  throw new Error('TODO: task 1 — return a listener that answers preflights itself (204) and adds the CORS headers an allowed origin is granted before calling next');
}
