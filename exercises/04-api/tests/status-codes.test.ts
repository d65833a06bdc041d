// Task 1: every answer's status code says what happened, and every error is RFC 9457
// problem details. The API runs on a real node:http server and is spoken to with fetch.
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createBook, expectProblem, JSON_TYPE, randomBook, randomIsbn, startApi, type BookJson } from './support/books-api.js';

const rng = seededRandom();
const tag = rng.tag;

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
});
