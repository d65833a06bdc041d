// Values that must cross a language boundary intact. JSON has one number type (a
// double in JavaScript), no date type and no bytes, so each of these travels in an
// agreed text form, and each side checks that form instead of guessing.

/** A signed 64-bit integer as a decimal string: the only form JSON carries exactly. */
export function encodeInt64(value: bigint): string {
  throw new Error('TODO: task 3 — write a signed 64-bit bigint as a decimal string (RangeError outside the 64-bit range)');
}

/** Reads a 64-bit integer sent as a decimal string, or as a JSON number only while it is exact. */
export function decodeInt64(wire: unknown): bigint {
  throw new Error('TODO: task 3 — read a decimal string (or an exact JSON number) as a bigint, RangeError for anything else');
}

/** An instant as RFC 3339 in UTC with a `Z`, e.g. 2024-05-01T12:00:00.000Z. */
export function formatTimestamp(date: Date): string {
  throw new Error('TODO: task 3 — write the Date as an RFC 3339 timestamp in UTC ending in Z');
}

/** Reads an RFC 3339 date-time; an offset is required, since without one the instant is unknown. */
export function parseTimestamp(text: string): Date {
  throw new Error('TODO: task 3 — read an RFC 3339 date-time with Z or an offset, RangeError for anything else');
}

/** Bytes as base64 with the standard alphabet and padding (RFC 4648, section 4). */
export function encodeBase64(bytes: Uint8Array): string {
  throw new Error('TODO: task 3 — write the bytes as standard base64 with padding');
}

/** Reads standard base64; refuses any other character, as RFC 4648 section 3.3 requires. */
export function decodeBase64(text: string): Uint8Array {
  throw new Error('TODO: task 3 — read standard base64, RangeError for any character outside the alphabet');
}

/** How many bytes the text takes in UTF-8: what a byte limit in another language counts. */
export function utf8ByteLength(text: string): number {
  throw new Error('TODO: task 3 — count the UTF-8 bytes of the text (not its UTF-16 length)');
}
