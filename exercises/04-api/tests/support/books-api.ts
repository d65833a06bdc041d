// Serves the learner's books API on a real node:http server, plus the few steps the
// tests share: creating a book, checking a problem details answer, following links.
import type { RequestListener, ServerResponse } from 'node:http';
import { expect } from 'vitest';
import { explain, jsonOf, send, serve, type Exchange } from '../../../../runner/kit/http.js';
import type { Random } from '../../../../runner/kit/random.js';
import { createBooksApi } from '../../src/api.js';

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
  res.end(`${ESCAPED} ${String(error)}`);
}
