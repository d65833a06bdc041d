// Serves the learner's books API on a real node:http server, plus the few steps the
// tests share: creating a book, checking a problem details answer, following links.
import { request, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { expect } from 'vitest';
import { explain, jsonOf, ResponseHeaders, send, serve, type Exchange } from '../../../../runner/kit/http.js';
import type { Random } from '../../../../runner/kit/random.js';
import { createBooksApi } from '../../src/api.js';
import { thrownAt } from '../../../../runner/kit/where.js';

export const JSON_TYPE = 'application/json';
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';
export const PROBLEM_TYPE = 'application/problem+json';

const ESCAPED =
  '(test harness) an exception escaped the request listener, so the API never answered. In production this crashes the process or leaves the client hanging: catch it and answer with problem details. The exception:';

/** What a book looks like on the wire. */
export interface BookJson {
  id: string;
  title: string;
  author?: string;
  isbn?: string;
  labels?: Record<string, string>;
}

/** Starts a fresh API (with no books) on an ephemeral port; it closes when the test ends. */
export async function startApi(): Promise<string> {
  const { url } = await serve(catchEscapes(createBooksApi()));
  return url;
}

/** A book's writable fields, random so that no answer can be hard-coded. */
export function randomBook(rng: Random): { title: string; author: string } {
  const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  return { title: `${cap(rng.word(rng.int(4, 8)))} ${rng.word(rng.int(3, 7))}`, author: `${cap(rng.word(5))} ${cap(rng.word(7))}` };
}

export function randomIsbn(rng: Random): string {
  return `978${Array.from({ length: 10 }, () => rng.int(0, 9)).join('')}`;
}

export interface Created {
  exchange: Exchange;
  book: BookJson;
  /** The Location header resolved against the request, as a path such as /books/abc. */
  path: string;
  etag: string | null;
}

/** POSTs a book that the test needs as a starting point, failing clearly if that already goes wrong. */
export async function createBook(url: string, fields: object, rng: Random, headers: Record<string, string> = {}): Promise<Created> {
  const exchange = await send(url, 'POST', '/books', { body: fields, headers });
  expect(exchange.status, rng.tag(explain(exchange, 'setting up this test: POST /books with a valid book must answer 201 Created (task 1)'))).toBe(201);
  const location = exchange.headers.get('location');
  expect(location, rng.tag(explain(exchange, 'setting up this test: a 201 must carry a Location header naming the new book (task 1)'))).not.toBeNull();
  const book = jsonOf(exchange) as BookJson;
  return { exchange, book, path: new URL(location ?? '', exchange.url).pathname, etag: exchange.headers.get('etag') };
}

/** Creates `count` books one after another (their creation order is the list order). */
export async function createBooks(url: string, count: number, rng: Random): Promise<BookJson[]> {
  const books: BookJson[] = [];
  for (let index = 0; index < count; index++) books.push((await createBook(url, randomBook(rng), rng)).book);
  return books;
}

/** Creates `count` books in batches sent at once: faster, for tests that do not care about their order. */
export async function createManyBooks(url: string, count: number, rng: Random): Promise<void> {
  for (let done = 0; done < count; done += 25) {
    const batch = Array.from({ length: Math.min(25, count - done) }, () => randomBook(rng));
    await Promise.all(batch.map((fields) => createBook(url, fields, rng)));
  }
}

/** GETs a book and returns its ETag, failing clearly when the GET itself fails. */
export async function currentEtag(url: string, path: string, rng: Random): Promise<string> {
  const res = await send(url, 'GET', path);
  expect(res.status, rng.tag(explain(res, 'setting up this test: GET on a book that exists must answer 200 (task 1)'))).toBe(200);
  const etag = res.headers.get('etag');
  expect(etag, rng.tag(explain(res, 'a GET on a book must carry an ETag header (RFC 9110, section 8.8.3)'))).not.toBeNull();
  return etag ?? '';
}

/**
 * The status phrases of RFC 9110, section 15, for the codes this API answers; the second
 * name, where there is one, is the older phrase that node:http still uses.
 */
const STATUS_PHRASES: Record<number, string[]> = {
  400: ['Bad Request'],
  404: ['Not Found'],
  405: ['Method Not Allowed'],
  409: ['Conflict'],
  412: ['Precondition Failed'],
  413: ['Content Too Large', 'Payload Too Large'],
  415: ['Unsupported Media Type'],
  422: ['Unprocessable Content', 'Unprocessable Entity'],
  500: ['Internal Server Error'],
};

export interface ProblemJson {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  detail?: unknown;
  errors?: unknown;
}

/** Checks that an answer is an RFC 9457 problem details document with the given status. */
export function expectProblem(res: Exchange, status: number, why: string, tag: (text: string) => string = (text) => text): ProblemJson {
  expect(res.status, tag(explain(res, why))).toBe(status);
  const type = res.headers.get('content-type') ?? '';
  expect(type.split(';')[0]?.trim().toLowerCase(), tag(explain(res, `an error answers with problem details, sent as ${PROBLEM_TYPE} so a client can tell an error from data (RFC 9457, section 3)`))).toBe(PROBLEM_TYPE);
  const problem = jsonOf(res) as ProblemJson;
  expect(typeof problem === 'object' && problem !== null && !Array.isArray(problem), tag(explain(res, 'problem details are a JSON object (RFC 9457, section 3)'))).toBe(true);
  expect(typeof problem.title, tag(explain(res, 'a problem has a "title": a short, human-readable summary such as "Not Found" (RFC 9457, section 3.1.3)'))).toBe('string');
  expect(problem.status, tag(explain(res, 'the "status" member repeats the HTTP status code, so the problem still makes sense when it is logged or forwarded (RFC 9457, section 3.1.2)'))).toBe(res.status);
  if (problem.type !== undefined) {
    expect(typeof problem.type, tag(explain(res, 'the "type" member is a URI reference as a string; leave it out (or use "about:blank") when the status code says it all (RFC 9457, section 3.1.1)'))).toBe('string');
  }
  const phrases = STATUS_PHRASES[res.status];
  if ((problem.type === undefined || problem.type === 'about:blank') && phrases !== undefined) {
    expect(phrases, tag(explain(res, `a problem of type "about:blank" (or with no type) means no more than its status code, so its "title" is the status phrase, "${phrases[0]}"; a problem that needs its own title gets its own "type" URI (RFC 9457, sections 3.1.1 and 4.2.1)`))).toContain(problem.title);
  }
  return problem;
}

export interface Link {
  target: string;
  rels: string[];
}

/** Parses an RFC 8288 Link header: `<uri>; rel="next", <uri>; rel=prev`. */
export function parseLinks(header: string | null): Link[] {
  if (header === null) return [];
  const links: Link[] = [];
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i.exec(match[2] ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter((name) => name !== '');
    links.push({ target: match[1] ?? '', rels });
  }
  return links;
}

/** The absolute URL of the rel="next" link of an answer, or undefined when there is none. */
export function nextOf(res: Exchange): string | undefined {
  const next = parseLinks(res.headers.get('link')).find((link) => link.rels.includes('next'));
  // A relative target is resolved against the request's URL (RFC 8288, section 3.1).
  return next === undefined ? undefined : new URL(next.target, res.url).href;
}

/** The `items` of a list answer, failing clearly when the body has another shape. */
export function itemsOf(res: Exchange, tag: (text: string) => string): BookJson[] {
  const body = jsonOf(res) as { items?: unknown };
  expect(Array.isArray(body?.items), tag(explain(res, 'GET /books answers a JSON object whose "items" member is the array of books on this page'))).toBe(true);
  return body.items as BookJson[];
}

/** Follows rel="next" links from `first`, returning every page; stops after `maxPages`. */
export async function walkPages(first: string, maxPages: number, tag: (text: string) => string): Promise<Exchange[]> {
  const pages: Exchange[] = [];
  let next: string | undefined = first;
  while (next !== undefined && pages.length < maxPages) {
    const page: Exchange = await send('', 'GET', next);
    expect(page.status, tag(explain(page, 'every page reached by following a rel="next" link must answer 200'))).toBe(200);
    pages.push(page);
    next = nextOf(page);
  }
  return pages;
}

export interface WatchedApi {
  url: string;
  /** Resolves once `count` requests in all have reached the API's request listener. */
  arrived: (count: number) => Promise<void>;
}

/** Starts a fresh API, like startApi, that also tells the test when requests have reached it. */
export async function startWatchedApi(): Promise<WatchedApi> {
  const api = catchEscapes(createBooksApi());
  let seen = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  const { url } = await serve((req, res) => {
    api(req, res);
    seen += 1;
    for (const waiter of waiting.filter(({ count }) => count <= seen)) waiter.resolve();
  });
  const arrived = (count: number) =>
    new Promise<void>((resolve) => {
      if (seen >= count) resolve();
      else waiting.push({ count, resolve });
    });
  return { url, arrived };
}

export interface HeldRequest {
  /** Sends the body: until then the API has the request's headers and waits for the rest. */
  release: () => void;
  exchange: Promise<Exchange>;
}

/**
 * Sends a request's headers at once and its body only on release(): two requests held
 * like this are both in the middle of being handled, as when a double click sends them
 * at the same moment.
 */
export function sendHeld(base: string, method: string, path: string, options: { headers: Record<string, string>; body: string }): HeldRequest {
  const url = base + path;
  const requestHeaders = { ...options.headers };
  const sent = { ...requestHeaders, 'content-length': String(Buffer.byteLength(options.body)) };
  let answered = false;
  const req = request(url, { method, headers: sent, agent: false });
  const exchange = new Promise<Exchange>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        answered = true;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ method, url, requestHeaders, requestBody: options.body, status: res.statusCode ?? 0, headers: new ResponseHeaders(res.rawHeaders), text });
      });
    });
    // An API may answer before it has read the body (409: in progress) and close the connection.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
  });
  req.flushHeaders();
  return { release: () => req.end(options.body), exchange };
}

