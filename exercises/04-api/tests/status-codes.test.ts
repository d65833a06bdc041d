// Task 1: every answer's status code says what happened, and every error is RFC 9457
// problem details. The API runs on a real node:http server and is spoken to with fetch.
import { describe, expect, it, vi } from 'vitest';
import { explain, jsonOf, send, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createBook, expectProblem, JSON_TYPE, randomBook, randomIsbn, sendChunked, startApi, startReadWatchedApi, type BookJson, type ProblemJson } from './support/books-api.js';

const rng = seededRandom();
const tag = rng.tag;

/** Letters outside ASCII, each one UTF-16 code unit but two or three bytes in UTF-8. */
const NON_ASCII = ['é', 'ß', 'ø', 'ж', 'λ', '中', 'ñ', 'ü'];
/** A JSON Pointer in URI-fragment form: only what RFC 3986 allows in a fragment, the rest percent-encoded. */
const FRAGMENT_POINTER = /^#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

function letters(count: number): string {
  return Array.from({ length: count }, () => rng.word(1)).join('');
}

function nonAscii(count: number): string {
  return Array.from({ length: count }, () => rng.pick(NON_ASCII)).join('');
}

function pointersOf(problem: ProblemJson): unknown[] {
  return Array.isArray(problem.errors) ? problem.errors.map((error: { pointer?: unknown }) => error?.pointer) : [];
}

/** A pointer in URI-fragment form, percent-decoded back to the JSON Pointer it stands for. */
function decodedPointer(pointer: unknown): string | undefined {
  if (typeof pointer !== 'string' || !pointer.startsWith('#')) return undefined;
  try {
    return decodeURIComponent(pointer.slice(1));
  } catch {
    return undefined;
  }
}

/**
 * A bug, planted: while the books API is handling one request, JSON.stringify throws
 * when it is given anything that holds `marker` (the title of the book being created).
 * Every API serialises the book it answers, so the throw lands in its own code.
 */
async function postWithBug(url: string): Promise<{ res: Exchange; secret: string; logged: unknown[][] }> {
  const marker = `Bug ${rng.word(10)}`;
  // Nothing in it that JSON escapes, so it shows in a body as it is.
  const secret = `cannot read ${rng.word(6)} of undefined at /srv/books/${rng.word(8)}.ts:${rng.int(10, 99)}`;
  const body = JSON.stringify({ title: marker });
  const stringify = JSON.stringify.bind(JSON) as (...args: unknown[]) => string;
  const broken = vi.spyOn(JSON, 'stringify').mockImplementation(((...args: unknown[]) => {
    if (holds(args[0], marker, new Set())) throw new TypeError(secret);
    return stringify(...args);
  }) as typeof JSON.stringify);
  const logged: unknown[][] = [];
  const log = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });
  try {
    const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': JSON_TYPE } });
    return { res, secret, logged };
  } finally {
    broken.mockRestore();
    log.mockRestore();
  }
}

function holds(value: unknown, marker: string, seen: Set<unknown>): boolean {
  if (typeof value === 'string') return value.includes(marker);
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  const members = value instanceof Map ? [...value.values()] : Object.values(value);
  return members.some((member) => holds(member, marker, seen));
}

