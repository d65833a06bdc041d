// The methods the stdio server offers: those of the JSON-RPC 2.0 specification's
// examples, one slow one, and the data methods that other languages call.
import type { Methods } from './dispatcher.js';

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
    run: (a: unknown, b: unknown) => {
      throw new Error('TODO: task 4 — a + b for two 64-bit integers sent as decimal strings, answered as a decimal string');
    },
  },
  utf8_length: {
    params: ['text'],
    run: (text: unknown) => {
      throw new Error('TODO: task 4 — the UTF-8 byte length of text');
    },
  },
  reverse_bytes: {
    params: ['data'],
    run: (data: unknown) => {
      throw new Error('TODO: task 4 — the bytes of base64 data in reverse order, as base64');
    },
  },
  add_seconds: {
    params: ['at', 'seconds'],
    run: (at: unknown, seconds: unknown) => {
      throw new Error('TODO: task 4 — the RFC 3339 timestamp `at` plus `seconds`, as RFC 3339 in UTC');
    },
  },
};
