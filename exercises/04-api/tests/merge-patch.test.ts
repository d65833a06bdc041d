// Task 4: PATCH as RFC 7396 JSON Merge Patch. applyMergePatch is checked against the
// RFC's own examples; PATCH /books/:id is then checked over real HTTP.
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { applyMergePatch } from '../src/merge-patch.js';
import { createBook, currentEtag, expectProblem, MERGE_PATCH_TYPE, randomBook, randomIsbn, sendHeld, startApi, startWatchedApi, type BookJson } from './support/books-api.js';
import { APPENDIX_A, SECTION_3, type MergePatchExample } from './support/rfc7396-examples.js';

const rng = seededRandom();
const tag = rng.tag;
const MERGE = { 'content-type': MERGE_PATCH_TYPE };

function describeExample({ target, patch, result }: MergePatchExample): string {
  return `target ${JSON.stringify(target)} with patch ${JSON.stringify(patch)} must give ${JSON.stringify(result)}`;
}

describe('task 4: JSON Merge Patch', () => {
  it.each(APPENDIX_A.map((example, index) => ({ ...example, row: index + 1 })))('applies row $row of the RFC 7396 Appendix A table', (example) => {
    const outcome = applyMergePatch(structuredClone(example.target), structuredClone(example.patch));
    expect(outcome, `RFC 7396, Appendix A, row ${example.row}: ${describeExample(example)}; got ${JSON.stringify(outcome)}`).toStrictEqual(example.result);
  });

  it('applies the example of RFC 7396, section 3', () => {
    const outcome = applyMergePatch(structuredClone(SECTION_3.target), structuredClone(SECTION_3.patch));
    expect(outcome, `RFC 7396, section 3: null removes author.familyName, a nested object is merged member by member, an array is replaced whole; got ${JSON.stringify(outcome)}`).toStrictEqual(SECTION_3.result);
  });

  it('leaves the target and the patch unchanged', () => {
    const target = structuredClone(SECTION_3.target);
    const patch = structuredClone(SECTION_3.patch);
    applyMergePatch(target, patch);
    expect(target, 'applyMergePatch must return a new document and leave the target as it was: the API checks the result before storing it, and a rejected patch must not have changed the stored book already').toStrictEqual(SECTION_3.target);
    expect(patch, 'applyMergePatch must not change the patch it was given').toStrictEqual(SECTION_3.patch);
  });

  it('keeps a "__proto__" member as data, away from Object.prototype', () => {
    const key = `polluted_${rng.word(6)}`;
    const patch = JSON.parse(`{"__proto__": {"${key}": "yes"}}`) as unknown;
    try {
      applyMergePatch({}, patch);
      expect(key in Object.prototype, tag(`a patch is input from the network: merging its "__proto__" member into a plain object with result[name] = ... wrote "${key}" onto Object.prototype, which every object in the process now inherits (prototype pollution, CWE-1321)`)).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>)[key];
    }
  });

  it('keeps a "__proto__" member of the patch as an own member of the result', () => {
    const key = rng.word(6);
    const text = `{"__proto__": {"${key}": "yes"}}`;
    const outcome = applyMergePatch({}, JSON.parse(text) as unknown) as object;
    const own = Object.getOwnPropertyDescriptor(outcome, '__proto__');
    expect(own?.value, tag(`"__proto__" in a patch is a member like any other: the result must hold it as its own member, ${text}, and keep Object.prototype as its prototype. result["__proto__"] = value replaces the result's prototype instead (CWE-1321); got the prototype ${JSON.stringify(Object.getPrototypeOf(outcome))}`)).toStrictEqual({ [key]: 'yes' });
    expect(Object.getPrototypeOf(outcome), tag('the result of a merge is a plain object, whose prototype is Object.prototype (CWE-1321)')).toBe(Object.prototype);
  });

  it('changes only the members a PATCH names and answers 200 with the whole book', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, { ...randomBook(rng), labels: { shelf: rng.word(3) } }, rng);
    const title = randomBook(rng).title;

    const res = await send(url, 'PATCH', path, { body: { title }, headers: MERGE });
    expect(res.status, tag(explain(res, 'a merge patch that applies answers 200 OK with the patched book (RFC 5789, section 2)'))).toBe(200);
    expect(jsonOf(res), tag(explain(res, 'the patch named only "title": every other member of the book stays as it was (RFC 7396, section 1)'))).toEqual({ ...book, title });
  });

  it('removes a member whose value in the patch is null', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: { author: null }, headers: MERGE });
    expect(res.status, tag(explain(res, 'setting up: a valid merge patch answers 200'))).toBe(200);
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'in a merge patch, null means "remove this member": the book must have no "author" at all now, not "author": null (RFC 7396, section 1)'))).toEqual({ id: book.id, title: book.title });
  });

  it('merges a nested object member by member', async () => {
    const url = await startApi();
    const [keep, drop, add] = [rng.word(5), rng.word(6), rng.word(7)];
    const labels = { [keep]: rng.word(4), [drop]: rng.word(4) };
    const { path } = await createBook(url, { ...randomBook(rng), labels }, rng);
    const added = rng.word(5);

    const res = await send(url, 'PATCH', path, { body: { labels: { [drop]: null, [add]: added } }, headers: MERGE });
    expect(res.status, tag(explain(res, 'setting up: a valid merge patch answers 200'))).toBe(200);
    expect((jsonOf(res) as BookJson).labels, tag(explain(res, `the patch merges into "labels": "${add}" is added, "${drop}" (null) is removed and "${keep}", which the patch does not name, stays (RFC 7396, section 2)`))).toEqual({ [keep]: labels[keep], [add]: added });
  });

  it('keeps "labels" as an empty object when a patch removes its last label', async () => {
    const url = await startApi();
    const name = rng.word(5);
    const { path, book } = await createBook(url, { ...randomBook(rng), labels: { [name]: rng.word(4) } }, rng);

    const res = await send(url, 'PATCH', path, { body: { labels: { [name]: null } }, headers: MERGE });
    expect(res.status, tag(explain(res, 'setting up: a valid merge patch answers 200'))).toBe(200);
    expect(jsonOf(res), tag(explain(res, `the patch removes the label "${name}" from "labels", not "labels" itself: what is left is an object with no members, {}. Only "labels": null would remove the member (RFC 7396, section 2, and Appendix A: {"a":{"bb":{"ccc":null}}} applied to {} gives {"a":{"bb":{}}})`))).toEqual({ ...book, labels: {} });
  });

  it('answers 415 with an Accept-Patch header for a PATCH sent as application/json', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: { title: randomBook(rng).title } });
    expectProblem(res, 415, 'a PATCH body is a patch document, and its media type says how to apply it: this API takes application/merge-patch+json, so application/json is 415 (RFC 5789, section 2.2)', tag);
    expect(res.headers.get('accept-patch'), tag(explain(res, `the 415 tells the client which patch format to use: Accept-Patch: ${MERGE_PATCH_TYPE} (RFC 5789, section 3.1)`))).toBe(MERGE_PATCH_TYPE);
  });

  it('answers 422 and leaves the book unchanged when the patched book would be invalid', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: { title: null, author: randomBook(rng).author }, headers: MERGE });
    expectProblem(res, 422, 'the patch removes "title", which every book needs: the patched book fails validation, so the PATCH is 422 (RFC 5789, section 2.2)', tag);
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'a PATCH is all or nothing: after the 422 the stored book must be exactly what it was, author included (RFC 5789, section 2)'))).toEqual(book);
  });

  it('answers 412 to a PATCH whose If-Match holds a stale ETag', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const stale = await currentEtag(url, path, rng);
    await send(url, 'PATCH', path, { body: { title: randomBook(rng).title }, headers: MERGE });

    const res = await send(url, 'PATCH', path, { body: { author: null }, headers: { ...MERGE, 'if-match': stale } });
    expectProblem(res, 412, 'a PATCH is a write like PUT: with a stale If-Match it must fail with 412 so that it does not apply to a version the client never saw (RFC 9110, section 13.1.1)', tag);
  });

  it('answers 412, not 400, to a PATCH with a stale If-Match and a patch that is not valid JSON', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);
    const stale = await currentEtag(url, path, rng);
    await send(url, 'PATCH', path, { body: { title: randomBook(rng).title }, headers: MERGE });

    const res = await send(url, 'PATCH', path, { body: `{"title": ${rng.word(5)}`, headers: { ...MERGE, 'if-match': stale } });
    expectProblem(res, 412, 'If-Match as in task 3: find the book, evaluate the precondition, and only then read and parse the patch. The client’s copy is stale, which is what it must learn first: 412, not 400 (RFC 9110, section 13.2.2)', tag);
  });

  it('answers 400, not 200, to a PATCH whose body is empty', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: '', headers: MERGE });
    expectProblem(res, 400, 'an empty body is not valid JSON, so it is not a merge patch either: 400 Bad Request. The empty merge patch, which changes nothing, is {} (RFC 7396, section 2; RFC 9110, section 15.5.1)', tag);
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'the refused patch leaves the book as it was'))).toEqual(book);
  });

  it('answers 400 with problem details for a patch that is not valid JSON', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: `{"title": ${rng.word(5)}}`, headers: MERGE });
    expectProblem(res, 400, 'a merge patch is JSON: one that does not parse is 400 Bad Request, not a 500 (RFC 7396, section 2; RFC 9110, section 15.5.1)', tag);
  });

  it('answers a PATCH with the new ETag of the patched book', async () => {
    const url = await startApi();
    const { path, etag } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: { title: randomBook(rng).title }, headers: MERGE });
    expect(res.status, tag(explain(res, 'setting up: a valid merge patch answers 200'))).toBe(200);
    const after = res.headers.get('etag');
    expect(after, tag(explain(res, `the book changed, so the ETag of the PATCH’s answer is a new one, not ${etag} (RFC 9110, section 8.8.3)`))).not.toBe(etag);
    const read = await send(url, 'GET', path);
    expect(read.headers.get('etag'), tag(explain(read, `the ETag of the PATCH’s answer (${after}) is the ETag of the book as it now is`))).toBe(after);
  });

  it('accepts application/merge-patch+json in any letter case and with parameters', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);
    const title = randomBook(rng).title;

    const res = await send(url, 'PATCH', path, { body: { title }, headers: { 'content-type': 'Application/Merge-Patch+JSON; charset=utf-8' } });
    expect(res.status, tag(explain(res, 'media type names are case-insensitive and may carry parameters: this is application/merge-patch+json (RFC 9110, section 8.3.1)'))).toBe(200);
    expect(jsonOf(res), tag(explain(res, 'the patch is applied'))).toEqual({ ...book, title });
  });

  it('answers 404, not 415, to a PATCH on a book that does not exist', async () => {
    const url = await startApi();

    const res = await send(url, 'PATCH', `/books/${rng.word(12)}`, { body: { title: randomBook(rng).title } });
    expectProblem(res, 404, 'the route comes first: there is no such book, so the answer is 404 whatever the media type of the patch (RFC 9110, sections 13.2.2 and 15.5.5)', tag);
  });

  it('answers 422 to a patch that sets the id, and keeps the book', async () => {
    const url = await startApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: { id: rng.word(10) }, headers: MERGE });
    const problem = expectProblem(res, 422, 'apply the patch to the book without its id, then check the result like a PUT body: an "id" member is not one a client may send, 422 (OWASP Mass Assignment Cheat Sheet)', tag);
    const pointers = Array.isArray(problem.errors) ? problem.errors.map((error: { pointer?: unknown }) => error?.pointer) : [];
    expect(pointers, tag(explain(res, 'the error points at the id'))).toContain('#/id');
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'the refused patch leaves the book as it was'))).toEqual(book);
  });

  it('answers 409 to a patch that takes the ISBN of another book, and keeps the book', async () => {
    const url = await startApi();
    const isbn = randomIsbn(rng);
    await createBook(url, { ...randomBook(rng), isbn }, rng);
    const { path, book } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: { isbn }, headers: MERGE });
    expectProblem(res, 409, `ISBN ${isbn} is another book’s: a patch that takes it is 409 Conflict, as for POST and PUT (RFC 9110, section 15.5.10)`, tag);
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, 'the refused patch leaves the book as it was'))).toEqual(book);
  });

  it('applies two PATCHes sent at once each to the book as it is, so that neither change is lost', async () => {
    const { url, arrived } = await startWatchedApi();
    const { path, book } = await createBook(url, randomBook(rng), rng);
    const { title, author } = randomBook(rng);

    const held = [{ title }, { author }].map((patch) => sendHeld(url, 'PATCH', path, { headers: MERGE, body: JSON.stringify(patch) }));
    await arrived(3);
    for (const request of held) request.release();
    const answers = await Promise.all(held.map((request) => request.exchange));
    for (const res of answers) expect(res.status, tag(explain(res, 'each of the two patches is valid and carries no If-Match: 200'))).toBe(200);
    const read = await send(url, 'GET', path);
    expect(jsonOf(read), tag(explain(read, `one PATCH changed the title and the other the author, and both reached the API at once: the book must hold both changes. A patch applied to a copy of the book read before its body arrived (an await) undoes the other patch (a lost update): apply it to the book as it is once the patch has been read, or handle one write to a book at a time (RFC 7396, section 2)`))).toEqual({ ...book, title, author });
  });
});
