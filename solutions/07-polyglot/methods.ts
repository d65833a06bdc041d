// The methods the stdio server offers: those of the JSON-RPC 2.0 specification's
// examples, one slow one, and the data methods that other languages call.
import { INVALID_PARAMS, RpcError, type Methods } from './dispatcher.js';
import { decodeBase64, decodeInt64, encodeBase64, encodeInt64, formatTimestamp, parseTimestamp, utf8ByteLength } from './wire-data.js';

/** The methods of the specification's examples (JSON-RPC 2.0, section 7). Given. */
export const specMethods: Methods = {
  subtract: { params: ['minuend', 'subtrahend'], run: (minuend: number, subtrahend: number) => minuend - subtrahend },
  sum: { params: [], rest: true, run: (...numbers: number[]) => numbers.reduce((total, n) => total + n, 0) },
  update: { params: [], rest: true, run: () => undefined },
  notify_hello: { params: [], rest: true, run: () => undefined },
  get_data: { params: [], run: () => ['hello', 5] },
};

/** A stand-in for slow work (a database call): answers "done" after `ms` milliseconds. Given. */
export const slowMethods: Methods = {
  wait: {
    params: ['ms'],
    run: (ms: unknown) => {
      const delay = typeof ms === 'number' ? Math.min(Math.max(ms, 0), 5_000) : 0;
      return new Promise((resolve) => setTimeout(() => resolve('done'), delay));
    },
  },
};

/** Methods whose params and results use the wire forms of wire-data.ts. */
export const dataMethods: Methods = {
  int64_add: {
    params: ['a', 'b'],
    run: (a: unknown, b: unknown) => fromParams(() => encodeInt64(decodeInt64(a) + decodeInt64(b))),
  },
  utf8_length: {
    params: ['text'],
    run: (text: unknown) =>
      fromParams(() => {
        if (typeof text !== 'string') throw new TypeError('text must be a string');
        return utf8ByteLength(text);
      }),
  },
  reverse_bytes: {
    params: ['data'],
    run: (data: unknown) =>
      fromParams(() => {
        if (typeof data !== 'string') throw new TypeError('data must be a base64 string');
        return encodeBase64(decodeBase64(data).reverse());
      }),
  },
  add_seconds: {
    params: ['at', 'seconds'],
    run: (at: unknown, seconds: unknown) =>
      fromParams(() => {
        if (typeof at !== 'string') throw new TypeError('at must be an RFC 3339 string');
        if (!Number.isSafeInteger(seconds)) throw new TypeError('seconds must be an integer');
        return formatTimestamp(new Date(parseTimestamp(at).getTime() + (seconds as number) * 1000));
      }),
  },
};

/** Runs a conversion of the caller's params: a value it refuses is the caller's mistake (-32602). */
function fromParams<T>(convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw new RpcError(INVALID_PARAMS, 'Invalid params', error.message);
    throw error;
  }
}
