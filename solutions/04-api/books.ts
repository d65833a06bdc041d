// The book resource: its shape, the rules a book must follow, and an in-memory store
// that keeps books in creation order (what the cursor of task 2 walks through).
import { randomUUID } from 'node:crypto';
import { HttpProblem } from './reply.js';

export interface Book {
  /** Assigned by the server; never part of what a client sends. */
  id: string;
  title: string;
  author?: string;
  /** 13 digits, unique among all books. */
  isbn?: string;
  labels?: Record<string, string>;
}

/** What a client may write: everything but the id. */
export type BookFields = Omit<Book, 'id'>;

export interface StoredBook {
  book: Book;
  /** Where the book stands in creation order; never reused. */
  position: number;
}

/** One invalid member, as a JSON Pointer in URI fragment form (RFC 9457, section 3). */
export interface FieldError {
  pointer: string;
  detail: string;
}

const INVALID_BOOK = 'https://books.example/problems/invalid-book';
const ISBN_TAKEN = 'https://books.example/problems/isbn-taken';
const MAX_TEXT = 200;

/** The writable fields of a valid book, or a 422 that lists every invalid member. */
export function validateBook(input: unknown): BookFields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid([{ pointer: '#', detail: 'a book must be a JSON object' }]);
  const value = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const text = (name: string, required: boolean): void => {
    const member = value[name];
    if (member === undefined) {
      if (required) errors.push({ pointer: `#/${name}`, detail: 'is required' });
    } else if (typeof member !== 'string' || member.trim() === '' || member.length > MAX_TEXT) {
      errors.push({ pointer: `#/${name}`, detail: `must be a non-blank string of at most ${MAX_TEXT} characters` });
    }
  };
  text('title', true);
  text('author', false);
  if (value.isbn !== undefined && (typeof value.isbn !== 'string' || !/^[0-9]{13}$/.test(value.isbn))) {
    errors.push({ pointer: '#/isbn', detail: 'must be a string of 13 digits' });
  }
  errors.push(...labelErrors(value.labels));
  for (const name of Object.keys(value)) {
    if (!['title', 'author', 'isbn', 'labels'].includes(name)) errors.push({ pointer: `#/${pointerToken(name)}`, detail: 'is not a member of a book' });
  }
  if (errors.length > 0) throw invalid(errors);
  return pickFields(value);
}

export class BookStore {
  // A Map iterates in insertion order, and replacing a value keeps its place.
  readonly #books = new Map<string, StoredBook>();
  #lastPosition = 0;

  get(id: string): StoredBook | undefined {
    return this.#books.get(id);
  }

  add(fields: BookFields): StoredBook {
    this.#assertIsbnFree(fields.isbn, undefined);
    const book = { id: randomUUID(), ...fields };
    return this.#save(book, ++this.#lastPosition);
  }

  replace(id: string, fields: BookFields): StoredBook {
    const current = this.#books.get(id);
    if (current === undefined) throw new Error(`no book ${id}`);
    this.#assertIsbnFree(fields.isbn, id);
    return this.#save({ id, ...fields }, current.position);
  }

  remove(id: string): void {
    this.#books.delete(id);
  }

  /** Up to `limit` books after `after` in creation order, and whether more follow. */
  page(after: number, limit: number): { books: StoredBook[]; more: boolean } {
    // A linear scan is fine for an in-memory kata; a database answers the same
    // question with `WHERE position > $1 ORDER BY position LIMIT $2 + 1` on an index.
    const books = [...this.#books.values()].filter((stored) => stored.position > after).slice(0, limit + 1);
    return { books: books.slice(0, limit), more: books.length > limit };
  }

  #save(book: Book, position: number): StoredBook {
    const stored = { book, position };
    this.#books.set(book.id, stored);
    return stored;
  }

  #assertIsbnFree(isbn: string | undefined, ownId: string | undefined): void {
    if (isbn === undefined) return;
    const holder = [...this.#books.values()].find((stored) => stored.book.isbn === isbn && stored.book.id !== ownId);
    if (holder === undefined) return;
    throw new HttpProblem({ type: ISBN_TAKEN, title: 'ISBN already in use', status: 409, detail: `book /books/${holder.book.id} already has ISBN ${isbn}` });
  }
}

function labelErrors(labels: unknown): FieldError[] {
  if (labels === undefined) return [];
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return [{ pointer: '#/labels', detail: 'must be an object of strings' }];
  return Object.entries(labels)
    .filter(([, text]) => typeof text !== 'string' || text.length > MAX_TEXT)
    .map(([name]) => ({ pointer: `#/labels/${pointerToken(name)}`, detail: `must be a string of at most ${MAX_TEXT} characters` }));
}

function pickFields(value: Record<string, unknown>): BookFields {
  const fields: BookFields = { title: value.title as string };
  if (value.author !== undefined) fields.author = value.author as string;
  if (value.isbn !== undefined) fields.isbn = value.isbn as string;
  if (value.labels !== undefined) fields.labels = Object.fromEntries(Object.entries(value.labels as Record<string, string>));
  return fields;
}

/** A member name as a JSON Pointer token (RFC 6901) inside a URI fragment. */
function pointerToken(name: string): string {
  return encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function invalid(errors: FieldError[]): HttpProblem {
  return new HttpProblem({ type: INVALID_BOOK, title: 'The book is not valid', status: 422, detail: `${errors.length} member(s) need fixing`, errors });
}
