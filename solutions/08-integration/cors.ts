// CORS: which other origins may read this API's responses from a browser, and with
// what. The browser enforces it; the server only states the policy, per request.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

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
  const allowed = new Set(policy.origins);
  return (req, res) => {
    // Every answer depends on Origin, even one to a request without it: tell caches so.
    addVary(res, 'Origin');
    const origin = req.headers.origin;
    const granted = origin !== undefined && allowed.has(origin);
    if (isPreflight(req)) {
      if (granted) grantPreflight(policy, origin, res);
      // A preflight is answered here; it never reaches the application's routes.
      res.statusCode = 204;
      res.end();
      return;
    }
    if (granted) grantRequest(policy, origin, res);
    next(req, res);
  };
}

/** A CORS-preflight request: OPTIONS with Origin and Access-Control-Request-Method (Fetch). */
function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
}

function grantPreflight(policy: CorsPolicy, origin: string, res: ServerResponse): void {
  grantOrigin(policy, origin, res);
  // The whole allow-list, not the requested values echoed back: the browser compares.
  res.setHeader('Access-Control-Allow-Methods', policy.methods.join(', '));
  if (policy.headers.length > 0) res.setHeader('Access-Control-Allow-Headers', policy.headers.join(', '));
  res.setHeader('Access-Control-Max-Age', String(policy.maxAgeSeconds));
}

function grantRequest(policy: CorsPolicy, origin: string, res: ServerResponse): void {
  grantOrigin(policy, origin, res);
  if (policy.exposeHeaders.length > 0) res.setHeader('Access-Control-Expose-Headers', policy.exposeHeaders.join(', '));
}

function grantOrigin(policy: CorsPolicy, origin: string, res: ServerResponse): void {
  // The one matching origin, never '*': '*' is refused by browsers when credentials are on.
  res.setHeader('Access-Control-Allow-Origin', origin);
  if (policy.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
}

function addVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('Vary');
  const fields = current === undefined ? [] : String(current).split(',').map((name) => name.trim()).filter(Boolean);
  if (fields.some((name) => name === '*' || name.toLowerCase() === field.toLowerCase())) return;
  res.setHeader('Vary', [...fields, field].join(', '));
}
