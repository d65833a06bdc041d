// Task 3: conditional requests (RFC 9110, section 13). A strong ETag identifies one
// version of a book; If-None-Match saves a download (304), and If-Match turns a write
// based on an old copy into 412 instead of silently undoing someone else's change.
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createBook, currentEtag, expectProblem, randomBook, startApi, type BookJson } from './support/books-api.js';

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
});
