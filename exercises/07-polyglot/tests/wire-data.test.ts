import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../../runner/kit/random.js';
import { decodeBase64, decodeInt64, encodeBase64, encodeInt64, formatTimestamp, parseTimestamp, utf8ByteLength } from '../src/wire-data.js';
import { thrownAt } from '../../../runner/kit/where.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** A random signed integer whose size is past 2^53, where doubles start rounding. */
function bigInt64(rng: Random): bigint {
  const high = BigInt(rng.int(2 ** 21, 2 ** 31 - 1));
  const low = BigInt(rng.int(0, 2 ** 32 - 1));
  const magnitude = (high << 32n) | low;
  return rng.next() < 0.5 ? -magnitude : magnitude;
}

/** Characters of every UTF-8 length: 1 byte (ASCII), 2 (Latin, Greek, a combining accent), 3 (€, CJK, Devanagari), 4 (emoji, music). */
const CHARACTERS = ['a', 'Z', '7', ' ', '"', 'é', 'ß', 'ñ', 'Ω', '\u0301', '€', '中', '文', 'ह', '😀', '🚀', '𝄞', '👍🏽'];

function randomText(rng: Random, length: number): string {
  return Array.from({ length }, () => rng.pick(CHARACTERS)).join('');
}

function randomBytes(rng: Random, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => rng.int(0, 255));
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('task 3: data that crosses languages', () => {
  it('writes random 64-bit integers beyond 2^53 as decimal strings and reads them back exactly', () => {
    const rng = seededRandom();
    for (let i = 0; i < 200; i++) {
      const value = bigInt64(rng);
      const wire = encodeInt64(value);
      expect(wire, rng.tag(`a 64-bit integer travels as its decimal digits in a JSON string: a JSON number past 2^53 is rounded by JavaScript and by every other double-based parser (RFC 8259, section 6)`)).toBe(value.toString());
      expect(decodeInt64(wire), rng.tag(`decoding "${wire}" must give the exact value back, digit for digit`)).toBe(value);
    }
    for (const edge of [INT64_MAX, INT64_MIN, 0n, -1n, 9_007_199_254_740_993n]) {
      expect(decodeInt64(encodeInt64(edge)), `the edge value ${edge} must survive the round trip`).toBe(edge);
    }
  });

  it('refuses a JSON number beyond 2^53, which the parser has already rounded, and accepts an exact one', () => {
    const rounded = JSON.parse('{"id": 9007199254740993}') as { id: number };
    expect(thrown(() => decodeInt64(rounded.id)), `JSON.parse turned 9007199254740993 into ${rounded.id}: the true value is gone, so refuse it with a RangeError instead of passing on a wrong id (RFC 8259, section 6)`).toBeInstanceOf(RangeError);
    expect(thrown(() => decodeInt64(2 ** 60)), 'any JSON number past 2^53 may have been rounded on the way: refuse it (RangeError) and ask for a string').toBeInstanceOf(RangeError);
    expect(decodeInt64(42), 'a small JSON number is exact: accept it').toBe(42n);
    expect(decodeInt64(-(2 ** 53 - 1)), 'every integer up to 2^53 - 1 is exact in a double: accept it').toBe(-(2n ** 53n - 1n));
    expect(thrown(() => decodeInt64(1.5)), 'a fraction is not an integer: RangeError').toBeInstanceOf(RangeError);
  });

  it('refuses text that is not a plain decimal integer', () => {
    for (const wire of ['', ' 7', '7 ', '+5', '1e3', '12.0', '0x1F', '1_000', '12a', '--1', '٣', null, true, {}, []]) {
      expect(thrown(() => decodeInt64(wire)), `${JSON.stringify(wire)} is not a decimal integer string: refuse it with a RangeError — BigInt() and Number() would quietly accept some of these`).toBeInstanceOf(RangeError);
    }
  });

  it('refuses decimal strings with leading zeros, which no int64 writer produces', () => {
    for (const wire of ['007', '00', '-01', '09223372036854775807']) {
      expect(thrown(() => decodeInt64(wire)), `${JSON.stringify(wire)} has a leading zero: the agreed form is -?(0|[1-9][0-9]*), the digits proto3 JSON and Twitter's id_str write, so refuse it with a RangeError (some parsers read a leading 0 as octal)`).toBeInstanceOf(RangeError);
    }
  });

  it('refuses integers outside the signed 64-bit range in both directions', () => {
    expect(thrown(() => encodeInt64(INT64_MAX + 1n)), "2^63 does not fit in a Java long, a Go int64 or PostgreSQL's bigint: RangeError").toBeInstanceOf(RangeError);
    expect(thrown(() => encodeInt64(INT64_MIN - 1n)), '-2^63 - 1 does not fit in 64 bits: RangeError').toBeInstanceOf(RangeError);
    expect(thrown(() => decodeInt64('9223372036854775808')), '"9223372036854775808" is 2^63, one past the largest 64-bit integer: RangeError').toBeInstanceOf(RangeError);
    expect(decodeInt64('-9223372036854775808'), '-2^63 is the smallest 64-bit integer and fits').toBe(INT64_MIN);
  });

  it('writes random instants as RFC 3339 timestamps in UTC ending in Z, which read back to the same instant', () => {
    const rng = seededRandom();
    const first = -62_135_596_800_000; // 0001-01-01T00:00:00Z
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    for (let i = 0; i < 200; i++) {
      const instant = new Date(Math.floor(first + rng.next() * (last - first)));
      const text = formatTimestamp(instant);
      expect(text, rng.tag(`${instant.toISOString()} must be written as RFC 3339 date-time in UTC, "YYYY-MM-DDTHH:MM:SS[.fff]Z" (RFC 3339, section 5.6)`)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(parseTimestamp(text).getTime(), rng.tag(`"${text}" must read back as the instant it was written from`)).toBe(instant.getTime());
    }
  });

  it('refuses to write an invalid Date or a year RFC 3339 cannot hold', () => {
    expect(thrown(() => formatTimestamp(new Date(Number.NaN))), 'an invalid Date has no timestamp: RangeError, not the text "Invalid Date"').toBeInstanceOf(RangeError);
    const far = new Date(Date.UTC(10_000, 0, 1));
    expect(thrown(() => formatTimestamp(far)), `the year 10000 has five digits; RFC 3339 allows four (toISOString gives "${far.toISOString()}"): RangeError`).toBeInstanceOf(RangeError);
  });

  it('writes the first and last instants of the years 0000 to 9999 and refuses a year before 0000', () => {
    const first = new Date(0);
    first.setUTCFullYear(0, 0, 1);
    const last = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
    for (const [date, prefix] of [[first, '0000-01-01T00:00:00'], [last, '9999-12-31T23:59:59']] as const) {
      let text: string;
      try {
        text = formatTimestamp(date);
      } catch (error) {
        throw new Error(`${prefix} is within RFC 3339's four-digit years (date-fullyear = 4DIGIT, section 5.6), but formatTimestamp refused it: ${String(error)}${thrownAt(error)}`);
      }
      expect(text.startsWith(prefix) && text.endsWith('Z'), `the instant ${date.toISOString()} is written "${prefix}…Z" (RFC 3339, section 5.6); got "${text}"`).toBe(true);
    }
    const before = new Date(0);
    before.setUTCFullYear(-1, 11, 31);
    expect(thrown(() => formatTimestamp(before)), `the year -1 has no four-digit form (toISOString gives "${before.toISOString()}"): RangeError`).toBeInstanceOf(RangeError);
  });

  it('reads RFC 3339 timestamps with Z or an offset, including the examples of RFC 3339 and the form Python writes', () => {
    const cases: Array<[string, string, string]> = [
      ['1985-04-12T23:20:50.52Z', '1985-04-12T23:20:50.520Z', 'RFC 3339, section 5.8'],
      ['1996-12-19T16:39:57-08:00', '1996-12-20T00:39:57.000Z', 'RFC 3339, section 5.8: 8 hours behind UTC'],
      ['1937-01-01T12:00:27.87+00:20', '1937-01-01T11:40:27.870Z', 'RFC 3339, section 5.8: Netherlands time, 20 minutes ahead'],
      ['2024-05-01T12:00:00.123456+00:00', '2024-05-01T12:00:00.123Z', "Python's datetime.isoformat() writes +00:00, not Z, and microseconds"],
      ['2024-05-01T17:30:00+05:30', '2024-05-01T12:00:00.000Z', 'an offset of +05:30 (India)'],
      ['2024-05-01t12:00:00z', '2024-05-01T12:00:00.000Z', 'RFC 3339, section 5.6: t and z may be lower case'],
      ['2024-03-01T00:30:00+01:00', '2024-02-29T23:30:00.000Z', 'an offset that moves the instant into the day before, in a leap year'],
    ];
    for (const [text, utc, source] of cases) {
      let got: string;
      try {
        got = parseTimestamp(text).toISOString();
      } catch (error) {
        throw new Error(`"${text}" is a valid RFC 3339 timestamp (${source}), but parseTimestamp refused it: ${String(error)}${thrownAt(error)}`);
      }
      expect(got, `"${text}" (${source}) is the instant ${utc}: subtract the offset to get UTC`).toBe(utc);
    }
  });

  it('reads the years 0000 to 0099 as themselves, not as 1900 to 1999', () => {
    for (const [text, year] of [['0000-03-01T00:00:00Z', 0], ['0001-01-01T00:00:00Z', 1], ['0099-12-31T23:59:59Z', 99]] as const) {
      let got: number;
      try {
        got = parseTimestamp(text).getUTCFullYear();
      } catch (error) {
        throw new Error(`"${text}" is a valid RFC 3339 timestamp (date-fullyear = 4DIGIT, section 5.6), but parseTimestamp refused it: ${String(error)}`);
      }
      expect(got, `"${text}" is in the year ${year}: Date.UTC and new Date(y, …) read the years 0-99 as 1900-1999; set the year with setUTCFullYear`).toBe(year);
    }
  });

  it('cuts fraction digits beyond the millisecond instead of rounding them', () => {
    const cases: Array<[string, string]> = [
      ['2024-05-01T12:00:00.9999Z', '2024-05-01T12:00:00.999Z'],
      ['2024-12-31T23:59:59.999999+00:00', '2024-12-31T23:59:59.999Z'],
      ['2024-05-01T12:00:00.0005Z', '2024-05-01T12:00:00.000Z'],
    ];
    for (const [text, utc] of cases) {
      expect(parseTimestamp(text).toISOString(), `"${text}" has more digits than a Date holds: cut them (the instant is still within ${utc.slice(0, 19)}); rounding moves it into the next millisecond, second or even year`).toBe(utc);
    }
  });

  it('refuses a timestamp without an offset, which each machine would read in its own time zone', () => {
    for (const text of ['2024-05-01T12:00:00', '2024-05-01 12:00:00', '2024-05-01', 'May 1, 2024 12:00 UTC', '1714564800']) {
      expect(thrown(() => parseTimestamp(text)), `"${text}" is not an RFC 3339 date-time with an offset (RFC 3339, section 5.6): new Date() would guess (local time, or UTC for a date alone) and two services would disagree by hours — RangeError`).toBeInstanceOf(RangeError);
    }
  });

  it('refuses dates and times that do not exist', () => {
    for (const text of ['2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T12:60:00Z', '2024-05-01T12:00:00+24:00']) {
      expect(thrown(() => parseTimestamp(text)), `"${text}" does not exist (RFC 3339, section 5.7): new Date() rolls it over to another day without a word — RangeError`).toBeInstanceOf(RangeError);
    }
  });

  it('refuses February 29 in a year that is not a leap year, and accepts it in one that is', () => {
    for (const text of ['1900-02-29T00:00:00Z', '2100-02-29T12:00:00Z', '2023-02-29T00:00:00Z']) {
      expect(thrown(() => parseTimestamp(text)), `"${text}" does not exist: a year divisible by 100 is a leap year only when it is divisible by 400 (RFC 3339, section 5.7 and appendix C) — RangeError`).toBeInstanceOf(RangeError);
    }
    for (const text of ['2000-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '1600-02-29T00:00:00Z']) {
      expect(thrown(() => parseTimestamp(text)), `"${text}" exists: its year is a leap year (RFC 3339, appendix C)`).toBeUndefined();
    }
  });

  it('refuses a decimal point with no fraction digits after it', () => {
    for (const text of ['2024-05-01T12:00:00.Z', '2024-05-01T12:00:00.+02:00', '2024-05-01t12:00:00.z']) {
      expect(thrown(() => parseTimestamp(text)), `${JSON.stringify(text)} is not an RFC 3339 date-time: a fraction is "." followed by at least one digit (time-secfrac = "." 1*DIGIT, RFC 3339 section 5.6) — RangeError`).toBeInstanceOf(RangeError);
    }
  });

  it('refuses a timestamp with anything after its offset', () => {
    for (const text of ['2024-05-01T12:00:00Z ', '2024-05-01T12:00:00Zjunk', '2024-05-01T12:00:00+05:30:00', '2024-05-01T12:00:00+05:300', '2024-05-01T12:00:00ZZ']) {
      expect(thrown(() => parseTimestamp(text)), `${JSON.stringify(text)} is not an RFC 3339 date-time: the offset is the last thing in it (RFC 3339, section 5.6) — match the whole text, RangeError`).toBeInstanceOf(RangeError);
    }
  });

  it('encodes and decodes the test vectors of RFC 4648', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(encodeBase64(bytes), `BASE64("${plain}") = "${encoded}" (RFC 4648, section 10)`).toBe(encoded);
      expect(new TextDecoder().decode(decodeBase64(encoded)), `"${encoded}" decodes to "${plain}" (RFC 4648, section 10)`).toBe(plain);
    }
  });

  it('encodes random bytes with the standard alphabet and padding, and decodes them back', () => {
    const rng = seededRandom();
    for (let i = 0; i < 100; i++) {
      const bytes = randomBytes(rng, rng.int(0, 40));
      const text = encodeBase64(bytes);
      const expected = Buffer.from(bytes).toString('base64');
      expect(text, rng.tag(`bytes [${bytes.join(',')}] in standard base64 — "+" and "/" and "=" padding (RFC 4648, section 4), not the URL alphabet "-" and "_" (section 5): Python's b64decode and Java's Base64.getDecoder() expect section 4`)).toBe(expected);
      expect([...decodeBase64(text)], rng.tag(`"${text}" must decode to the bytes it came from`)).toEqual([...bytes]);
    }
  });

  it('encodes only the bytes of a view into a larger buffer (a subarray)', () => {
    const rng = seededRandom();
    for (let i = 0; i < 20; i++) {
      const whole = randomBytes(rng, rng.int(8, 60));
      const start = rng.int(1, 4);
      const view = whole.subarray(start, rng.int(start + 1, whole.length - 1));
      const expected = Buffer.from(view).toString('base64');
      expect(encodeBase64(view), rng.tag(`a Uint8Array can be a window on a larger ArrayBuffer (offset ${view.byteOffset}, ${view.byteLength} of ${whole.length} bytes): encode the bytes [${view.join(',')}] it shows, not the whole buffer behind it (RFC 4648, section 4)`)).toBe(expected);
    }
  });

  it('refuses base64 with characters outside the alphabet or with broken padding', () => {
    for (const text of ['Zm9v!', 'Zm9v YmFy', 'Zm9vYg', 'Zm9vYg=', 'Zm9vYg===', '-_8=', 'Zm9v\nYmFy', 'Z', '====']) {
      expect(thrown(() => decodeBase64(text)), `${JSON.stringify(text)} is not standard base64: RFC 4648 section 3.3 says reject it (RangeError). Buffer.from(text, 'base64') skips what it does not understand and returns other bytes`).toBeInstanceOf(RangeError);
    }
  });

  it('counts UTF-8 bytes, not UTF-16 code units', () => {
    const cases: Array<[string, number]> = [['', 0], ['a', 1], ['é', 2], ['€', 3], ['中', 3], ['😀', 4], ['e\u0301', 3], ['naïve café', 12], ['👍🏽', 8]];
    for (const [text, bytes] of cases) {
      expect(utf8ByteLength(text), `"${text}" is ${bytes} bytes in UTF-8 (RFC 3629, section 3) but its .length is ${text.length} (UTF-16 code units): a byte limit in PostgreSQL, Go or a C buffer counts bytes`).toBe(bytes);
    }
  });

  it('counts the UTF-8 bytes of random text of every character width', () => {
    const rng = seededRandom();
    const encoder = new TextEncoder();
    for (let i = 0; i < 200; i++) {
      const text = randomText(rng, rng.int(1, 30));
      expect(utf8ByteLength(text), rng.tag(`"${text}" has .length ${text.length} but is ${encoder.encode(text).length} bytes in UTF-8 (RFC 3629, section 3)`)).toBe(encoder.encode(text).length);
    }
  });
});
