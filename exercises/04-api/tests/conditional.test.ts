// Task 3: conditional requests (RFC 9110, section 13). A strong ETag identifies one
// version of a book; If-None-Match saves a download (304), and If-Match turns a write
// based on an old copy into 412 instead of silently undoing someone else's change.
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createBook, currentEtag, expectProblem, randomBook, sendHeld, startApi, startWatchedApi, type BookJson } from './support/books-api.js';

const rng = seededRandom();
const tag = rng.tag;
const STRONG_ETAG = /^"[\x21\x23-\x7e]*"$/;

describe('task 3: Conditional requests with ETag', () => {
  it('answers a strong ETag with a book, the same one on every GET while the book is unchanged', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const first = await send(url, 'GET', path);
    const etag = first.headers.get('etag');
    expect(etag, tag(explain(first, 'a GET on a book carries an ETag header that names this version of it (RFC 9110, section 8.8.3)'))).not.toBeNull();
    expect(etag, tag(explain(first, 'the ETag must be strong: a quoted string such as "3f9a…", without the W/ prefix. A weak ETag cannot be used with If-Match, so it cannot protect an update (RFC 9110, sections 8.8.1 and 13.1.1)'))).toMatch(STRONG_ETAG);
    const again = await send(url, 'GET', path);
    expect(again.headers.get('etag'), tag(explain(again, `nothing changed since the last GET, so the ETag must stay ${etag}: a tag that changes on every request makes every cache miss`))).toBe(etag);
  });

  it('answers a new ETag after an update, on the PUT’s answer and on the GETs that follow', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const before = await currentEtag(url, path, rng);

    const put = await send(url, 'PUT', path, { body: randomBook(rng) });
    expect(put.status, tag(explain(put, 'setting up this test: a PUT with a valid book answers 200 (task 1)'))).toBe(200);
    const after = put.headers.get('etag');
    expect(after, tag(explain(put, 'the answer to a PUT carries the ETag of the new version, so the client can make its next change conditional without another GET'))).toMatch(STRONG_ETAG);
    expect(after, tag(explain(put, `the book changed, so its ETag must change too (it was ${before}): an ETag that survives an update lets caches serve the old book and lets an If-Match with an old copy through`))).not.toBe(before);
    const read = await send(url, 'GET', path);
    expect(read.headers.get('etag'), tag(explain(read, 'a GET after the PUT answers the same ETag that the PUT answered'))).toBe(after);
  });

  it('answers 304 Not Modified, with the ETag and no body, when If-None-Match holds the current ETag', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const etag = await currentEtag(url, path, rng);

    const res = await send(url, 'GET', path, { headers: { 'if-none-match': etag } });
    expect(res.status, tag(explain(res, 'the client already holds this version: answer 304 Not Modified instead of sending the book again (RFC 9110, sections 13.1.2 and 15.4.5)'))).toBe(304);
    expect(res.headers.get('etag'), tag(explain(res, 'a 304 still carries the ETag, as the 200 would have (RFC 9110, section 15.4.5)'))).toBe(etag);
    expect(res.text, tag(explain(res, 'a 304 has no body (RFC 9110, section 15.4.5)'))).toBe('');
  });

  it('answers 304 when If-None-Match lists the current ETag among others, or is *', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const etag = await currentEtag(url, path, rng);

    const listed = await send(url, 'GET', path, { headers: { 'if-none-match': `"${rng.word(8)}", ${etag}, W/"${rng.word(6)}"` } });
    expect(listed.status, tag(explain(listed, 'If-None-Match may list several ETags; one of them is current, so the answer is 304 (RFC 9110, section 13.1.2)'))).toBe(304);
    const star = await send(url, 'GET', path, { headers: { 'if-none-match': '*' } });
    expect(star.status, tag(explain(star, 'If-None-Match: * matches any current version of a book that exists: 304 (RFC 9110, section 13.1.2)'))).toBe(304);
  });

  it('answers 200 with the new book when If-None-Match holds an ETag from before an update', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const old = await currentEtag(url, path, rng);
    const fields = randomBook(rng);
    await send(url, 'PUT', path, { body: fields });

    const res = await send(url, 'GET', path, { headers: { 'if-none-match': old } });
    expect(res.status, tag(explain(res, `the client’s copy (${old}) is out of date: answer 200 with the new book, not 304, or it keeps showing the old one (RFC 9110, section 13.1.2)`))).toBe(200);
    expect((jsonOf(res) as BookJson).title, tag(explain(res, 'the 200 carries the updated book'))).toBe(fields.title);
  });

  it('answers 412 to a PUT whose If-Match holds a stale ETag, and keeps the newer book (no lost update)', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const aliceRead = await currentEtag(url, path, rng);
    const bob = randomBook(rng);
    const bobWrite = await send(url, 'PUT', path, { body: bob, headers: { 'if-match': aliceRead } });
    expect(bobWrite.status, tag(explain(bobWrite, 'Bob’s PUT carries the current ETag in If-Match, so it goes through: 200 (RFC 9110, section 13.1.1)'))).toBe(200);

    const alice = await send(url, 'PUT', path, { body: randomBook(rng), headers: { 'if-match': aliceRead } });
    expectProblem(alice, 412, 'Alice read the book before Bob changed it; her PUT says If-Match with that old ETag, so it must fail with 412 Precondition Failed instead of silently erasing Bob’s change (RFC 9110, sections 13.1.1 and 15.5.13)', tag);
    const read = await send(url, 'GET', path);
    expect((jsonOf(read) as BookJson).title, tag(explain(read, 'after the refused PUT the book still holds Bob’s change'))).toBe(bob.title);
  });

  it('answers 412 to a DELETE whose If-Match holds a stale ETag, and keeps the book', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const stale = await currentEtag(url, path, rng);
    await send(url, 'PUT', path, { body: randomBook(rng) });

    const res = await send(url, 'DELETE', path, { headers: { 'if-match': stale } });
    expectProblem(res, 412, 'the book changed since this client read it: a DELETE with a stale If-Match must fail with 412, not delete a version the client never saw (RFC 9110, section 13.1.1)', tag);
    const read = await send(url, 'GET', path);
    expect(read.status, tag(explain(read, 'the refused DELETE must leave the book in place'))).toBe(200);
  });

  it('does not accept a weak ETag in If-Match, even for the current version', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const etag = await currentEtag(url, path, rng);

    const res = await send(url, 'PUT', path, { body: randomBook(rng), headers: { 'if-match': `W/${etag}` } });
    expectProblem(res, 412, 'If-Match uses the strong comparison: a weak tag (W/"...") never matches, because it does not promise the exact same bytes (RFC 9110, sections 8.8.3.2 and 13.1.1)', tag);
  });

  it('answers the same ETag on a 201 as on a GET of the new book', async () => {
    const url = await startApi();
    const { path, etag, exchange } = await createBook(url, randomBook(rng), rng);
    expect(etag, tag(explain(exchange, 'the 201 of a POST carries the ETag of the new book, so the client can make its next change conditional without a GET (RFC 9110, section 8.8.3)'))).toMatch(STRONG_ETAG);

    const read = await send(url, 'GET', path, { headers: { 'if-none-match': etag ?? '' } });
    expect(read.status, tag(explain(read, `the ETag of the 201 (${etag}) names the version that was created, the one a GET now finds: If-None-Match with it is 304 (RFC 9110, sections 8.8.3 and 13.1.2)`))).toBe(304);
  });

  it('answers 304 when If-None-Match holds the current ETag in its weak form', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const etag = await currentEtag(url, path, rng);

    const res = await send(url, 'GET', path, { headers: { 'if-none-match': `W/${etag}` } });
    expect(res.status, tag(explain(res, `If-None-Match uses the weak comparison: W/${etag} matches ${etag}, so the answer is 304 (RFC 9110, sections 8.8.3.2 and 13.1.2)`))).toBe(304);
  });

  it('accepts a write whose If-Match is *', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PUT', path, { body: randomBook(rng), headers: { 'if-match': '*' } });
    expect(res.status, tag(explain(res, 'If-Match: * holds for any current version of a book that exists: the PUT goes through, 200 (RFC 9110, section 13.1.1)'))).toBe(200);
  });

  it('accepts a write whose If-Match lists the current ETag among others', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const etag = await currentEtag(url, path, rng);

    const res = await send(url, 'PUT', path, { body: randomBook(rng), headers: { 'if-match': `"${rng.word(10)}", ${etag}` } });
    expect(res.status, tag(explain(res, `If-Match may list several ETags; one of them, ${etag}, is current, so the PUT goes through: 200 (RFC 9110, section 13.1.1)`))).toBe(200);
  });

  it('answers 404, not 304, to If-None-Match: * on a book that does not exist', async () => {
    const url = await startApi();

    const res = await send(url, 'GET', `/books/${rng.word(12)}`, { headers: { 'if-none-match': '*' } });
    expectProblem(res, 404, 'find the book first, then evaluate the precondition: there is no book, so * matches nothing and the answer is 404 (RFC 9110, sections 13.1.2 and 13.2.2)', tag);
  });

  it('answers 404, not 412, to a write with If-Match on a book that does not exist', async () => {
    const url = await startApi();
    const { etag } = await createBook(url, randomBook(rng), rng);
    const unknown = `/books/${rng.word(12)}`;

    const put = await send(url, 'PUT', unknown, { body: randomBook(rng), headers: { 'if-match': etag ?? '"x"' } });
    expectProblem(put, 404, 'find the book first (404), and only then evaluate If-Match (412): there is no such book to compare with (RFC 9110, section 13.2.2)', tag);
    const patch = await send(url, 'PATCH', unknown, { body: { title: randomBook(rng).title }, headers: { 'content-type': 'application/merge-patch+json', 'if-match': etag ?? '"x"' } });
    expectProblem(patch, 404, 'a PATCH on a book that does not exist is 404 before any precondition (RFC 9110, section 13.2.2)', tag);
    const remove = await send(url, 'DELETE', unknown, { headers: { 'if-match': etag ?? '"x"' } });
    expectProblem(remove, 404, 'a DELETE of a book that does not exist is 404 before any precondition (RFC 9110, section 13.2.2)', tag);
  });

  it('answers 412, not 422, to a PUT with a stale If-Match and an invalid body, and keeps the book', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const stale = await currentEtag(url, path, rng);
    const bob = randomBook(rng);
    await send(url, 'PUT', path, { body: bob });

    const res = await send(url, 'PUT', path, { body: { title: rng.int(1, 99) }, headers: { 'if-match': stale } });
    expectProblem(res, 412, 'evaluate the precondition before reading the body: the client’s copy is stale, and that is what it must learn first, 412 (RFC 9110, section 13.2.2)', tag);
    const read = await send(url, 'GET', path);
    expect((jsonOf(read) as BookJson).title, tag(explain(read, 'the refused PUT leaves the book as it was'))).toBe(bob.title);
  });

  it('answers 412, not 415, to a PUT with a stale If-Match and a body in another media type', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const stale = await currentEtag(url, path, rng);
    const bob = randomBook(rng);
    await send(url, 'PUT', path, { body: bob });

    const res = await send(url, 'PUT', path, { body: JSON.stringify(randomBook(rng)), headers: { 'content-type': 'text/plain', 'if-match': stale } });
    expectProblem(res, 412, 'find the book, then evaluate the precondition, and only then look at the body, its media type included: the client’s copy is stale, and that is what it must learn first, 412 (RFC 9110, section 13.2.2: preconditions are evaluated before the request content is processed)', tag);
    const read = await send(url, 'GET', path);
    expect((jsonOf(read) as BookJson).title, tag(explain(read, 'the refused PUT leaves the book as it was'))).toBe(bob.title);
  });

  it('lets only one of two PUTs sent at once with the same If-Match through: the other is 412', async () => {
    const { url, arrived } = await startWatchedApi();
    const { path, etag } = await createBook(url, randomBook(rng), rng);
    const headers = { 'content-type': 'application/json', 'if-match': etag ?? '""' };

    // Alice and Bob both read the book, and their PUTs reach the API together.
    const held = [randomBook(rng), randomBook(rng)].map((fields) => sendHeld(url, 'PUT', path, { headers, body: JSON.stringify(fields) }));
    await arrived(3);
    for (const request of held) request.release();
    const answers = await Promise.all(held.map((request) => request.exchange));
    const statuses = answers.map((res) => res.status).sort((a, b) => a - b);
    const why = `two PUTs with If-Match: ${etag} were in the API at once, and they got ${statuses.join(' and ')}. The first write to land makes that ETag stale, so the other must be 412, or it silently undoes the first (a lost update). Reading a body takes an await, and another write can change the book meanwhile: check If-Match again once the body is read, with no await between that check and the write, or handle one write to a book at a time (RFC 9110, section 13.1.1)`;
    expect(statuses, tag(`${why}\n${answers.map((res) => explain(res, '  answer:')).join('\n')}`)).toEqual([200, 412]);
  });
});
