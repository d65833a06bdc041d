// Cursor pagination: the client never chooses how much the server reads (a bounded
// limit), never computes the next page itself (an opaque cursor in a Link header,
// RFC 8288), and never skips a book when the list changes between pages (the
// cursor names the last book seen, not an offset).
import { plainProblem } from './reply.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** The page size: DEFAULT_LIMIT when absent, at most MAX_LIMIT, 400 when not a positive integer. */
export function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const limit = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1)) throw plainProblem(400, 'Bad Request', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return Math.min(limit, MAX_LIMIT);
}

/** A cursor pointing after the book at `position`; its layout is ours to change. */
export function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ after: position })).toString('base64url');
}

/** The position a cursor points after; 0 (the start) when there is none, 400 for one we did not issue. */
export function decodeCursor(raw: string | null): number {
  if (raw === null) return 0;
  const after = readAfter(raw);
  if (after === undefined) throw plainProblem(400, 'Bad Request', 'cursor is not one this API issued: follow the Link header instead of building one');
  return after;
}

/** The value of a Link header that points at the next page (RFC 8288, section 3). */
export function nextLink(path: string, limit: number, cursor: string): string {
  const query = new URLSearchParams({ limit: String(limit), cursor });
  return `<${path}?${query}>; rel="next"`;
}

function readAfter(raw: string): number | undefined {
  try {
    const { after } = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { after?: unknown };
    return Number.isSafeInteger(after) && (after as number) >= 0 ? (after as number) : undefined;
  } catch {
    return undefined;
  }
}
