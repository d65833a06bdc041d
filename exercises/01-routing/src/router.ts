// A small HTTP router: it maps a method and a path to a handler, and answers every
// request itself — 400, 404, 405 and 500 included — so that a handler only ever
// deals with requests it was written for. README.md walks through it task by task.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

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
  /** Registers a handler for one method and one path pattern, such as '/games/:id'. */
  on(method: Method, pattern: string, handler: Handler): void;
  /** Answers one request; it never rejects, whatever a handler does. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function createRouter(): Router {
  // Keep the routes in a list here; on() adds one, handle() looks for a match.
  throw new Error('TODO: task 1 — return a router whose on() remembers routes and whose handle() calls the one matching method and path');
}
