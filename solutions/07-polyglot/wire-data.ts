// Values that must cross a language boundary intact. JSON has one number type (a
// double in JavaScript), no date type and no bytes, so each of these travels in an
// agreed text form, and each side checks that form instead of guessing.

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** A signed 64-bit integer as a decimal string: the only form JSON carries exactly. */
export function encodeInt64(value: bigint): string {
  if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`${value} does not fit in a signed 64-bit integer`);
  return value.toString();
}

/** Reads a 64-bit integer sent as a decimal string, or as a JSON number only while it is exact. */
export function decodeInt64(wire: unknown): bigint {
  if (typeof wire === 'number') {
    // Past 2^53 the parser has already rounded the number: the true value is lost.
    if (!Number.isSafeInteger(wire)) throw new RangeError(`${wire} is not an exact integer: beyond 2^53 a JSON number is rounded, send it as a decimal string`);
    return BigInt(wire);
  }
  if (typeof wire !== 'string' || !DECIMAL_INTEGER.test(wire)) throw new RangeError(`${JSON.stringify(wire)} is not a decimal integer`);
  const value = BigInt(wire);
  if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`${wire} does not fit in a signed 64-bit integer`);
  return value;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** An instant as RFC 3339 in UTC with a `Z`, e.g. 2024-05-01T12:00:00.000Z. */
export function formatTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('an invalid Date has no timestamp');
  const year = date.getUTCFullYear();
  // toISOString writes years outside 0000-9999 as +010000, which RFC 3339 does not allow.
  if (year < 0 || year > 9999) throw new RangeError(`the year ${year} cannot be written in RFC 3339`);
  return date.toISOString();
}

/** Reads an RFC 3339 date-time; an offset is required, since without one the instant is unknown. */
export function parseTimestamp(text: string): Date {
  const match = RFC3339.exec(text);
  if (match === null) throw new RangeError(`${JSON.stringify(text)} is not an RFC 3339 date-time with an offset`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Milliseconds from the digits themselves: 0.57 * 1000 is 569.99… in floating point.
  const millis = Number((match[7] ?? '.').slice(1).padEnd(3, '0').slice(0, 3));
  const offsetMinutes = match[8] !== undefined ? 0 : (match[9] === '-' ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11]));
  const valid =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    hour <= 23 && minute <= 59 && second <= 59 && Number(match[10] ?? 0) <= 23 && Number(match[11] ?? 0) <= 59;
  if (!valid) throw new RangeError(`${JSON.stringify(text)} names a date or time that does not exist`);
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, millis);
  return date;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes as base64 with the standard alphabet and padding (RFC 4648, section 4). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Reads standard base64; refuses any other character, as RFC 4648 section 3.3 requires. */
export function decodeBase64(text: string): Uint8Array {
  // Buffer.from(text, 'base64') skips characters it does not know: check first.
  if (!BASE64.test(text)) throw new RangeError(`${JSON.stringify(text.slice(0, 40))} is not standard base64 (RFC 4648, section 4)`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** How many bytes the text takes in UTF-8: what a byte limit in another language counts. */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
