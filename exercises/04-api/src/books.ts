// The book resource: its shape, the rules a book must follow, and an in-memory store
// that keeps books in creation order (what the cursor of task 2 walks through).

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

/** The writable fields of a valid book, or a 422 that lists every invalid member. */
export function validateBook(input: unknown): BookFields {
  throw new Error('TODO: task 1 — check title, author, isbn and labels, and throw a 422 problem listing every invalid member');
}

export class BookStore {
  get(id: string): StoredBook | undefined {
    throw new Error('TODO: task 1 — find a stored book by id');
  }

  /** Stores a new book under a new id; 409 when its ISBN belongs to another book. */
  add(fields: BookFields): StoredBook {
    throw new Error('TODO: task 1 — store a new book with a new id and the next position');
  }

  /** Replaces a book's fields, keeping its id and position; 409 when its ISBN belongs to another book. */
  replace(id: string, fields: BookFields): StoredBook {
    throw new Error('TODO: task 1 — replace the fields of a stored book');
  }

  remove(id: string): void {
    throw new Error('TODO: task 1 — forget a stored book');
  }

  /** Up to `limit` books after position `after` in creation order, and whether more follow. */
  page(after: number, limit: number): { books: StoredBook[]; more: boolean } {
    throw new Error('TODO: task 2 — answer the books after a position, oldest first, and whether more follow');
  }
}
