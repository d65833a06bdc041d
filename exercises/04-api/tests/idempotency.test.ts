// Task 5: POST /books with an Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header).
// A client that timed out cannot know whether its book was created; with a key it can
// send the very same request again and get the first answer back, and nothing twice.
import { describe, expect, it, vi } from 'vitest';
import { explain, jsonOf, send, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createBook, expectProblem, itemsOf, randomBook, randomIsbn, sendHeld, startApi, startWatchedApi } from './support/books-api.js';

const rng = seededRandom();
const tag = rng.tag;

/** A key as the draft's example sends it: an sf-string holding a UUID-like value. */
function newKey(): string {
  return `"${rng.word(8)}-${rng.word(4)}-${rng.word(4)}-${rng.word(12)}"`;
}

async function countBooks(url: string): Promise<{ count: number; res: Exchange }> {
  const res = await send(url, 'GET', '/books?limit=100');
  expect(res.status, tag(explain(res, 'counting the books with GET /books (task 2) must answer 200'))).toBe(200);
  return { count: itemsOf(res, tag).length, res };
}

describe('task 5: Idempotent POST with Idempotency-Key', () => {
  it('replays the first answer to a retry with the same key and body: same status, Location and body', async () => {
    const url = await startApi();
    const key = newKey();
    const body = JSON.stringify(randomBook(rng));
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };
    const first = await send(url, 'POST', '/books', { body, headers });
    expect(first.status, tag(explain(first, 'setting up this test: the first POST with a new key creates the book, 201 (task 1)'))).toBe(201);

    const retry = await send(url, 'POST', '/books', { body, headers });
    expect(retry.status, tag(explain(retry, 'a retry with the same Idempotency-Key and body gets the first answer again: 201, as if its first attempt had arrived (draft-ietf-httpapi-idempotency-key-header, "Idempotency Enforcement Scenarios")'))).toBe(201);
    expect(retry.headers.get('location'), tag(explain(retry, `the replayed answer names the same book as the first one did (Location: ${first.headers.get('location')}); a different Location means the retry created a second book`))).toBe(first.headers.get('location'));
    expect(jsonOf(retry), tag(explain(retry, `the replayed body is the first answer’s body: ${first.text}`))).toEqual(jsonOf(first));
  });

  it('creates the book only once however often the request is retried with the same key', async () => {
    const url = await startApi();
    const key = newKey();
    const fields = randomBook(rng);
    const tries = rng.int(2, 4);

    for (let attempt = 0; attempt < tries; attempt++) await send(url, 'POST', '/books', { body: fields, headers: { 'idempotency-key': key } });
    const { count, res } = await countBooks(url);
    expect(count, tag(explain(res, `the same POST was sent ${tries} times with Idempotency-Key ${key}: exactly one book may exist. A retried POST that creates a second book is how a customer gets charged twice`))).toBe(1);
  });

  it('creates a new book for each different key', async () => {
    const url = await startApi();
    const fields = randomBook(rng);

    const first = await send(url, 'POST', '/books', { body: fields, headers: { 'idempotency-key': newKey() } });
    const second = await send(url, 'POST', '/books', { body: fields, headers: { 'idempotency-key': newKey() } });
    expect(second.status, tag(explain(second, 'a different key means a different request, even with the same body: a second 201'))).toBe(201);
    expect(second.headers.get('location'), tag(explain(second, `a different key creates a different book, with a Location of its own (the first was ${first.headers.get('location')})`))).not.toBe(first.headers.get('location'));
  });

  it('treats every POST without a key as a new request', async () => {
    const url = await startApi();
    const fields = randomBook(rng);

    const first = await send(url, 'POST', '/books', { body: fields });
    const second = await send(url, 'POST', '/books', { body: fields });
    expect(second.status, tag(explain(second, 'without an Idempotency-Key header nothing is replayed: the second POST creates a second book, 201'))).toBe(201);
    expect(second.headers.get('location'), tag(explain(second, `a POST without a key must not be answered from another request’s replay (the first book is ${first.headers.get('location')})`))).not.toBe(first.headers.get('location'));
  });

  it('answers 422 with problem details when a key comes back with a different body, and creates nothing', async () => {
    const url = await startApi();
    const key = newKey();
    await send(url, 'POST', '/books', { body: randomBook(rng), headers: { 'idempotency-key': key } });

    const reused = await send(url, 'POST', '/books', { body: randomBook(rng), headers: { 'idempotency-key': key } });
    expectProblem(reused, 422, 'the key was first used for another book: reusing it with a different body is a client bug, answered 422, neither replayed (the client would think its second book exists) nor created (draft-ietf-httpapi-idempotency-key-header, "Error Scenarios")', tag);
    const { count, res } = await countBooks(url);
    expect(count, tag(explain(res, 'only the first request with this key created a book'))).toBe(1);
  });

  it('creates one book when two requests with the same key arrive at the same time', async () => {
    const url = await startApi();
    const key = newKey();
    const fields = randomBook(rng);

    const answers = await Promise.all([0, 1].map(() => send(url, 'POST', '/books', { body: fields, headers: { 'idempotency-key': key } })));
    for (const res of answers) {
      expect([201, 409], tag(explain(res, 'a double-click sends the same request twice at once: each answer is either the 201 of the one book, or 409 Conflict while the first is still in progress (draft-ietf-httpapi-idempotency-key-header, "Error Scenarios")'))).toContain(res.status);
    }
    const { count, res } = await countBooks(url);
    expect(count, tag(explain(res, 'two requests with one key arrived together: exactly one book may exist. Look the key up and record it with no await in between'))).toBe(1);
  });

  it('creates one book when a second request with the same key arrives while the first is still being read', async () => {
    const { url, arrived } = await startWatchedApi();
    const key = newKey();
    const body = JSON.stringify(randomBook(rng));
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };

    const held = [0, 1].map(() => sendHeld(url, 'POST', '/books', { headers, body }));
    await arrived(2);
    for (const request of held) request.release();
    const answers = await Promise.all(held.map((request) => request.exchange));
    for (const res of answers) {
      expect([201, 409], tag(explain(res, 'both requests with one key were in the API at once: each answer is the 201 of the one book, or 409 Conflict while the first is in progress (draft-ietf-httpapi-idempotency-key-header, "Error Scenarios")'))).toContain(res.status);
    }
    const { count, res } = await countBooks(url);
    expect(count, tag(explain(res, 'the second request arrived before the first had been answered: exactly one book may exist. A key looked up before the body is read and recorded after it has been handled lets both through; look it up and record the answer with no await in between'))).toBe(1);
  });

  it('answers 422 when a key comes back with the same body sent as another media type', async () => {
    const url = await startApi();
    const key = newKey();
    const body = JSON.stringify(randomBook(rng));
    const first = await send(url, 'POST', '/books', { body, headers: { 'content-type': 'application/json', 'idempotency-key': key } });
    expect(first.status, tag(explain(first, 'setting up this test: the first POST with a new key creates the book, 201 (task 1)'))).toBe(201);

    const other = await send(url, 'POST', '/books', { body, headers: { 'content-type': 'text/plain', 'idempotency-key': key } });
    expectProblem(other, 422, 'the fingerprint of a request covers its media type as well as its body: text/plain is another request than application/json, so reusing the key is 422, not a replay of the 201 (draft-ietf-httpapi-idempotency-key-header, "Idempotency Fingerprint")', tag);
  });

  it('replays the first answer byte for byte, even after the book has changed', async () => {
    const url = await startApi();
    const key = newKey();
    const body = JSON.stringify(randomBook(rng));
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };
    const first = await send(url, 'POST', '/books', { body, headers });
    expect(first.status, tag(explain(first, 'setting up this test: the first POST with a new key creates the book, 201 (task 1)'))).toBe(201);
    const changed = await send(url, 'PUT', new URL(first.headers.get('location') ?? '', first.url).pathname, { body: randomBook(rng) });
    expect(changed.status, tag(explain(changed, 'setting up this test: a PUT on the new book answers 200 (task 1)'))).toBe(200);

    const retry = await send(url, 'POST', '/books', { body, headers });
    expect(retry.text, tag(explain(retry, `a retry gets the answer the first request got, remembered byte for byte: ${first.text}. It is not a fresh look at the book, which has changed since`))).toBe(first.text);
    expect(retry.headers.get('etag'), tag(explain(retry, `the replayed headers are the first answer’s too: ETag ${first.headers.get('etag')}`))).toBe(first.headers.get('etag'));
  });

  it('replays a 4xx answer too: a retry of a request that was refused is refused again', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    const holder = await createBook(url, { ...randomBook(rng), isbn }, rng);
    const key = newKey();
    const body = JSON.stringify({ ...randomBook(rng), isbn });
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };
    const first = await send(url, 'POST', '/books', { body, headers });
    expectProblem(first, 409, `setting up this test: ISBN ${isbn} is taken, so the first POST is 409 (task 1)`, tag);
    const freed = await send(url, 'DELETE', holder.path);
    expect(freed.status, tag(explain(freed, 'setting up this test: DELETE of the book that held the ISBN answers 204 (task 1)'))).toBe(204);

    const retry = await send(url, 'POST', '/books', { body, headers });
    expect(retry.status, tag(explain(retry, 'a 4xx is the outcome of the request, and is remembered like a 2xx: the retry gets the 409 again, although the ISBN is free by now (only a 5xx lets a retry try once more)'))).toBe(409);
    const { count, res } = await countBooks(url);
    expect(count, tag(explain(res, 'the replayed 409 created nothing'))).toBe(0);
  });

  it('keeps the keys of one API to itself: a new createBooksApi() has seen none', async () => {
    const key = newKey();
    const body = JSON.stringify(randomBook(rng));
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };
    const before = await startApi();
    await send(before, 'POST', '/books', { body, headers });

    const url = await startApi();
    const res = await send(url, 'POST', '/books', { body, headers });
    expect(res.status, tag(explain(res, 'each createBooksApi() starts with no books and no keys: this key is new to this API, so the POST creates a book, 201'))).toBe(201);
    const read = await send(url, 'GET', new URL(res.headers.get('location') ?? '', res.url).pathname);
    expect(read.status, tag(explain(read, 'the Location of the 201 names a book of this API; an answer remembered by another API names a book this one does not have'))).toBe(200);
  });

  it('lets a retry try once more after a 500: a server error is not remembered', async () => {
    const url = await startApi();
    const key = newKey();
    const marker = `Bug ${rng.word(10)}`;
    const body = JSON.stringify({ title: marker });
    const headers = { 'content-type': 'application/json', 'idempotency-key': key };
    // A bug, planted for the first attempt only: JSON.stringify throws on anything that holds the marker.
    const stringify = JSON.stringify.bind(JSON) as (...args: unknown[]) => string;
    const broken = vi.spyOn(JSON, 'stringify').mockImplementation(((...args: unknown[]) => {
      if (stringify(args[0] ?? null)?.includes(marker)) throw new TypeError(`planted bug ${rng.word(6)}`);
      return stringify(...args);
    }) as typeof JSON.stringify);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    let first: Exchange;
    try {
      first = await send(url, 'POST', '/books', { body, headers });
    } finally {
      broken.mockRestore();
      quiet.mockRestore();
    }
    expectProblem(first, 500, 'setting up this test: while JSON.stringify was made to throw, the first POST with this key is a 500 (task 1)', tag);

    const retry = await send(url, 'POST', '/books', { body, headers });
    expect(retry.status, tag(explain(retry, 'a 500 says the server failed, not that the request was wrong, and the next attempt may well succeed (here the bug is gone): only 2xx and 4xx answers are remembered under a key, so the retry is handled afresh and creates the book, 201 (draft-ietf-httpapi-idempotency-key-header, "Idempotency Enforcement Scenarios")'))).toBe(201);
  });
});
