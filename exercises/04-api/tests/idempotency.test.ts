// Task 5: POST /books with an Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header).
// A client that timed out cannot know whether its book was created; with a key it can
// send the very same request again and get the first answer back, and nothing twice.
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { expectProblem, itemsOf, randomBook, startApi } from './support/books-api.js';

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
});
