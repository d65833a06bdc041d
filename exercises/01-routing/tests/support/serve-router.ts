// Serves a learner's router on a real node:http server, and watches each response
// from the inside: node:http silently drops a body written for HEAD, so the only
// way to see one is to count the bytes the router hands to res.write()/res.end().
import type { IncomingMessage, ServerResponse } from 'node:http';
import { explain, jsonOf, serve, type Exchange } from '../../../../runner/kit/http.js';
import type { Router } from '../../src/router.js';
import { thrownAt } from '../../../../runner/kit/where.js';

/** What the router did with one request, seen from inside the server. */
export interface Served {
  method: string;
  url: string;
  /** Body bytes the router passed to res.write() and res.end(), whether or not Node sent them. */
  bodyBytes: number;
  /** What router.handle() rejected with, if it did. */
  rejection?: unknown;
}

export interface RouterServer {
  url: string;
  /** One entry per request, in arrival order. */
  served: Served[];
}

// Not a real HTTP status: a request the router left unanswered must not look like
// any answer it could have given, least of all a 500.
export const UNANSWERED_STATUS = 599;
const servers: RouterServer[] = [];
const CUT_SHORT =
  'the body is cut short, so it is not valid JSON: content-length must count bytes, not characters (RFC 9110, section 8.6). In UTF-8 "ü" takes 2 bytes, but a string\'s .length counts it once; use Buffer.byteLength()';
const HANDLE_REJECTED =
  '(test harness) router.handle(req, res) rejected, so nobody answered this request. handle() must catch whatever a handler throws and answer 500 itself:';

export async function serveRouter(router: Router): Promise<RouterServer> {
  const served: Served[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const entry: Served = { method: req.method ?? '', url: req.url ?? '', bodyBytes: 0 };
    served.push(entry);
    countBodyBytes(res, (bytes) => {
      // The harness's own answer to a rejection is not the router's body.
      if (entry.rejection === undefined) entry.bodyBytes += bytes;
    });
    router.handle(req, res).catch((error: unknown) => {
      entry.rejection = error;
      answerUnanswered(res, error);
    });
  };
  const { url } = await serve(listener);
  const server = { url, served };
  servers.push(server);
  return server;
}

/**
 * The response body as JSON. When it does not parse because the router declared
 * fewer bytes than it wrote, says so: the client stops reading at content-length.
 */
export function jsonBody(exchange: Exchange): unknown {
  // Ports are reused across tests: the newest server on this address is the one that answered.
  const entry = servers.findLast((server) => exchange.url.startsWith(`${server.url}/`))?.served.at(-1);
  const declared = Number(exchange.headers.get('content-length') ?? Number.NaN);
  if (entry === undefined || !(declared < entry.bodyBytes)) return jsonOf(exchange);
  try {
    return JSON.parse(exchange.text);
  } catch {
    throw new Error(explain(exchange, `${CUT_SHORT} (content-length: ${declared}, bytes the router wrote: ${entry.bodyBytes})`));
  }
}

/** The last request the server saw (the tests send one at a time). */
export function lastServed(server: RouterServer): Served {
  const entry = server.served.at(-1);
  if (entry === undefined) throw new Error('(test harness) the server saw no request at all');
  return entry;
}

function countBodyBytes(res: ServerResponse, add: (bytes: number) => void): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    add(byteLengthOf(chunk, rest[0]));
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    add(byteLengthOf(chunk, rest[0]));
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
}

function byteLengthOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

function answerUnanswered(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = UNANSWERED_STATUS;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`${HANDLE_REJECTED} ${String(error)}${thrownAt(error)}`);
}
