// The books API: /books and /books/:id over node:http. Every handler returns a
// Reply (or throws an HttpProblem); one place writes it, so every error, including
// a bug, leaves as application/problem+json and nothing escapes the listener.
import type { IncomingMessage, RequestListener } from 'node:http';
import { BookStore, validateBook, type Book, type StoredBook } from './books.js';
import { mediaTypeOf, parseJson, readText, requireMediaType } from './body.js';
import { etagOf, ifMatchPasses, ifNoneMatchHits } from './conditional.js';
import { fingerprintOf, IdempotencyStore } from './idempotency.js';
import { applyMergePatch } from './merge-patch.js';
import { decodeCursor, encodeCursor, nextLink, parseLimit } from './pagination.js';
import { HttpProblem, jsonReply, plainProblem, problemReply, writeReply, type Reply } from './reply.js';

const JSON_TYPE = 'application/json';
const MERGE_PATCH_TYPE = 'application/merge-patch+json';

interface Context {
  req: IncomingMessage;
  url: URL;
  books: BookStore;
  replays: IdempotencyStore;
}

type Handler = (context: Context, id: string) => Promise<Reply>;

const COLLECTION: Record<string, Handler> = { GET: listBooks, HEAD: listBooks, POST: createBook };
const ITEM: Record<string, Handler> = { GET: getBook, HEAD: getBook, PUT: oneAtATime(replaceBook), PATCH: oneAtATime(patchBook), DELETE: deleteBook };

export function createBooksApi(): RequestListener {
  const books = new BookStore();
  const replays = new IdempotencyStore();
  return (req, res) => {
    answer({ req, url: new URL(req.url ?? '/', 'http://localhost'), books, replays })
      .then((reply) => writeReply(res, reply))
      .catch((error: unknown) => {
        // Only writing itself can fail here; the client sees a dropped connection.
        console.error(error);
        res.destroy();
      });
  };
}

/** Routes one request and turns whatever happens into a reply; it never rejects. */
async function answer(context: Context): Promise<Reply> {
  try {
    const [handlers, id] = route(context.url.pathname);
    const handler = handlers[context.req.method ?? ''];
    if (handler === undefined) throw plainProblem(405, 'Method Not Allowed', undefined, { allow: Object.keys(handlers).join(', ') });
    return await handler(context, id);
  } catch (error) {
    if (error instanceof HttpProblem) return problemReply(error);
    console.error(error);
    return problemReply(plainProblem(500, 'Internal Server Error'));
  }
}

function route(path: string): [Record<string, Handler>, string] {
  if (path === '/books') return [COLLECTION, ''];
  const match = /^\/books\/([^/]+)$/.exec(path);
  const id = match?.[1] === undefined ? undefined : decodeSegment(match[1]);
  if (id !== undefined) return [ITEM, id];
  throw plainProblem(404, 'Not Found', `there is nothing at ${path}`);
}

/** A percent-decoded path segment; undefined for a broken escape such as "%E0%A4". */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

async function listBooks({ url, books }: Context): Promise<Reply> {
  const limit = parseLimit(url.searchParams.get('limit'));
  const page = books.page(decodeCursor(url.searchParams.get('cursor')), limit);
  const last = page.books.at(-1);
  const headers: Record<string, string> = page.more && last ? { link: nextLink('/books', limit, encodeCursor(last.position)) } : {};
  return jsonReply(200, { items: page.books.map((stored) => stored.book) }, headers);
}

async function createBook({ req, books, replays }: Context): Promise<Reply> {
  const key = headerOf(req, 'idempotency-key');
  const text = await readText(req);
  if (key === undefined) return insertBook(req, books, text);
  // Nothing awaits from here on: a second request with this key cannot slip in
  // between looking the key up and remembering the answer.
  const fingerprint = fingerprintOf(mediaTypeOf(req), text);
  const earlier = replays.replayFor(key, fingerprint);
  if (earlier !== undefined) return earlier;
  const reply = replyOrProblem(() => insertBook(req, books, text));
  // A server error may go away on a retry; everything else is the answer for this key.
  if (reply.status < 500) replays.remember(key, fingerprint, reply);
  return reply;
}