describe('task 1: Status codes and problem details', () => {
  it('answers 201 Created with a Location header that leads to the new book', async () => {
    const url = await startApi();
    const fields = randomBook(rng);

    const res = await send(url, 'POST', '/books', { body: fields });
    expect(res.status, tag(explain(res, 'a POST that creates a resource answers 201 Created, not 200: the client learns that something new exists (RFC 9110, section 15.3.2)'))).toBe(201);
    const location = res.headers.get('location');
    expect(location, tag(explain(res, 'a 201 names the new resource in a Location header, for example Location: /books/<id>; without it the client cannot find what it created (RFC 9110, section 10.2.2)'))).not.toBeNull();

    const read = await send(url, 'GET', new URL(location ?? '', res.url).pathname);
    expect(read.status, tag(explain(read, `GET on the Location of a new book (${location}) must answer 200`))).toBe(200);
    expect((jsonOf(read) as BookJson).title, tag(explain(read, 'the Location must lead to the book that was just created'))).toBe(fields.title);
  });

  it('answers the created book as JSON, with a server-assigned id that its Location names', async () => {
    const url = await startApi();
    const fields = randomBook(rng);

    const res = await send(url, 'POST', '/books', { body: fields });
    expect(res.headers.get('content-type') ?? '', tag(explain(res, `a book is sent as ${JSON_TYPE}`))).toMatch(/^application\/json\b/);
    const book = jsonOf(res) as BookJson;
    expect(typeof book.id === 'string' && book.id !== '', tag(explain(res, 'the server gives every new book an "id" (a non-empty string) and answers it in the body'))).toBe(true);
    expect({ title: book.title, author: book.author }, tag(explain(res, 'the body of a 201 is the new book as it was stored'))).toEqual(fields);
    const location = new URL(res.headers.get('location') ?? '', res.url).pathname;
    expect(location, tag(explain(res, 'a book lives at /books/<id>, and Location says so'))).toBe(`/books/${encodeURIComponent(book.id)}`);
  });

  it('answers 404 with problem details for a book that does not exist', async () => {
    const url = await startApi();

    const res = await send(url, 'GET', `/books/${rng.word(12)}`);
    expectProblem(res, 404, 'there is no book with this id: 404 Not Found (RFC 9110, section 15.5.5)', tag);
  });

  it('answers 404 with problem details for a path the API does not have', async () => {
    const url = await startApi();

    const res = await send(url, 'GET', `/${rng.word(7)}`);
    expectProblem(res, 404, 'nothing lives at this path: 404 Not Found, as problem details like every other error (RFC 9110, section 15.5.5)', tag);
  });

  it('deletes a book with 204 No Content and no body, after which the book is gone', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'DELETE', path);
    expect(res.status, tag(explain(res, 'a DELETE that worked and has nothing to say answers 204 No Content (RFC 9110, section 15.3.5)'))).toBe(204);
    expect(res.text, tag(explain(res, 'a 204 has no body at all (RFC 9110, section 15.3.5)'))).toBe('');
    const gone = await send(url, 'GET', path);
    expectProblem(gone, 404, 'after a DELETE the book no longer exists: GET answers 404', tag);
  });

  it('answers 404 with problem details when deleting a book that does not exist', async () => {
    const url = await startApi();

    const res = await send(url, 'DELETE', `/books/${rng.word(12)}`);
    expectProblem(res, 404, 'there is no such book to delete: 404 Not Found, not 204 (RFC 9110, section 15.5.5)', tag);
  });

  it('answers 400 with problem details, not a 500, for a body that is not valid JSON', async () => {
    const url = await startApi();
    const body = `{"title": "${randomBook(rng).title}",`;

    const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': JSON_TYPE } });
    expectProblem(res, 400, 'a body that does not parse as JSON is the client’s mistake: 400 Bad Request. A 500 would say the server is broken, and an uncaught JSON.parse error is how it happens (RFC 9110, section 15.5.1)', tag);
  });

  it('answers 400 with problem details for a PUT whose body is not valid JSON', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PUT', path, { body: '{"title": ', headers: { 'content-type': JSON_TYPE } });
    expectProblem(res, 400, 'malformed JSON is a 400 on every route that reads a body, PUT included (RFC 9110, section 15.5.1)', tag);
  });

  it('answers 415 with problem details for a body that is not sent as application/json', async () => {
    const url = await startApi();
    const body = JSON.stringify(randomBook(rng));

    const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': 'text/plain' } });
    expectProblem(res, 415, 'the API reads only application/json: a body sent as text/plain is 415 Unsupported Media Type, even when it happens to parse (RFC 9110, section 15.5.16)', tag);
  });

  it('accepts application/json with a charset parameter', async () => {
    const url = await startApi();
    const body = JSON.stringify(randomBook(rng));

    const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(res.status, tag(explain(res, 'a media type may carry parameters: "application/json; charset=utf-8" is still application/json (RFC 9110, section 8.3.1)'))).toBe(201);
  });

  it('answers 422 with problem details whose "errors" point at each invalid member', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: { title: rng.int(1, 999), isbn: rng.word(13), author: randomBook(rng).author } });
    const problem = expectProblem(res, 422, 'well-formed JSON whose content breaks the rules (a title that is not a string, an ISBN that is not 13 digits) is 422 Unprocessable Content (RFC 9110, section 15.5.21)', tag);
    const pointers = Array.isArray(problem.errors) ? problem.errors.map((error: { pointer?: unknown }) => error?.pointer) : [];
    expect(pointers, tag(explain(res, 'the problem lists every invalid member in "errors", each with a JSON Pointer such as "#/title" (RFC 9457, section 3, the validation example)'))).toEqual(expect.arrayContaining(['#/title', '#/isbn']));
  });

  it('answers 422 for a member that a book does not have, and creates nothing', async () => {
    const url = await startApi();
    const id = rng.word(10);

    const res = await send(url, 'POST', '/books', { body: { ...randomBook(rng), id } });
    expectProblem(res, 422, 'the id is the server’s to assign: a body that sets "id" (or any member a book does not have) is 422, never silently stored (OWASP Mass Assignment Cheat Sheet)', tag);
    const read = await send(url, 'GET', `/books/${id}`);
    expect(read.status, tag(explain(read, 'a rejected POST must not have created a book under the id the client chose'))).toBe(404);
  });

  it('answers 422 to a PUT whose body carries the book’s own id, and keeps the book', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PUT', path, { body: { ...randomBook(rng), id: book.id } });
    const problem = expectProblem(res, 422, 'a body may hold no "id", not even the id the book already has: the id is the server’s, and the path already names the book. A PUT that drops a matching id silently accepts a member a book body does not have (OWASP Mass Assignment Cheat Sheet; RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'the error points at the id'))).toContain('#/id');
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'the refused PUT leaves the book as it was'))).toEqual(book);
  });

  it('answers 409 Conflict with problem details when the ISBN belongs to another book', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    await createBook(url, { ...randomBook(rng), isbn }, rng);

    const res = await send(url, 'POST', '/books', { body: { ...randomBook(rng), isbn } });
    expectProblem(res, 409, `ISBN ${isbn} is already another book’s: the request is fine but clashes with the current state, which is 409 Conflict (RFC 9110, section 15.5.10)`, tag);
  });

  it('replaces a book with PUT: 200 with the new book, and members left out are gone', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);
    const title = randomBook(rng).title;

    const res = await send(url, 'PUT', path, { body: { title } });
    expect(res.status, tag(explain(res, 'a PUT that replaced the book answers 200 OK with the new representation (RFC 9110, section 9.3.4)'))).toBe(200);
    expect(jsonOf(res), tag(explain(res, 'PUT replaces the whole book: the author that the new body leaves out is gone, the id stays'))).toEqual({ id: book.id, title });
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'a GET after the PUT shows the replaced book'))).toEqual({ id: book.id, title });
  });

  it('accepts application/json written in any letter case', async () => {
    const url = await startApi();
    const body = JSON.stringify(randomBook(rng));

    const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': 'Application/JSON' } });
    expect(res.status, tag(explain(res, 'media type names are case-insensitive: "Application/JSON" is application/json, so the book is created (RFC 9110, section 8.3.1)'))).toBe(201);
  });

  it('answers 415 with problem details for a POST that sends no Content-Type', async () => {
    const url = await startApi();
    const body = JSON.stringify(randomBook(rng));

    const res = await send(url, 'POST', '/books', { body });
    expectProblem(res, 415, 'a body without a Content-Type does not say it is application/json: 415 Unsupported Media Type, not a guess (RFC 9110, sections 8.3 and 15.5.16)', tag);
  });

  it('answers 415 to a POST in a media type that only resembles application/json', async () => {
    const url = await startApi();
    const body = JSON.stringify(randomBook(rng));

    for (const type of ['text/json', 'application/merge-patch+json', 'application/json-seq']) {
      const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': type } });
      expectProblem(res, 415, `POST reads only application/json; ${type} is another media type, even though its name holds "json": 415 (RFC 9110, section 15.5.16)`, tag);
    }
  });

  it('answers 415 to a PUT whose body is not sent as application/json, and keeps the book', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PUT', path, { body: JSON.stringify(randomBook(rng)), headers: { 'content-type': 'text/plain' } });
    expectProblem(res, 415, 'PUT reads only application/json, like POST: a text/plain body is 415 even when it parses (RFC 9110, section 15.5.16)', tag);
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'a refused PUT leaves the book as it was'))).toEqual(book);
  });

  it('checks the media type before the JSON: malformed text/plain is 415, not 400', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: `{"title": "${rng.word(6)}",`, headers: { 'content-type': 'text/plain' } });
    expectProblem(res, 415, 'check in this order: route, media type, JSON, book rules, conflicts. A body in a media type the API does not read is 415 before anyone tries to parse it (RFC 9110, section 15.5.16)', tag);
  });

  it('answers 404, not 415, to a PUT on a book that does not exist', async () => {
    const url = await startApi();

    const res = await send(url, 'PUT', `/books/${rng.word(12)}`, { body: JSON.stringify(randomBook(rng)), headers: { 'content-type': 'text/plain' } });
    expectProblem(res, 404, 'the route comes first: there is no such book, so the answer is 404 whatever the body is (RFC 9110, section 15.5.5)', tag);
  });

  it('answers 404 to a PUT on a book that does not exist, and creates nothing', async () => {
    const url = await startApi();
    const id = rng.word(12);

    const res = await send(url, 'PUT', `/books/${id}`, { body: randomBook(rng) });
    expectProblem(res, 404, 'ids are the server’s to assign, so PUT never creates a book here: a PUT on an unknown id is 404 (RFC 9110, section 9.3.4)', tag);
    const list = await send(url, 'GET', '/books');
    expect((jsonOf(list) as { items?: unknown }).items, tag(explain(list, 'the refused PUT must not have created a book'))).toEqual([]);
  });

  it('answers 404 for a path that only begins like a route of the API', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    for (const unknown of [`/books${rng.word(4)}`, `${path}/${rng.word(5)}`]) {
      const res = await send(url, 'GET', unknown);
      expectProblem(res, 404, `the API has /books and /books/<id>, and nothing else: ${unknown} is 404 (RFC 9110, section 15.5.5)`, tag);
    }
  });

  it('answers 404 for a book id whose percent-escapes do not decode', async () => {
    const url = await startApi();

    const res = await send(url, 'GET', `/books/${rng.word(4)}%E0%A4`);
    expectProblem(res, 404, '%E0%A4 is not a whole UTF-8 character, so this id names no book: 404, not a 500 from an uncaught URIError (RFC 9110, section 15.5.5)', tag);
  });

  it('answers 422 with problem details for JSON that is not an object', async () => {
    const url = await startApi();

    for (const body of ['null', '[]', `"${randomBook(rng).title}"`, String(rng.int(1, 999)), 'true']) {
      const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': JSON_TYPE } });
      expectProblem(res, 422, `${body} is valid JSON but not a book (a book is a JSON object): 422, not a 500 from reading a member of null (RFC 9110, section 15.5.21)`, tag);
    }
  });

  it('answers 422 for a title or an author that is only white space', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: { title: rng.pick([' ', '   ', '\t', ' \n ']), author: rng.pick(['  ', '\t\n']) } });
    const problem = expectProblem(res, 422, 'a title and an author must not be blank: white space alone is as empty as "" (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'both blank members are listed in "errors"'))).toEqual(expect.arrayContaining(['#/title', '#/author']));
  });

  it('accepts a title and an author of exactly 200 characters', async () => {
    const url = await startApi();
    const fields = { title: letters(200), author: letters(200) };

    const res = await send(url, 'POST', '/books', { body: fields });
    expect(res.status, tag(explain(res, '"at most 200 characters" includes 200: the limit itself is allowed'))).toBe(201);
  });

  it('counts the 200 characters of a title in characters, not UTF-8 bytes', async () => {
    const url = await startApi();
    const fields = { title: nonAscii(200), author: nonAscii(200) };

    const res = await send(url, 'POST', '/books', { body: fields });
    expect(res.status, tag(explain(res, `200 characters such as "${NON_ASCII.join('')}" are 200 characters, though they take 400 or more bytes in UTF-8: the book is valid (201)`))).toBe(201);
  });

  it('answers 422 for a title or an author of 201 characters', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: { title: letters(201), author: nonAscii(201) } });
    const problem = expectProblem(res, 422, 'a title and an author hold at most 200 characters; 201 is one too many (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'both members that are too long are listed in "errors"'))).toEqual(expect.arrayContaining(['#/title', '#/author']));
  });

  it('answers 422 for an author of null: a member is a string or absent', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, author: null } });
    const problem = expectProblem(res, 422, 'an author is a non-blank string; null is not a string. A book without an author leaves the member out (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'the error points at the author'))).toContain('#/author');
  });

  it('answers 422 for an ISBN or labels of null, as for an author of null', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, isbn: null, labels: null } });
    const problem = expectProblem(res, 422, 'an optional member is a string (labels: an object) or left out; null is neither, so the book is 422, not stored as if the member were absent. Test for undefined, not with == null (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'both members that are null are listed in "errors"'))).toEqual(expect.arrayContaining(['#/isbn', '#/labels']));
  });

  it('answers 422 for an ISBN that is not exactly 13 digits', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);

    for (const wrong of [isbn.slice(1), `${isbn}${rng.int(0, 9)}`, `${isbn.slice(0, 3)}-${isbn.slice(3)}`, `x${isbn}`, `${isbn}x`]) {
      const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, isbn: wrong } });
      const problem = expectProblem(res, 422, `an ISBN is a string of exactly 13 digits and nothing else; "${wrong}" is not one (RFC 9110, section 15.5.21)`, tag);
      expect(pointersOf(problem), tag(explain(res, 'the error points at the ISBN'))).toContain('#/isbn');
    }
  });

  it('answers 422 for an ISBN sent as a JSON number', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, isbn: Number(randomIsbn(rng)) } });
    const problem = expectProblem(res, 422, 'an ISBN is a string of 13 digits; the number 978… is not a string (it would also lose leading zeros): 422 (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'the error points at the ISBN'))).toContain('#/isbn');
  });

  it('accepts a label whose value is the empty string', async () => {
    const url = await startApi();
    const labels = { [rng.word(5)]: '' };

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, labels } });
    expect(res.status, tag(explain(res, 'a label value is any string of at most 200 characters, and "" is one: 201'))).toBe(201);
    expect((jsonOf(res) as BookJson).labels, tag(explain(res, 'the label with the empty value is kept as sent'))).toEqual(labels);
  });

  it('refuses a label value of 201 characters and accepts one of exactly 200', async () => {
    const url = await startApi();
    const name = rng.word(6);

    const long = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, labels: { [name]: letters(201) } } });
    const problem = expectProblem(long, 422, 'a label value holds at most 200 characters; 201 is one too many (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(long, `the error points at the label, #/labels/${name}`))).toContain(`#/labels/${name}`);
    const exact = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, labels: { [name]: nonAscii(200) } } });
    expect(exact.status, tag(explain(exact, 'a label value of exactly 200 characters is allowed'))).toBe(201);
  });

  it('answers 422 pointing at each label whose value is not a string', async () => {
    const url = await startApi();
    const [number, flag, fine] = [`n${rng.word(4)}`, `f${rng.word(4)}`, `s${rng.word(4)}`];

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, labels: { [number]: rng.int(1, 9), [flag]: true, [fine]: rng.word(3) } } });
    const problem = expectProblem(res, 422, 'label values are strings; a number or a boolean is not (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'each label that is not a string has its own entry in "errors", and the string label has none'))).toEqual(expect.arrayContaining([`#/labels/${number}`, `#/labels/${flag}`]));
    expect(pointersOf(problem), tag(explain(res, `the label "${fine}" is a string, so it is not an error`))).not.toContain(`#/labels/${fine}`);
  });

  it('answers 422 for labels that are an array instead of an object', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, labels: [rng.word(4)] } });
    const problem = expectProblem(res, 422, 'labels are an object of named strings; an array is not one (RFC 9110, section 15.5.21)', tag);
    expect(pointersOf(problem), tag(explain(res, 'the error points at the labels'))).toContain('#/labels');
  });

  it('escapes "~" as ~0 and "/" as ~1 in the JSON Pointer of a member (RFC 6901)', async () => {
    const url = await startApi();
    const [slash, tilde] = [`${rng.word(3)}/${rng.word(3)}`, `${rng.word(3)}~${rng.word(3)}`];

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, labels: { [slash]: rng.int(1, 9), [tilde]: rng.int(1, 9) } } });
    const problem = expectProblem(res, 422, 'label values that are not strings are a 422 (RFC 9110, section 15.5.21)', tag);
    const decoded = pointersOf(problem).map(decodedPointer);
    const why = `in a JSON Pointer "~" is written ~0 and "/" is written ~1, "~" first, so the label "${slash}" is #/labels/${slash.replace('/', '~1')} and "${tilde}" is #/labels/${tilde.replace('~', '~0')}; a bare "/" would point one level deeper (RFC 6901, sections 3 and 4)`;
    expect(decoded, tag(explain(res, why))).toEqual(expect.arrayContaining([`/labels/${slash.replace('/', '~1')}`, `/labels/${tilde.replace('~', '~0')}`]));
  });

  it('percent-encodes a pointer where a URI fragment cannot hold a character (RFC 6901, section 6)', async () => {
    const url = await startApi();
    const names = [`${rng.word(3)} ${rng.word(3)}`, `${rng.word(2)}%${rng.word(2)}`, `${rng.word(2)}"${rng.word(2)}`, `${rng.word(2)}${rng.pick(NON_ASCII)}`];

    const res = await send(url, 'POST', '/books', { body: { title: randomBook(rng).title, labels: Object.fromEntries(names.map((name) => [name, rng.int(1, 9)])) } });
    const problem = expectProblem(res, 422, 'label values that are not strings are a 422 (RFC 9110, section 15.5.21)', tag);
    const pointers = pointersOf(problem).filter((pointer) => typeof pointer === 'string' && pointer.startsWith('#/labels/'));
    expect(pointers.length, tag(explain(res, `each of the ${names.length} labels has its entry in "errors"`))).toBe(names.length);
    for (const pointer of pointers) {
      expect(pointer, tag(explain(res, 'a pointer in URI-fragment form percent-encodes every character a fragment cannot hold, such as a space (%20), "%" (%25), a double quote (%22) or a letter outside ASCII (its UTF-8 bytes): RFC 6901, section 6, with RFC 3986, section 3.5'))).toMatch(FRAGMENT_POINTER);
    }
    expect(pointers.map(decodedPointer), tag(explain(res, 'percent-decoded, the pointers name the labels'))).toEqual(expect.arrayContaining(names.map((name) => `/labels/${name}`)));
  });

  it('answers 422, not 409, for an invalid book whose ISBN is taken', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    await createBook(url, { ...randomBook(rng), isbn }, rng);

    const res = await send(url, 'POST', '/books', { body: { title: rng.pick(['', ' ', rng.int(1, 99)]), isbn } });
    expectProblem(res, 422, 'check in this order: route, media type, JSON, book rules (422), conflicts (409). A book that breaks the rules is 422 before anyone asks whether its ISBN is free', tag);
  });

  it('answers 409 to a PUT that takes the ISBN of another book, and keeps the book', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    await createBook(url, { ...randomBook(rng), isbn }, rng);
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PUT', path, { body: { ...randomBook(rng), isbn } });
    expectProblem(res, 409, `ISBN ${isbn} is another book’s: a PUT may not take it either, 409 Conflict (RFC 9110, section 15.5.10)`, tag);
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'the refused PUT leaves the book as it was'))).toEqual(book);
  });

  it('lets a PUT keep the ISBN that its own book already has', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    const { path, book } = await createBook(url, { ...randomBook(rng), isbn }, rng);
    const fields = { ...randomBook(rng), isbn };

    const res = await send(url, 'PUT', path, { body: fields });
    expect(res.status, tag(explain(res, `ISBN ${isbn} belongs to this very book, so it clashes with no other: 200, not 409`))).toBe(200);
    expect(jsonOf(res), tag(explain(res, 'the book is replaced and keeps its ISBN'))).toEqual({ id: book.id, ...fields });
  });

  it('lets a new book take the ISBN of a book that was deleted', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    const { path } = await createBook(url, { ...randomBook(rng), isbn }, rng);
    const deleted = await send(url, 'DELETE', path);
    expect(deleted.status, tag(explain(deleted, 'setting up this test: DELETE of a book that exists answers 204'))).toBe(204);

    const res = await send(url, 'POST', '/books', { body: { ...randomBook(rng), isbn } });
    expect(res.status, tag(explain(res, `the book that had ISBN ${isbn} is deleted, so no book has it now: an ISBN is unique among the books that exist, and this POST is 201, not 409. An index of taken ISBNs must forget the ISBN of a deleted book (RFC 9110, section 15.5.10: 409 is a clash with the current state)`))).toBe(201);
  });

  it('lets a new book take an ISBN that a PUT took away from its book', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    const { path } = await createBook(url, { ...randomBook(rng), isbn }, rng);
    const replaced = await send(url, 'PUT', path, { body: { ...randomBook(rng), isbn: randomIsbn(rng).replace(/^978/, '979') } });
    expect(replaced.status, tag(explain(replaced, 'setting up this test: a PUT that gives the book another ISBN answers 200'))).toBe(200);

    const res = await send(url, 'POST', '/books', { body: { ...randomBook(rng), isbn } });
    expect(res.status, tag(explain(res, `a PUT gave the book that had ISBN ${isbn} another one, so no book has ${isbn} now: this POST is 201, not 409. An index of taken ISBNs must drop a book's old ISBN when the book is replaced (RFC 9110, section 15.5.10: 409 is a clash with the current state)`))).toBe(201);
  });

  it('answers 422 for members named like the properties every object inherits', async () => {
    const url = await startApi();
    const names = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];
    // Written as text: an object literal with a "__proto__" member would set its prototype instead.
    const body = `{"title": ${JSON.stringify(randomBook(rng).title)}, ${names.map((name) => `"${name}": ${JSON.stringify(rng.word(5))}`).join(', ')}}`;

    const res = await send(url, 'POST', '/books', { body, headers: { 'content-type': JSON_TYPE } });
    const problem = expectProblem(res, 422, `${names.join(', ')} are not members of a book: 422, not silently dropped. A lookup such as name in {title: …} or KNOWN[name] also finds what every object inherits from Object.prototype; check the book's own list of members (an array, a Set, Object.hasOwn) (OWASP Mass Assignment Cheat Sheet)`, tag);
    expect(pointersOf(problem), tag(explain(res, 'each member a book does not have has its entry in "errors"'))).toEqual(expect.arrayContaining(names.map((name) => `#/${name}`)));
  });

  it('answers 400, not 422, to a POST whose body is empty', async () => {
    const url = await startApi();

    const res = await send(url, 'POST', '/books', { body: '', headers: { 'content-type': JSON_TYPE } });
    expectProblem(res, 400, 'an empty body is not valid JSON (JSON.parse("") throws): 400 Bad Request. Reading it as {} answers "title is required" about a book the client never sent (RFC 9110, section 15.5.1)', tag);
  });

  it('keeps the title of a 422 the same from one invalid book to the next', async () => {
    const url = await startApi();

    const one = await send(url, 'POST', '/books', { body: { title: rng.int(1, 99) } });
    const first = expectProblem(one, 422, 'a title that is not a string is a 422 (RFC 9110, section 15.5.21)', tag);
    const two = await send(url, 'POST', '/books', { body: { title: '', isbn: rng.word(5), [rng.word(6)]: true } });
    const second = expectProblem(two, 422, 'a blank title, a wrong ISBN and an unknown member are a 422 (RFC 9110, section 15.5.21)', tag);
    if (first.type === second.type) {
      expect(second.title, tag(explain(two, `two problems of one type share one title, which does not change from one occurrence to the next; what went wrong this time belongs in "detail" and "errors". The first was titled ${JSON.stringify(first.title)} (RFC 9457, section 3.1.3)`))).toBe(first.title);
    }
  });

  it('refuses a body larger than it is willing to read with 413 problem details', async () => {
    const url = await startApi();
    const size = 8 * 1024 * 1024;
    const body = `{"title": "${rng.word(6)}", "author": "${'a'.repeat(size)}"}`;

    const sent = await send(url, 'POST', '/books', { body, headers: { 'content-type': JSON_TYPE } });
    const res = { ...sent, requestBody: `{"title": "…", "author": "aaaa…"} (${size} bytes in all)` };
    expectProblem(res, 413, 'the API caps the body it reads: an 8 MiB body is refused with 413 Content Too Large instead of being buffered, or any client can make the server hold as much as it likes (RFC 9110, section 15.5.14; OWASP API Security Top 10, API4:2023)', tag);
  });

  it('refuses a body sent in chunks, without Content-Length, once it grows larger than it is willing to read', async () => {
    const url = await startApi();
    const size = 8 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 'a');
    const chunks = [Buffer.from(`{"title": "${rng.word(6)}", "author": "`), ...Array.from({ length: size / piece.length }, () => piece), Buffer.from('"}')];

    const res = await sendChunked(url, 'POST', '/books', { headers: { 'content-type': JSON_TYPE }, chunks, shown: `{"title": "…", "author": "aaaa…"} (${size} bytes in all, sent with Transfer-Encoding: chunked and no Content-Length)` });
    expectProblem(res, 413, 'a body sent in chunks has no Content-Length, so a cap that only looks at that header lets it through: count the bytes as they arrive and answer 413 Content Too Large once they pass the cap (RFC 9110, section 15.5.14; OWASP API Security Top 10, API4:2023)', tag);
  });

  it('reads a character that two chunks of the body split between them', async () => {
    const { url, taken } = await startReadWatchedApi();
    const title = `${rng.word(5)} ${nonAscii(rng.int(2, 6))} ${rng.word(4)}`;
    const bytes = Buffer.from(JSON.stringify({ title }));
    // Cut inside the first character outside ASCII: after its lead byte.
    const cut = bytes.findIndex((byte) => byte >= 0xc0) + 1;
    const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];

    const res = await sendChunked(url, 'POST', '/books', { headers: { 'content-type': JSON_TYPE }, chunks, before: () => taken(cut), shown: `${JSON.stringify({ title })} (sent in two chunks, split inside "${title.match(/[^\x00-\x7f]/)?.[0]}")` });
    expect(res.status, tag(explain(res, 'setting up this test: a valid book sent in two chunks is created, 201'))).toBe(201);
    expect((jsonOf(res) as BookJson).title, tag(explain(res, `the body came in two chunks, and the first ended in the middle of a character that takes two bytes in UTF-8. Decoding each chunk on its own turns each half into "\uFFFD"; collect the chunks and decode them once, Buffer.concat(chunks).toString('utf8') (RFC 9110, section 8.6: the body is a sequence of bytes)`))).toBe(title);
  });

  it('answers text outside ASCII intact: Content-Length counts bytes, not characters', async () => {
    const url = await startApi();
    const title = `${nonAscii(3)} ${rng.word(5)} ${nonAscii(4)}`;

    const res = await send(url, 'POST', '/books', { body: { title } });
    let book: BookJson | undefined;
    try {
      book = JSON.parse(res.text) as BookJson;
    } catch {
      book = undefined;
    }
    expect(book?.title, tag(explain(res, `"${title}" is ${title.length} characters but ${Buffer.byteLength(title)} bytes in UTF-8: Content-Length counts the bytes of the body (Buffer.byteLength), or the client stops reading before the body ends (RFC 9110, section 8.6)`))).toBe(title);
  });

  it('sends no Content-Length with a 204, since it has no content', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'DELETE', path);
    expect(res.status, tag(explain(res, 'setting up this test: a DELETE of a book that exists answers 204'))).toBe(204);
    expect(res.headers.get('content-length'), tag(explain(res, 'a 204 has no content at all, so it must not announce any: a server never sends Content-Length with a 204 (RFC 9110, sections 8.6 and 15.3.5)'))).toBeNull();
  });

  it('answers 500 problem details when its own code throws, and keeps serving', async () => {
    const url = await startApi();

    const { res } = await postWithBug(url);
    expectProblem(res, 500, 'an exception in the API’s own code (here JSON.stringify was made to throw) is answered 500 Internal Server Error as problem details, and never escapes the request listener', tag);
    const after = await send(url, 'GET', '/books');
    expect(after.status, tag(explain(after, 'after a 500 the API still answers the next request'))).toBe(200);
  });

  it('says no more than "Internal Server Error" in a 500: the error message stays on the server', async () => {
    const url = await startApi();

    const { res, secret } = await postWithBug(url);
    const problem = expectProblem(res, 500, 'an exception in the API’s own code is a 500 as problem details', tag);
    expect(problem.title, tag(explain(res, 'a 500 says "Internal Server Error"'))).toBe('Internal Server Error');
    const answered = [res.text, ...[...res.headers.entries()].map(([, value]) => value)].join('\n');
    expect(answered.includes(secret), tag(explain(res, `the error’s message ("${secret}") was sent to the client: it tells an attacker about files, libraries and data. Log it with console.error and answer only "Internal Server Error" (OWASP Error Handling Cheat Sheet)`))).toBe(false);
  });

  it('logs the error behind a 500 with console.error', async () => {
    const url = await startApi();

    const { res, secret, logged } = await postWithBug(url);
    expect(res.status, tag(explain(res, 'an exception in the API’s own code is a 500'))).toBe(500);
    const text = logged.map((args) => args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack ?? ''}` : String(arg))).join(' ')).join('\n');
    expect(text.includes(secret), tag(explain(res, `a 500 hides the error from the client, so the server must keep it: log it with console.error. Nothing logged held the error ("${secret}")`))).toBe(true);
  });
});
