// Request logging: every request gets an id, every line logged while serving it
// carries that id, and one line sums the request up when its response is sent.
// The id travels in an AsyncLocalStorage, which follows the request through every
// `await` and never leaks into another request served at the same time.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fields, Logger } from './logger.js';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An id we accept from a client: short, and made of characters that are safe in any log. */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RequestLoggingOptions {
  logger: Logger;
  /** Milliseconds; Date.now when absent. */
  clock?: () => number;
}

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the request being served, or undefined outside any request. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A logger mixin: `createLogger({ destination, mixin: requestFields })`. */
export function requestFields(): Fields {
  const requestId = currentRequestId();
  return requestId === undefined ? {} : { reqId: requestId };
}

/** The client's id when it is sane, else a fresh one: a header is input, not truth. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

export function withRequestLogging(handler: RequestHandler, options: RequestLoggingOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger } = options;
  const clock = options.clock ?? Date.now;
  return (req, res) => {
    const started = clock();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.once('finish', () => logCompleted(logger, requestId, req, res, clock() - started));
    // Everything the handler does, and everything it awaits, runs inside this context.
    void storage.run({ requestId }, async () => {
      try {
        await handler(req, res);
      } catch (error) {
        logger.error({ err: error }, 'request failed');
        answerFailure(res);
      }
    });
  };
}

function logCompleted(logger: Logger, requestId: string, req: IncomingMessage, res: ServerResponse, responseTime: number): void {
  const status = res.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  // The path without the query: a query string can carry a token.
  const path = (req.url ?? '/').split('?')[0];
  logger[level]({ reqId: requestId, req: { method: req.method, path }, res: { statusCode: status }, responseTime }, 'request completed');
}

function answerFailure(res: ServerResponse): void {
  if (res.headersSent) {
    // Too late for a 500: cutting the connection is the only honest answer left.
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: 'internal server error' }));
}
