// Task 4: PATCH as RFC 7396 JSON Merge Patch. applyMergePatch is checked against the
// RFC's own examples; PATCH /books/:id is then checked over real HTTP.
import { describe, expect, it } from 'vitest';
import { explain, jsonOf, send } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { applyMergePatch } from '../src/merge-patch.js';
import { createBook, currentEtag, expectProblem, MERGE_PATCH_TYPE, randomBook, startApi, type BookJson } from './support/books-api.js';
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

  it('answers 400 with problem details for a patch that is not valid JSON', async () => {
    const url = await startApi();
    const { path } = await createBook(url, randomBook(rng), rng);

    const res = await send(url, 'PATCH', path, { body: `{"title": ${rng.word(5)}}`, headers: MERGE });
    expectProblem(res, 400, 'a merge patch is JSON: one that does not parse is 400 Bad Request, not a 500 (RFC 7396, section 2; RFC 9110, section 15.5.1)', tag);
  });
});