function insertBook(req: IncomingMessage, books: BookStore, text: string): Reply {
  requireMediaType(req, JSON_TYPE);
  const { book } = books.add(validateBook(parseJson(text)));
  return bookReply(201, book, { location: `/books/${encodeURIComponent(book.id)}` });
}

function replyOrProblem(handle: () => Reply): Reply {
  try {
    return handle();
  } catch (error) {
    if (error instanceof HttpProblem) return problemReply(error);
    throw error;
  }
}

async function getBook({ req, books }: Context, id: string): Promise<Reply> {
  const { book } = find(books, id);
  const etag = etagOfBook(book);
  if (ifNoneMatchHits(headerOf(req, 'if-none-match'), etag)) return { status: 304, headers: { etag } };
  return bookReply(200, book);
}

async function replaceBook({ req, books }: Context, id: string): Promise<Reply> {
  checkIfMatch(req, find(books, id));
  requireMediaType(req, JSON_TYPE);
  const fields = validateBook(parseJson(await readText(req)));
  return bookReply(200, books.replace(id, fields).book);
}

async function patchBook({ req, books }: Context, id: string): Promise<Reply> {
  const current = find(books, id);
  checkIfMatch(req, current);
  requireMediaType(req, MERGE_PATCH_TYPE, { 'accept-patch': MERGE_PATCH_TYPE });
  const patch = parseJson(await readText(req));
  const { id: _id, ...fields } = current.book;
  return bookReply(200, books.replace(id, validateBook(applyMergePatch(fields, patch))).book);
}

async function deleteBook({ req, books }: Context, id: string): Promise<Reply> {
  checkIfMatch(req, find(books, id));
  books.remove(id);
  return { status: 204, headers: {} };
}

function find(books: BookStore, id: string): StoredBook {
  const stored = books.get(id);
  if (stored === undefined) throw plainProblem(404, 'Not Found', `there is no book ${id}`);
  return stored;
}

/** A write based on an old copy would silently undo someone else's change: 412 instead. */
function checkIfMatch(req: IncomingMessage, { book }: StoredBook): void {
  const etag = etagOfBook(book);
  if (ifMatchPasses(headerOf(req, 'if-match'), etag)) return;
  throw plainProblem(412, 'Precondition Failed', `the book has changed since you read it; its current ETag is ${etag}`, { etag });
}

/** A book as JSON, with the ETag of exactly those bytes. */
function bookReply(status: number, book: Book, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, book, { etag: etagOfBook(book), ...headers });
}

/** JSON.stringify of one object gives the same bytes every time, so equal tags mean equal bodies. */
function etagOfBook(book: Book): string {
  return etagOf(JSON.stringify(book));
}

/** One header's value; a header sent twice is read as one comma-separated list. */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The write running on each book of each API, which the next write to that book waits for. */
const WRITING = new WeakMap<BookStore, Map<string, Promise<unknown>>>();

/**
 * Runs the writes to one book one after another. A write awaits its body between
 * checking If-Match and storing the book: two writes interleaved there would both pass
 * the check on the same version, or patch the same old copy, and one would silently
 * undo the other (a lost update).
 */
function oneAtATime(handler: Handler): Handler {
  return (context, id) => {
    const writing = WRITING.get(context.books) ?? new Map<string, Promise<unknown>>();
    WRITING.set(context.books, writing);
    const done = (writing.get(id) ?? Promise.resolve()).then(() => handler(context, id));
    const settled = done.catch(() => undefined);
    writing.set(id, settled);
    void settled.then(() => {
      if (writing.get(id) === settled) writing.delete(id);
    });
    return done;
  };
}
