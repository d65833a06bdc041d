// The books API: /books and /books/:id over node:http, held in memory.
// README.md walks through it task by task; the other files of src/ are a suggested
// split (change them as you like: the tests import only createBooksApi and
// applyMergePatch).
//
//   GET    /books           a page of books (task 2)
//   POST   /books           create a book: 201 + Location (task 1), Idempotency-Key (task 5)
//   GET    /books/:id       one book, with an ETag (task 3)
//   PUT    /books/:id       replace a book (task 1), If-Match (task 3)
//   PATCH  /books/:id       JSON Merge Patch (task 4)
//   DELETE /books/:id       204 (task 1), If-Match (task 3)
import type { RequestListener } from 'node:http';

/** A request listener for node:http's createServer; each call starts with no books. */
export function createBooksApi(): RequestListener {
  // Keep a BookStore here, and answer every request, errors included, with a Reply.
  throw new Error('TODO: task 1 — return a request listener that serves /books and /books/:id and answers every error as problem details');
}
