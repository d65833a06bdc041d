// Cursor pagination: a bounded limit, an opaque cursor, and a Link header
// (RFC 8288) that takes the client to the next page.

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** The page size: DEFAULT_LIMIT when absent, at most MAX_LIMIT, 400 when not a positive integer. */
export function parseLimit(raw: string | null): number {
  throw new Error('TODO: task 2 — turn the limit query parameter into a page size from 1 to MAX_LIMIT');
}

/** A cursor pointing after the book at `position`; its layout is ours to change. */
export function encodeCursor(position: number): string {
  throw new Error('TODO: task 2 — encode a position as an opaque cursor');
}

/** The position a cursor points after; 0 (the start) when there is none, 400 for one we did not issue. */
export function decodeCursor(raw: string | null): number {
  throw new Error('TODO: task 2 — decode a cursor back into a position');
}

/** The value of a Link header that points at the next page (RFC 8288, section 3). */
export function nextLink(path: string, limit: number, cursor: string): string {
  throw new Error('TODO: task 2 — build `<path?limit=...&cursor=...>; rel="next"`');
}
