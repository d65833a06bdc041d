// Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header): the first
// answer for a key is remembered and replayed to a retry of the same request.
import type { Reply } from './reply.js';

/** A fingerprint of what was asked: the same key must come with the same request. */
export function fingerprintOf(mediaType: string | undefined, body: string): string {
  throw new Error('TODO: task 5 — hash the media type and the body');
}

export class IdempotencyStore {
  /** The reply to replay for this key, undefined for a new key, 422 for a key reused with another request. */
  replayFor(key: string, fingerprint: string): Reply | undefined {
    throw new Error('TODO: task 5 — look the key up and compare fingerprints');
  }

  remember(key: string, fingerprint: string, reply: Reply): void {
    throw new Error('TODO: task 5 — remember the reply for this key and fingerprint');
  }
}
