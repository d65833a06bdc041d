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
  const lower = key.toLowerCase();
  return SENSITIVE_WORDS.some((word) => lower.includes(word));
}

/** A copy of any value, ready for JSON.stringify: errors serialised, secrets redacted, cycles cut. */
export function sanitize(value: unknown): unknown {
  return copy(value, []);
}

export function serializeError(error: Error): SerializedError {
  return copyError(error, [error]);
}

/** `ancestors` holds the objects on the path from the root to here: only those make a cycle. */
function copy(value: unknown, ancestors: readonly object[]): unknown {
  // JSON.stringify throws on a bigint, and a logger must never throw.
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.includes(value)) return CIRCULAR;
  const path = [...ancestors, value];
  if (value instanceof Error) return copyError(value, path);
  // A Date (or anything else with toJSON) says itself how it is written.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return copy((value as { toJSON: () => unknown }).toJSON(), path);
  if (Array.isArray(value)) return value.map((item) => copy(item, path));
  return copyFields(Object.entries(value), path);
}

function copyError(error: Error, path: readonly object[]): SerializedError {
  const serialized: SerializedError = {
    type: typeof error.constructor === 'function' ? error.constructor.name : error.name,
    message: error.message,
    stack: error.stack,
  };
  // `cause` given to the constructor is not enumerable: Object.entries alone would miss it.
  if (error.cause !== undefined) serialized.cause = copy(error.cause, path);
  const own = Object.entries(error).filter(([key]) => !(key in serialized));
  return Object.assign(serialized, copyFields(own, path));
}

function copyFields(entries: [string, unknown][], path: readonly object[]): Record<string, unknown> {
  // fromEntries defines each key, so even a key named "__proto__" stays a plain field.
  return Object.fromEntries(entries.map(([key, item]) => [key, isSensitiveKey(key) ? REDACTED : copy(item, path)]));
}
