// Request logging: every request gets an id, every line logged while serving it
// carries that id, and one line sums the request up when its response is sent.
// The id travels in an AsyncLocalStorage (node:async_hooks), which follows the request
// through every `await` and never leaks into another request served at the same time.
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

/** The id of the request being served, or undefined outside any request. */
export function currentRequestId(): string | undefined {
  throw new Error('TODO: task 3 — write currentRequestId(): the id kept in your AsyncLocalStorage, if any');
}

/** A logger mixin: `createLogger({ destination, mixin: requestFields })`. */
export function requestFields(): Fields {
  throw new Error('TODO: task 3 — write requestFields(): { reqId } inside a request, {} outside');
}

/** The client's id when it is sane, else a fresh one: a header is input, not truth. */
export function requestIdFrom(header: string | string[] | undefined): string {
  void header;
  throw new Error('TODO: task 3 — write requestIdFrom(): the header when SAFE_REQUEST_ID accepts it, else crypto.randomUUID()');
}

export function withRequestLogging(handler: RequestHandler, options: RequestLoggingOptions): (req: IncomingMessage, res: ServerResponse) => void {
  void handler;
  void options;
  throw new Error('TODO: task 3 — write withRequestLogging(): an id per request, kept through awaits, and a "request completed" line');
}
