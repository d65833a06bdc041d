// Task 2: GET /books answers one page at a time. The page size is bounded, the next
// page is reached through an opaque cursor in an RFC 8288 Link header, and walking the
// pages visits every book exactly once even when books are deleted in between.
import { describe, expect, it } from 'vitest';
import { explain, send } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createBooks, createManyBooks, expectProblem, itemsOf, nextOf, randomBook, startApi, walkPages } from './support/books-api.js';

const rng = seededRandom();
const tag = rng.tag;
const ids = (books: { id: string }[]) => books.map((book) => book.id);

describe('task 2: Pagination with a cursor and a Link header', () => {
  it('answers the first 20 books by default, oldest first, with a next link', async () => {
    const url = await startApi();
    const books = await createBooks(url, rng.int(21, 30), rng);

    const res = await send(url, 'GET', '/books');
    expect(res.status, tag(explain(res, 'GET /books lists the books: 200 OK'))).toBe(200);
    expect(ids(itemsOf(res, tag)), tag(explain(res, `without a limit a page holds the default 20 books, in the order they were created (${books.length} exist)`))).toEqual(ids(books.slice(0, 20)));
    expect(nextOf(res), tag(explain(res, 'more books follow, so the page carries a Link header with rel="next", for example Link: </books?limit=20&cursor=...>; rel="next" (RFC 8288, section 3)'))).toBeDefined();
  });

  it('never answers more than 100 books, however large the limit asked for', async () => {
    const url = await startApi();
    await createManyBooks(url, 101 + rng.int(0, 4), rng);
    const limit = rng.int(101, 100_000);

    const res = await send(url, 'GET', `/books?limit=${limit}`);
    expect(res.status, tag(explain(res, 'a limit above the maximum is served as the maximum, not refused'))).toBe(200);
    expect(itemsOf(res, tag).length, tag(explain(res, `limit=${limit} must be capped at 100: an unbounded limit lets any client make the server read and send the whole table at once (OWASP API Security Top 10, API4:2023 Unrestricted Resource Consumption)`))).toBe(100);
    expect(nextOf(res), tag(explain(res, 'the books beyond the first 100 are still reachable through the rel="next" link'))).toBeDefined();
  });

  it('answers 400 with problem details for a limit that is not a whole number from 1 up', async () => {
    const url = await startApi();
    await createBooks(url, 2, rng);

    for (const limit of ['0', '-5', 'ten', '2.5']) {
      const res = await send(url, 'GET', `/books?limit=${limit}`);
      expectProblem(res, 400, `limit=${limit} is not a page size: 400 Bad Request tells the client to fix the request, instead of guessing what it meant (RFC 9110, section 15.5.1)`, tag);
    }
  });

  it('visits every book exactly once, oldest first, by following the next links', async () => {
    const url = await startApi();
    const books = await createBooks(url, rng.int(7, 19), rng);
    const limit = rng.int(2, 5);

    const pages = await walkPages(`${url}/books?limit=${limit}`, books.length + 2, tag);
    const seen = pages.flatMap((page) => ids(itemsOf(page, tag)));
    const why = `${books.length} books, limit=${limit}: following rel="next" from the first page must list every book once, in creation order, with no repeats and no gaps; ${pages.length} page(s) were read`;
    expect(seen, tag(`${why}\n${pages.map((page) => explain(page, '  page:')).join('\n')}`)).toEqual(ids(books));
    for (const page of pages.filter((page) => nextOf(page) !== undefined)) {
      expect(itemsOf(page, tag).length, tag(explain(page, `every page before the last holds exactly limit=${limit} books: the next link must keep the limit the client asked for`))).toBe(limit);
    }
  });

  it('puts no next link on the last page, even when the last page is exactly full', async () => {
    const url = await startApi();
    const limit = rng.int(2, 4);
    await createBooks(url, limit * 2, rng);

    const [first, second] = await walkPages(`${url}/books?limit=${limit}`, 3, tag);
    expect(second, tag(`${limit * 2} books with limit=${limit} fill two pages: the first page needs a rel="next" link to the second\n${first ? explain(first, '  first page:') : ''}`)).toBeDefined();
    if (second === undefined) return;
    expect(itemsOf(second, tag).length, tag(explain(second, `the second page holds the last ${limit} books`))).toBe(limit);
    expect(nextOf(second), tag(explain(second, 'no book follows the last page, so it must carry no rel="next" link: a client would show a "more" button that loads nothing. Fetch limit + 1 rows to know whether more follow'))).toBeUndefined();
  });

  it('does not skip a book when a book on an earlier page is deleted between pages', async () => {
    const url = await startApi();
    const books = await createBooks(url, 6, rng);

    const first = await send(url, 'GET', '/books?limit=3');
    expect(ids(itemsOf(first, tag)), tag(explain(first, 'the first page of limit=3 holds the three oldest books'))).toEqual(ids(books.slice(0, 3)));
    const next = nextOf(first);
    expect(next, tag(explain(first, 'three more books follow, so the page carries a rel="next" link (RFC 8288, section 3)'))).toBeDefined();
    const victim = books[rng.int(0, 2)]?.id ?? '';
    const deleted = await send(url, 'DELETE', `/books/${victim}`);
    expect(deleted.status, tag(explain(deleted, 'setting up this test: DELETE on a book answers 204 (task 1)'))).toBe(204);

    const second = await send('', 'GET', next ?? '');
    expect(ids(itemsOf(second, tag)), tag(explain(second, 'a book on page one was deleted after page one was read; page two must still start right after the last book the client saw. A cursor that counts an offset ("skip 3") now skips a book nobody has seen: the cursor must name the last book seen (keyset pagination)'))).toEqual(ids(books.slice(3, 6)));
  });

  it('answers 400 with problem details for a cursor the API did not issue', async () => {
    const url = await startApi();
    await createBooks(url, 3, rng);

    const res = await send(url, 'GET', `/books?limit=2&cursor=${rng.word(9)}!`);
    expectProblem(res, 400, 'a cursor is only ever one the API wrote into a Link header; a made-up or damaged one is 400 Bad Request, not a crash and not the first page (RFC 9110, section 15.5.1)', tag);
  });

  it('answers 400 with problem details for an empty cursor', async () => {
    const url = await startApi();
    await createBooks(url, 3, rng);

    const res = await send(url, 'GET', '/books?limit=2&cursor=');
    expectProblem(res, 400, 'cursor= with nothing after it is not a cursor the API issued: 400, not the first page. Test for a missing parameter (null), not for a falsy one (RFC 9110, section 15.5.1)', tag);
  });

  it('answers an empty list and no next link when there are no books', async () => {
    const url = await startApi();

    const res = await send(url, 'GET', '/books');
    expect(res.status, tag(explain(res, 'an empty collection is still a collection: 200 OK, not 404'))).toBe(200);
    expect(itemsOf(res, tag), tag(explain(res, 'with no books, "items" is an empty array'))).toEqual([]);
    expect(nextOf(res), tag(explain(res, 'an empty list has no next page'))).toBeUndefined();
  });

  it('answers 400 with problem details for an empty limit', async () => {
    const url = await startApi();
    await createBooks(url, 2, rng);

    const res = await send(url, 'GET', '/books?limit=');
    expectProblem(res, 400, 'limit= with nothing after it is not a whole number from 1 up: 400, not the default page size. Test for a missing parameter (null), not for a falsy one (RFC 9110, section 15.5.1)', tag);
  });

  it('serves exactly 100 books for limit=100 and for limit=101', async () => {
    const url = await startApi();
    await createManyBooks(url, 101 + rng.int(0, 4), rng);

    for (const limit of [100, 101]) {
      const res = await send(url, 'GET', `/books?limit=${limit}`);
      expect(res.status, tag(explain(res, `limit=${limit} is a valid page size: 200`))).toBe(200);
      expect(itemsOf(res, tag).length, tag(explain(res, `100 is the largest page: limit=100 is served in full and limit=${limit} is served as 100 books, no more and no fewer (OWASP API Security Top 10, API4:2023)`))).toBe(100);
    }
  });

  it('keeps the limit the client asked for on every page reached through the next links', async () => {
    const url = await startApi();
    const limit = rng.int(2, 5);
    const books = await createBooks(url, limit * 3 + 1, rng);

    const pages = await walkPages(`${url}/books?limit=${limit}`, 6, tag);
    const sizes = pages.map((page) => itemsOf(page, tag).length);
    const why = `${books.length} books read with limit=${limit} make pages of ${limit}, ${limit}, ${limit} and 1 book; the pages held ${sizes.join(', ')}. The next link keeps the limit the client asked for (here in its query: limit=${limit}), or the second page falls back to the default size`;
    expect(sizes, tag(`${why}\n${pages.map((page) => explain(page, '  page:')).join('\n')}`)).toEqual([limit, limit, limit, 1]);
  });

  it('does not skip a book created after another was deleted: positions are never reused', async () => {
    const url = await startApi();
    const books = await createBooks(url, rng.int(3, 6), rng);
    const victim = books[rng.int(0, books.length - 2)]?.id ?? '';
    const deleted = await send(url, 'DELETE', `/books/${victim}`);
    expect(deleted.status, tag(explain(deleted, 'setting up this test: DELETE on a book answers 204 (task 1)'))).toBe(204);
    const [added] = await createBooks(url, 1, rng);
    const expected = [...ids(books).filter((id) => id !== victim), added?.id];

    const pages = await walkPages(`${url}/books?limit=${books.length - 1}`, 4, tag);
    const seen = pages.flatMap((page) => ids(itemsOf(page, tag)));
    const why = `${books.length} books were created, one was deleted, then one more was created; walking the pages with limit=${books.length - 1} must list the ${expected.length} books once each, in creation order. A position counted as "number of books + 1" gives the new book the position of an older one, and the cursor that points after that position skips it: take positions from a counter that only grows`;
    expect(seen, tag(`${why}\n${pages.map((page) => explain(page, '  page:')).join('\n')}`)).toEqual(expected);
  });

  it('keeps creation order after a book is replaced: an update does not move it to the end', async () => {
    const url = await startApi();
    const books = await createBooks(url, rng.int(4, 7), rng);
    const changed = books[rng.int(0, books.length - 2)]?.id ?? '';
    const put = await send(url, 'PUT', `/books/${changed}`, { body: randomBook(rng) });
    expect(put.status, tag(explain(put, 'setting up this test: a PUT with a valid book answers 200 (task 1)'))).toBe(200);

    const pages = await walkPages(`${url}/books?limit=${rng.int(2, 3)}`, books.length + 2, tag);
    const seen = pages.flatMap((page) => ids(itemsOf(page, tag)));
    const why = `${books.length} books were created and one of them (${changed}) was then replaced with PUT: the list stays in creation order, so that book keeps its place. A store that deletes and inserts it again moves it to the end, and the cursor, which walks positions, then skips or repeats books`;
    expect(seen, tag(`${why}\n${pages.map((page) => explain(page, '  page:')).join('\n')}`)).toEqual(ids(books));
  });
});
