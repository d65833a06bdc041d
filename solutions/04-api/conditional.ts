// Entity tags and the preconditions built on them (RFC 9110, sections 8.8.3 and 13).
// If-None-Match lets a client skip a download it already has (304); If-Match lets it
// say "only if nobody changed it since I read it" (412 otherwise): no lost updates.
import { createHash } from 'node:crypto';

/** A strong ETag: a fingerprint of the exact bytes of the representation. */
export function etagOf(representation: string): string {
  return `"${createHash('sha256').update(representation).digest('base64url').slice(0, 27)}"`;
}

/** True when If-None-Match names the current ETag or is "*": answer 304 to a GET. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110, section 8.8.3.2): W/"x" and "x" are the same here.
  return entityTags(header).some((tag) => opaque(tag) === opaque(etag));
}

/** False when If-Match is present and does not name the current ETag: answer 412. */
export function ifMatchPasses(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  if (header.trim() === '*') return true;
  // Strong comparison: a weak tag never matches, since it cannot promise identical bytes.
  return entityTags(header).some((tag) => !tag.startsWith('W/') && tag === etag);
}

/** The entity-tags of a list such as `"a", W/"b"`; a comma may sit inside quotes. */
function entityTags(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"/g) ?? [];
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
