// A small HTTP router: it maps a method and a path to a handler, and answers every
// request itself — 400, 404, 405 and 500 included — so that a handler only ever
// deals with requests it was written for.
import { validateHeaderName, validateHeaderValue, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest {
  /** The request method as received (a HEAD request served by a GET route says 'HEAD'). */
  method: string;
  /** The path as received, still percent-encoded, without the query string. */
  path: string;
  /** Path parameters by name, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface Reply {
  /** Defaults to 200. */
  status?: number;
  headers?: Record<string, string>;
  /** undefined: no body; anything else is sent as JSON. */
  body?: unknown;
}

export type Handler = (request: RouteRequest) => Reply | Promise<Reply>;

export interface Router {
  on(method: Method, pattern: string, handler: Handler): void;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

type Segment = { kind: 'static'; text: string } | { kind: 'param'; name: string };

interface Route {
  method: Method;
  segments: Segment[];
  handler: Handler;
}

interface Match {
  route: Route;
  params: Record<string, string>;
}

/** A reply turned into what goes on the wire. */
interface Prepared {
  status: number;
  headers: Record<string, string>;
  payload: Buffer | undefined;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const BAD_REQUEST: Reply = { status: 400, body: { error: 'malformed percent-encoding in the path' } };
const NOT_FOUND: Reply = { status: 404, body: { error: 'not found' } };
const INTERNAL_ERROR: Reply = { status: 500, body: { error: 'internal server error' } };
// The order the Allow header lists methods in; any order is valid, a fixed one is readable.
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function createRouter(): Router {
  const routes: Route[] = [];
  return {
    on(method, pattern, handler) {
      routes.push({ method, segments: parsePattern(pattern), handler });
    },
    async handle(req, res) {
      const prepared = await respond(routes, req);
      writeResponse(res, req.method === 'HEAD', prepared);
    },
  };
}

function parsePattern(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) throw new Error(`a route pattern starts with "/": ${pattern}`);
  return pattern
    .slice(1)
    .split('/')
    .map((part) => (part.startsWith(':') ? { kind: 'param', name: part.slice(1) } : { kind: 'static', text: part }));
}

async function respond(routes: readonly Route[], req: IncomingMessage): Promise<Prepared> {
  const method = req.method ?? 'GET';
  const { path, query } = splitTarget(req.url ?? '/');
  const segments = decodeSegments(path);
  if (segments === undefined) return prepare(BAD_REQUEST);

  const matches = findMatches(routes, segments);
  if (matches.length === 0) return prepare(NOT_FOUND);

  // RFC 9110 §9.3.2: HEAD is GET without the content, so a GET route serves it.
  const wanted = method === 'HEAD' ? 'GET' : method;
  const best = matches.filter((match) => match.route.method === wanted).sort(bySpecificity)[0];
  if (best === undefined) return prepare(methodNotAllowed(matches));

  try {
    const reply = await best.route.handler({ method, path, params: best.params, query, headers: req.headers });
    // Inside the try: a body JSON cannot represent (a BigInt, a cycle) is a server error too.
    return prepare(reply);
  } catch (error) {
    // The details go to the server's log; the client learns only that it failed (OWASP).
    console.error(`${method} ${path} failed:`, error);
    return prepare(INTERNAL_ERROR);
  }
}

/** Splits a request target at the first "?": the query never takes part in matching. */
function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const mark = target.indexOf('?');
  if (mark === -1) return { path: target, query: new URLSearchParams() };
  return { path: target.slice(0, mark), query: new URLSearchParams(target.slice(mark + 1)) };
}

/**
 * Splits first and decodes second (RFC 3986 §2.4), so that "%2F" inside a segment
 * stays part of that segment. Returns undefined when a "%" escape is malformed.
 */
function decodeSegments(path: string): string[] | undefined {
  try {
    return path.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function findMatches(routes: readonly Route[], segments: readonly string[]): Match[] {
  const matches: Match[] = [];
  for (const route of routes) {
    const params = matchSegments(route.segments, segments);
    if (params !== undefined) matches.push({ route, params });
  }
  return matches;
}

/** The parameters when every segment matches; a parameter never matches an empty segment. */
function matchSegments(pattern: readonly Segment[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] as string;
    if (part.kind === 'static' && part.text !== segment) return undefined;
    if (part.kind === 'param') {
      if (segment === '') return undefined;
      params[part.name] = segment;
    }
  }
  return params;
}

/** The more specific route first: at the first segment where they differ, static beats a parameter. */
function bySpecificity(a: Match, b: Match): number {
  for (const [index, part] of a.route.segments.entries()) {
    const other = b.route.segments[index];
    if (other !== undefined && part.kind !== other.kind) return part.kind === 'static' ? -1 : 1;
  }
  return 0;
}

/** RFC 9110 §15.5.6: a 405 must say, in Allow, which methods the path does support. */
function methodNotAllowed(matches: readonly Match[]): Reply {
  const methods = new Set<string>(matches.map((match) => match.route.method));
  if (methods.has('GET')) methods.add('HEAD');
  const allow = METHOD_ORDER.filter((method) => methods.has(method)).join(', ');
  return { status: 405, headers: { allow }, body: { error: 'method not allowed' } };
}

/** Serialises the body once, so that GET and HEAD declare the same content-length. */
function prepare(reply: Reply): Prepared {
  checkHeaders(reply.headers);
  const status = reply.status ?? 200;
  if (reply.body === undefined) return { status, headers: { ...reply.headers }, payload: undefined };
  const payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
  const headers = { 'content-type': JSON_TYPE, ...reply.headers, 'content-length': String(payload.byteLength) };
  return { status, headers, payload };
}

/**
 * Throws, as res.setHeader() would, on a header node:http refuses to send: here, inside the
 * handler's try, that is a 500, not a rejected handle() (RFC 9110 §5.5: no line breaks).
 */
function checkHeaders(headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  }
}

function writeResponse(res: ServerResponse, isHead: boolean, prepared: Prepared): void {
  res.statusCode = prepared.status;
  for (const [name, value] of Object.entries(prepared.headers)) res.setHeader(name, value);
  // RFC 9110 §9.3.2: a HEAD response carries the GET headers and no content.
  res.end(isHead ? undefined : prepared.payload);
}
