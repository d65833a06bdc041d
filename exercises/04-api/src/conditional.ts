// Entity tags and the preconditions built on them (RFC 9110, sections 8.8.3 and 13).

/** A strong ETag for these exact bytes of a representation. */
export function etagOf(representation: string): string {
  throw new Error('TODO: task 3 — answer a strong ETag (a quoted string) that changes whenever the bytes change');
}

/** True when If-None-Match names the current ETag or is "*": answer 304 to a GET. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  throw new Error('TODO: task 3 — compare If-None-Match with the current ETag (weak comparison)');
}

/** False when If-Match is present and does not name the current ETag: answer 412. */
export function ifMatchPasses(header: string | undefined, etag: string): boolean {
  throw new Error('TODO: task 3 — compare If-Match with the current ETag (strong comparison)');
}
