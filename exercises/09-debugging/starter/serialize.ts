// What a log line may contain: errors made readable, secrets hidden, cycles cut.
// Everything here builds a new value; the caller's objects are never touched, because
// the code that logged them goes on using them after the log call.

/** pino's default censor text. */
export const REDACTED = '[Redacted]';
/** What safe-stable-stringify (pino's serialiser) writes for a reference back to an ancestor. */
export const CIRCULAR = '[Circular]';
/** A key is sensitive when its lower-cased name contains one of these words. */
export const SENSITIVE_WORDS: readonly string[] = ['password', 'token', 'authorization', 'cookie'];

/** The layout of pino's `err` serializer (pino-std-serializers' errWithCause). */
export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: unknown;
  [key: string]: unknown;
}

export function isSensitiveKey(key: string): boolean {
  void key;
  throw new Error('TODO: task 2 — write isSensitiveKey(): does the lower-cased key contain a SENSITIVE_WORDS entry?');
}

/** A copy of any value, ready for JSON.stringify: errors serialised, secrets redacted, cycles cut. */
export function sanitize(value: unknown): unknown {
  void value;
  throw new Error('TODO: task 2 — write sanitize(): copy the value with errors serialised, sensitive keys redacted and cycles cut');
}

export function serializeError(error: Error): SerializedError {
  void error;
  throw new Error('TODO: task 2 — write serializeError(): { type, message, stack, cause?, ...own fields }');
}