export interface ReadWatchedApi {
  url: string;
  /**
   * Resolves once `bytes` bytes of the request body have arrived and the API has taken
   * them out of the request stream, so that what is sent next reaches it as a chunk of
   * its own. Gives up after a few thousand turns of the event loop (never a timer).
   */
  taken: (bytes: number) => Promise<void>;
}

/** Starts a fresh API, like startApi, that also tells the test how much of a body the API has read. */
export async function startReadWatchedApi(): Promise<ReadWatchedApi> {
  const api = catchEscapes(createBooksApi());
  let current: IncomingMessage | undefined;
  let received = 0;
  const { url } = await serve((req, res) => {
    current = req;
    received = 0;
    // node:http hands each piece of the body to the request stream with push().
    const push = req.push.bind(req);
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (Buffer.isBuffer(chunk)) received += chunk.length;
      return push(chunk, encoding);
    };
    api(req, res);
  });
  const taken = async (bytes: number) => {
    for (let turn = 0; turn < 5000; turn++) {
      if (current !== undefined && received >= bytes && current.readableLength === 0) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  return { url, taken };
}

export interface ChunkedRequest {
  headers: Record<string, string>;
  /** Sent one write each, with Transfer-Encoding: chunked and no Content-Length. */
  chunks: Buffer[];
  /** Awaited before each chunk after the first. */
  before?: (index: number) => Promise<void>;
  /** The body as a failure message shows it. */
  shown: string;
}

/**
 * Sends a body in chunks, as a client that streams it does: no Content-Length, so the
 * API learns its size only by reading it. Stops sending once the API has answered.
 */
export async function sendChunked(base: string, method: string, path: string, options: ChunkedRequest): Promise<Exchange> {
  const url = base + path;
  const req = request(url, { method, headers: options.headers, agent: false });
  let answered = false;
  let failed = false;
  let wake = (): void => {};
  const exchange = new Promise<Exchange>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      wake();
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ method, url, requestHeaders: options.headers, requestBody: options.shown, status: res.statusCode ?? 0, headers: new ResponseHeaders(res.rawHeaders), text });
      });
    });
    // An API that refuses a body before the whole of it has arrived may close the connection meanwhile.
    req.on('error', (error) => {
      failed = true;
      wake();
      if (!answered) reject(error);
    });
  });
  req.on('drain', () => wake());
  for (const [index, chunk] of options.chunks.entries()) {
    if (answered || failed) break;
    if (index > 0) await options.before?.(index);
    if (!req.write(chunk)) await new Promise<void>((resolve) => (wake = resolve));
  }
  if (!answered && !failed) req.end();
  try {
    return await exchange;
  } finally {
    req.destroy();
  }
}

/** Answers a request whose listener threw (or rejected) itself, so the test shows why instead of timing out. */
function catchEscapes(listener: RequestListener): RequestListener {
  return (req, res) => {
    const fail = (error: unknown): void => answerEscape(res, error);
    try {
      const result = listener(req, res) as unknown;
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

function answerEscape(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${ESCAPED} ${String(error)}${thrownAt(error)}`);
}
