// Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header): a client that
// timed out can send the same request again with the same key, and gets the first
// answer back instead of creating a second book. The same key with a different body
// is a client bug, answered 422.
import { createHash } from 'node:crypto';
import { HttpProblem, type Reply } from './reply.js';

const KEY_REUSED = 'https://books.example/problems/idempotency-key-reused';

interface Entry {
  fingerprint: string;
  reply: Reply;
}

/** A fingerprint of what was asked: the same key must come with the same request. */
export function fingerprintOf(mediaType: string | undefined, body: string): string {
  return createHash('sha256').update(`${mediaType ?? ''}\n${body}`).digest('base64url');
}

// Kept in memory for the life of the API. A real service keeps the entries next to
// the data they describe, in the same transaction, and expires them (say after 24 h).
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();

  /** The reply to replay for this key, undefined for a new key, 422 for a key reused with another request. */
  replayFor(key: string, fingerprint: string): Reply | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.fingerprint !== fingerprint) {
      throw new HttpProblem({
        type: KEY_REUSED,
        title: 'Idempotency-Key already used',
        status: 422,
        detail: 'this Idempotency-Key was first sent with a different request; use a new key for a new request',
      });
    }
    return entry.reply;
  }

  remember(key: string, fingerprint: string, reply: Reply): void {
    this.#entries.set(key, { fingerprint, reply });
  }
}
